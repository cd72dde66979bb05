#!/usr/bin/env bash
# Installs everything and starts the demo: migrates, loads demo data, prints the demo logins and serves on
# http://127.0.0.1:8000/. Arguments go to `stelsel demo` (e.g. --no-serve).
# The database is DATABASE_URL when set, otherwise the SQLite file stelsel.sqlite3 in the repository root.
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "[demo] stelsel demo $*"
export STELSEL_DEMO=1 STELSEL_DEBUG=1
exec .venv/bin/stelsel demo "$@"
