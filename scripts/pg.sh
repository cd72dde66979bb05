#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, on 127.0.0.1 with trust auth, in a fresh temporary directory.
#
# Sourced (as scripts/test.sh does):
#     source scripts/pg.sh
#     stelsel_pg_start            # exports DATABASE_URL and STELSEL_PG_DIR
#     trap stelsel_pg_stop EXIT   # stops the server and removes its directory
# Executed:
#     eval "$(bash scripts/pg.sh start)"    # prints export lines for DATABASE_URL and STELSEL_PG_DIR
#     bash scripts/pg.sh stop [DIR]         # DIR defaults to $STELSEL_PG_DIR
#     bash scripts/pg.sh run CMD [ARGS...]  # start, run CMD with DATABASE_URL set, stop
#
# Settings: STELSEL_PG_PORT (default 54329; without it a busy port moves on to the next free one),
# STELSEL_PG_BIN (directory with initdb/pg_ctl; default the newest /usr/lib/postgresql/*/bin).
# When STELSEL_TEST_PG_URL is set, that server is used and nothing is started or stopped.
# As root the server runs as the `postgres` system user (PostgreSQL refuses to run as root).

_stelsel_pg_log() { printf '[pg] %s\n' "$*" >&2; }

_stelsel_pg_bindir() {
    local dir
    if [ -n "${STELSEL_PG_BIN:-}" ]; then
        echo "$STELSEL_PG_BIN"
        return 0
    fi
    dir="$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"; done \
        | sort -V | tail -n 1)"
    if [ -n "$dir" ]; then
        echo "$dir"
    elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
    else
        _stelsel_pg_log "geen PostgreSQL-server gevonden (installeer Debian's pakket postgresql: scripts/setup.sh --test)"
        return 1
    fi
}

# Runs a server-side command as the owner of the data directory, from inside that directory.
_stelsel_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$STELSEL_PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$STELSEL_PG_DIR" && "$@")
    fi
}

_stelsel_pg_port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stelsel_pg_start() {
    if [ -n "${STELSEL_TEST_PG_URL:-}" ]; then
        export DATABASE_URL="$STELSEL_TEST_PG_URL"
        export STELSEL_PG_DIR=""
        _stelsel_pg_log "gebruik bestaande server uit STELSEL_TEST_PG_URL"
        return 0
    fi
    local bin port base sock
    bin="$(_stelsel_pg_bindir)" || return 1

    port="${STELSEL_PG_PORT:-54329}"
    if _stelsel_pg_port_busy "$port"; then
        if [ -n "${STELSEL_PG_PORT:-}" ]; then
            _stelsel_pg_log "poort $port is al in gebruik (STELSEL_PG_PORT)"
            return 1
        fi
        local tries=0
        while _stelsel_pg_port_busy "$port"; do
            port=$((port + 1))
            tries=$((tries + 1))
            if [ "$tries" -gt 50 ]; then
                _stelsel_pg_log "geen vrije poort gevonden vanaf 54329"
                return 1
            fi
        done
        _stelsel_pg_log "poort 54329 bezet, gebruik $port"
    fi

    # Under /tmp when root, so the postgres user can reach it whatever TMPDIR says.
    if [ "$(id -u)" -eq 0 ]; then
        base="$(mktemp -d /tmp/stelsel-pg.XXXXXX)" || return 1
        export STELSEL_PG_DIR="$base"
        chown postgres: "$base" || {
            stelsel_pg_stop
            return 1
        }
    else
        base="$(mktemp -d "${TMPDIR:-/tmp}/stelsel-pg.XXXXXX")" || return 1
        export STELSEL_PG_DIR="$base"
    fi
    sock="$base/sock"
    _stelsel_pg_as_owner mkdir -p "$sock" || {
        stelsel_pg_stop
        return 1
    }

    _stelsel_pg_log "initdb in $base ($("$bin/postgres" --version))"
    if ! _stelsel_pg_as_owner "$bin/initdb" -D "$base/data" --auth=trust -U stelsel \
        --encoding=UTF8 --no-locale --no-sync >"$base/initdb.log" 2>&1; then
        cat "$base/initdb.log" >&2
        stelsel_pg_stop
        return 1
    fi
    _stelsel_pg_log "start op 127.0.0.1:$port"
    if ! _stelsel_pg_as_owner "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null; then
        cat "$base/server.log" >&2 || true
        stelsel_pg_stop
        return 1
    fi
    export STELSEL_PG_PORT_IN_USE="$port"
    local createdb="$bin/createdb"
    [ -x "$createdb" ] || createdb="createdb"
    if ! "$createdb" -h 127.0.0.1 -p "$port" -U stelsel stelsel; then
        stelsel_pg_stop
        return 1
    fi
    export DATABASE_URL="postgres://stelsel@127.0.0.1:$port/stelsel"
    _stelsel_pg_log "DATABASE_URL=$DATABASE_URL"
}

stelsel_pg_stop() {
    local dir="${1:-${STELSEL_PG_DIR:-}}"
    [ -n "$dir" ] || return 0
    case "$dir" in
        */stelsel-pg.*) ;;
        *)
            _stelsel_pg_log "weiger $dir op te ruimen: geen stelsel-pg-map"
            return 1
            ;;
    esac
    [ -d "$dir" ] || return 0
    local bin
    if [ -f "$dir/data/postmaster.pid" ] && bin="$(_stelsel_pg_bindir)"; then
        _stelsel_pg_log "stop server in $dir"
        STELSEL_PG_DIR="$dir" _stelsel_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 \
            || _stelsel_pg_log "pg_ctl stop mislukt (zie $dir/server.log)"
    fi
    rm -rf "$dir"
    if [ "${STELSEL_PG_DIR:-}" = "$dir" ]; then
        STELSEL_PG_DIR=""
    fi
    return 0
}

# Executed rather than sourced: a small command-line interface.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cmd="${1:-start}"
    [ "$#" -eq 0 ] || shift
    case "$cmd" in
        start)
            stelsel_pg_start
            printf 'export DATABASE_URL=%q\nexport STELSEL_PG_DIR=%q\n' "$DATABASE_URL" "$STELSEL_PG_DIR"
            ;;
        stop)
            stelsel_pg_stop "${1:-${STELSEL_PG_DIR:-}}"
            ;;
        run)
            [ "$#" -gt 0 ] || {
                echo "gebruik: $0 run CMD [ARGS...]" >&2
                exit 2
            }
            trap 'stelsel_pg_stop' EXIT
            trap 'exit 130' INT
            trap 'exit 143' TERM
            stelsel_pg_start
            "$@"
            ;;
        *)
            echo "gebruik: $0 start | stop [DIR] | run CMD [ARGS...]" >&2
            exit 2
            ;;
    esac
fi
