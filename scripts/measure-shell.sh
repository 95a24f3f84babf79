#!/usr/bin/env bash
# Prints what each role downloads before its first screen, from the last build in dist/
# (scripts/measure-shell.mjs), with the FIGURE lines scripts/bench.sh checks.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "no dist/: run scripts/build-app.sh first" >&2; exit 1; }
node scripts/measure-shell.mjs dist
