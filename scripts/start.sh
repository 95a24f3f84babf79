#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start Steward with a
# demo property at http://127.0.0.1:8080 (SQLite file steward.sqlite3 created on first run).
# Extra arguments go to `steward serve` (e.g. --listen 0.0.0.0:8080 --db /var/lib/steward.sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --no-browser
scripts/build-app.sh
cargo build --release --locked -p steward-server
exec target/release/steward serve --static dist "$@"
