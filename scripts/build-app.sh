#!/usr/bin/env bash
# Builds the SPA into dist/ with trunk, offline (tools come from install-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked >/dev/null
trunk build --release --offline
