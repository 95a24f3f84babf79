#!/bin/sh
# Trunk post_build hook: writes the list of this build's shell files, and a build id
# derived from their contents, into the service worker. A new build changes sw.js, so
# browsers install the new worker, which replaces the old cache.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
files=$(find . -type f ! -name sw.js ! -name '*.map' | sed 's|^\./|/|' | LC_ALL=C sort)
build=$(for f in $files; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's|.*|"&"|' | paste -sd, -)
sed -i "s|__STEWARD_BUILD__|$build|; s|__STEWARD_PRECACHE__|[$list]|" sw.js
echo "sw-precache: build $build, $(printf '%s\n' $files | wc -l) files"
