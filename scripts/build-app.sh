#!/usr/bin/env bash
# Builds the SPA into dist/: the wasm split into the shell and the screens' chunks (each
# route's screen is fetched the first time it opens; see app/src/screens.rs), wasm-bindgen's
# glue, the stylesheet and the static files. Tools come from install-tools.sh.
#
#   cargo build (wasm-release, --emit-relocs)  →  wasm-split-cli  →  wasm-bindgen (the shell)
#
# Everything built goes under dist/app-<hash>/, the hash taken over its contents, so the
# server may let browsers keep those files forever; index.html, sw.js and the manifest keep
# their names and are always revalidated.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked >/dev/null
cargo build --locked -p steward-app --bin steward-app --target wasm32-unknown-unknown --profile wasm-release

linked=target/wasm32-unknown-unknown/wasm-release/steward-app.wasm
split=target/app-split
stage=target/app-stage
rm -rf "$split" "$stage" && mkdir -p "$stage/app"
wasm-split-cli "$linked" "$split"
for wasm in "$split"/*.wasm; do
  node scripts/wasm-drop-sections.mjs "$wasm" name producers target_features linking 'reloc.*'
done
# The shell: wasm-bindgen writes main.js, which __wasm_split.js imports by that name. The
# lld exports are the functions the chunks call back into.
wasm-bindgen "$split/main.wasm" --out-dir "$stage/app" --out-name main --target web --no-typescript \
  --keep-lld-exports
find "$split" -maxdepth 1 -type f ! -name main.wasm -exec cp {} "$stage/app/" \;
cp style/app.css "$stage/app/app.css"
# Each role's home in one pack, and __wasm_split.js taught to use it (before the hash: the
# patched script is part of what it names).
node scripts/pack-first.mjs "$stage/app"

hash=$(cd "$stage/app" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
app="app-$hash"
# The live build's directory (the one dist/index.html names) stays beside the new one: a
# tablet that loaded that shell and has not yet installed the new service worker still finds
# the chunks it asks for. Every other directory goes.
mkdir -p dist
live=$(grep -o '/app-[0-9a-f]\{16\}/' dist/index.html 2>/dev/null | head -1 | tr -d /) || live=""
find dist -mindepth 1 -maxdepth 1 ! -name "${live:-app-none}" -exec rm -rf {} +
rm -rf "dist/$app" # the same build again: the same files
mv "$stage/app" "dist/$app"
cp public/manifest.webmanifest public/sw.js dist/
cp -r public/icons dist/icons
sed "s|__APP__|/$app|g" app/index.html >dist/index.html
node scripts/pack-chunks.mjs dist "$app"
scripts/sw-precache.sh dist "$app"
# Precompress once at maximum quality (this build's files; the live one's have theirs); the
# server sends these files as they are (brotli -q 11 is ~25% smaller than on the fly).
find dist -path "dist/app-*" ! -path "dist/$app" ! -path "dist/$app/*" -prune -o -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \
  -o -name '*.html' -o -name '*.webmanifest' -o -name '*.pack' -o -name '*.json' \) \
  -exec brotli -f -q 11 -k {} \; -exec gzip -f -9 -k {} \;
echo "built dist/ ($app, $(find "dist/$app" -name '*.wasm' | wc -l) wasm files)"
