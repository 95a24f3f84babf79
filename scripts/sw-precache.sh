#!/bin/sh
# Writes the list of this build's shell files, and a build id derived from their contents,
# into the service worker (run by build-app.sh on dist/). A new build changes sw.js, so
# browsers install the new worker, which replaces the old cache. Every screen's chunk is kept:
# the app must open any screen with no network once installed. The chunks come in one pack
# (scripts/pack-chunks.mjs), so they are not listed one by one; nor are the first screens'
# packs, which serve a browser before this worker does.
set -eu
cd "${1:?usage: sw-precache.sh DIST APP-DIR}"
app="${2:?usage: sw-precache.sh DIST APP-DIR}"
# This build's directory and the top-level files, not the previous builds' directories.
all=$(find . -type f ! -name sw.js ! -name '*.map' ! -name '*.br' ! -name '*.gz' \( ! -path './app-*' -o -path "./$app/*" \) \
  | sed 's|^\./|/|' | LC_ALL=C sort)
build=$(for f in $all; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
# The shell's files one by one; the chunks (every wasm but the shell's) through the pack.
files=$(printf '%s\n' $all | grep -v -e '\.wasm$' -e '/first-[^/]*\.pack$' -e '/chunks\.pack$' -e '/chunks\.json$'; printf '%s\n' $all | grep '/main_bg\.wasm$')
list=$(printf '%s\n' $files | sed 's|.*|"&"|' | paste -sd, -)
sed -i "s|__STEWARD_BUILD__|$build|; s|__STEWARD_PRECACHE__|[$list]|; s|__STEWARD_PACK__|\"/$app/chunks\"|" sw.js
echo "sw-precache: build $build, $(printf '%s\n' $files | wc -l) files"
