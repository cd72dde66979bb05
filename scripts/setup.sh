#!/usr/bin/env bash
# Installs everything Stelsel needs to run from this checkout; safe to run again (idempotent).
#
#   bash scripts/setup.sh          uv + Python deps (.venv) and the npm front-end assets (node_modules/)
#   bash scripts/setup.sh --test   also the Debian packages the test suite needs: chromium and postgresql
#
# Only PyPI, the npm registry and Debian apt are used; browsers are never downloaded.
set -euo pipefail

cd "$(dirname "$0")/.."

WITH_TEST=0
for arg in "$@"; do
    case "$arg" in
        --test) WITH_TEST=1 ;;
        -h | --help)
            sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup: onbekende optie: $arg" >&2
            exit 2
            ;;
    esac
done

say() { printf '[setup] %s\n' "$*"; }

# --- apt: one `apt-get update`, and only when something must be installed -------------------------------------------

APT_UPDATED=0
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "setup: root (of sudo) nodig voor: $*" >&2
        return 1
    fi
}
apt_install() {
    [ "$#" -gt 0 ] || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: apt-get ontbreekt; installeer zelf: $*" >&2
        return 1
    fi
    # apt's own output goes to a log that is shown only when apt fails.
    local log
    log="$(mktemp)"
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            return 1
        fi
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

pg_server_present() {
    local bin
    if [ -n "${STELSEL_PG_BIN:-}" ] && [ -x "${STELSEL_PG_BIN}/postgres" ]; then
        return 0
    fi
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
    done
    command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

# Collect every missing Debian package first, so apt runs (at most) once.
APT_PACKAGES=()
if ! command -v npm >/dev/null 2>&1; then
    APT_PACKAGES+=(nodejs npm)
fi
if [ "$WITH_TEST" -eq 1 ]; then
    if [ ! -x "${STELSEL_CHROMIUM:-/usr/bin/chromium}" ]; then
        APT_PACKAGES+=(chromium)
    fi
    if ! pg_server_present; then
        APT_PACKAGES+=(postgresql)
    fi
fi
# Debian's system Python may lack pip; only needed when uv itself is missing.
find_uv() {
    if command -v uv >/dev/null 2>&1; then
        command -v uv
    elif [ -x "$HOME/.local/bin/uv" ]; then
        echo "$HOME/.local/bin/uv"
    else
        return 1
    fi
}
if ! find_uv >/dev/null && ! python3 -m pip --version >/dev/null 2>&1; then
    APT_PACKAGES+=(python3-pip)
fi
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
    apt_install "${APT_PACKAGES[@]}"
else
    say "Debian-pakketten: niets te installeren"
fi

# --- uv and the Python environment ---------------------------------------------------------------------------------

if ! UV="$(find_uv)"; then
    say "uv installeren met pip"
    # Debian's own Python refuses plain pip installs (PEP 668); a --user install of one tool is harmless there.
    pip_log="$(mktemp)"
    if ! python3 -m pip install --user --quiet uv 2>"$pip_log" \
        && ! python3 -m pip install --quiet uv 2>"$pip_log" \
        && ! python3 -m pip install --user --quiet --break-system-packages uv 2>"$pip_log"; then
        cat "$pip_log" >&2
        rm -f "$pip_log"
        exit 1
    fi
    rm -f "$pip_log"
    # The uv wheel knows where it put its binary (user scheme, venv or system prefix).
    UV="$(python3 -c 'import uv; print(uv.find_uv_bin())' 2>/dev/null || true)"
    if [ -z "$UV" ] || [ ! -x "$UV" ]; then
        hash -r
        UV="$(find_uv)" || {
            echo "setup: uv is geïnstalleerd maar niet gevonden" >&2
            exit 1
        }
    fi
fi
say "uv: $UV ($("$UV" --version))"
say "uv sync --frozen (.venv met dev-afhankelijkheden)"
"$UV" sync --frozen --quiet
[ -x .venv/bin/stelsel ] || {
    echo "setup: .venv/bin/stelsel ontbreekt na uv sync" >&2
    exit 1
}

# --- npm front-end assets (node_modules/, served by Django under static/vendor/) -----------------------------------

ASSETS=(
    node_modules/htmx.org/dist/htmx.min.js
    node_modules/@rijkshuisstijl-community/components-css/dist/index.css
    node_modules/@rijkshuisstijl-community/design-tokens/dist/index.css
)
assets_present() {
    local f
    for f in "${ASSETS[@]}"; do
        [ -f "$f" ] || return 1
    done
}
# `npm ci` wipes and refetches node_modules; skip it when the tree was installed from this exact lockfile.
LOCK_SUM="$(sha256sum package-lock.json | cut -d' ' -f1)"
STAMP=node_modules/.stelsel-lock.sha256
if assets_present && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$LOCK_SUM" ]; then
    say "npm: node_modules is bij met package-lock.json"
else
    say "npm ci (node $(node --version), npm $(npm --version))"
    npm ci --no-audit --no-fund --no-update-notifier --loglevel=error
    assets_present || {
        echo "setup: front-end-bestanden ontbreken na npm ci: ${ASSETS[*]}" >&2
        exit 1
    }
    echo "$LOCK_SUM" >"$STAMP"
fi

if [ "$WITH_TEST" -eq 1 ]; then
    [ -x "${STELSEL_CHROMIUM:-/usr/bin/chromium}" ] || {
        echo "setup: chromium ontbreekt op ${STELSEL_CHROMIUM:-/usr/bin/chromium}" >&2
        exit 1
    }
    pg_server_present || {
        echo "setup: PostgreSQL-server ontbreekt" >&2
        exit 1
    }
    say "chromium en PostgreSQL-server aanwezig"
fi
say "klaar"
