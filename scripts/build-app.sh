#!/usr/bin/env bash
# Builds the SPA into dist/ with trunk, offline (tools come from install-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked >/dev/null
trunk build --release --offline
# Precompress once at maximum quality; the server sends these files as they are
# (brotli -q 11 is ~25% smaller than what on-the-fly compression affords).
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.webmanifest' \) \
  -exec brotli -f -q 11 -k {} \; -exec gzip -f -9 -k {} \;
