#!/usr/bin/env bash
# Installs everything, then runs all checks, failing fast: ruff, ruff format, mypy, and the whole pytest suite on
# SQLite and on a throwaway PostgreSQL server, with browser tests in Debian's headless Chromium.
# Extra arguments go to both pytest runs, e.g. `bash scripts/test.sh -k journal -x`.
# Nothing is skipped silently: a missing database or browser, or a run that collects no tests, is a failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"

SQLITE_DIR=""
cleanup() {
    local rc=$?
    stelsel_pg_stop || true
    if [ -n "$SQLITE_DIR" ]; then
        rm -rf "$SQLITE_DIR"
    fi
    return "$rc"
}
# shellcheck source=scripts/pg.sh
source "$ROOT/scripts/pg.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

header() { printf '\n== %s ==\n' "$*"; }

# Runs one phase; on failure names it and stops the whole script with its (non-zero) exit code.
phase() {
    local name="$1"
    shift
    header "$name"
    local rc=0
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        if [ "$rc" -eq 5 ] && [[ "$name" == pytest* ]]; then
            printf '\n== MISLUKT: %s: pytest verzamelde geen tests (exit 5) ==\n' "$name" >&2
        else
            printf '\n== MISLUKT: %s (exit %s) ==\n' "$name" "$rc" >&2
        fi
        exit "$rc"
    fi
}

phase "setup" bash scripts/setup.sh --test
phase "ruff check" .venv/bin/ruff check src
phase "ruff format --check" .venv/bin/ruff format --check src
phase "mypy" .venv/bin/mypy src

export STELSEL_EXPECT_BROWSER=1 STELSEL_FAST_HASHER=1 STELSEL_ALLOW_JOURNAL_PURGE=1

SQLITE_DIR="$(mktemp -d)"
phase "pytest op SQLite" env DATABASE_URL="sqlite:///$SQLITE_DIR/test.sqlite3" STELSEL_EXPECT_DB=sqlite \
    .venv/bin/pytest -q -p no:randomly "$@"

phase "PostgreSQL starten" stelsel_pg_start
PG_URL="$DATABASE_URL"
unset DATABASE_URL
phase "pytest op PostgreSQL" env DATABASE_URL="$PG_URL" STELSEL_EXPECT_DB=postgresql \
    .venv/bin/pytest -q -p no:randomly "$@"

printf '\n== alles geslaagd: ruff, mypy, pytest op SQLite en PostgreSQL ==\n'
