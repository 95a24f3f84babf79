#!/usr/bin/env bash
# Prints the app shell's sizes (raw, gzip -9, brotli -q 11) from the last build in dist/,
# and the wasm before wasm-opt (wasm-bindgen's output, kept by trunk in target/).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "no dist/: run scripts/build-app.sh first" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli not found (apt-get install brotli)" >&2; exit 1; }

row() { # label file
  local raw gz br
  raw=$(stat -c %s "$2"); gz=$(gzip -9c "$2" | wc -c); br=$(brotli -q 11 -c "$2" | wc -c)
  printf '%-28s %10d %10d %10d\n' "$1" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
}
total_raw=0 total_gz=0 total_br=0
printf '%-28s %10s %10s %10s\n' "file" "raw" "gzip" "brotli"
row "wasm (wasm-opt -Oz)" dist/*_bg.wasm
for f in dist/steward-app-*.js; do row "js $(basename "$f" | cut -c1-20)" "$f"; done
for f in dist/*.css; do row "css" "$f"; done
row "index.html" dist/index.html
row "sw.js" dist/sw.js
row "manifest" dist/manifest.webmanifest
for f in dist/icons/*; do row "icon $(basename "$f")" "$f"; done
printf '%-28s %10d %10d %10d\n' "TOTAL shell" "$total_raw" "$total_gz" "$total_br"
# One bundle for every role today: what the desk and a phone download before the first screen.
echo "FIGURE shell_desk_brotli_kb $((total_br / 1000))"
echo "FIGURE shell_phone_brotli_kb $((total_br / 1000))"
if [ -f target/wasm-bindgen/release/steward-app_bg.wasm ]; then
  total_raw=0 total_gz=0 total_br=0
  echo
  row "wasm without wasm-opt" target/wasm-bindgen/release/steward-app_bg.wasm
fi
