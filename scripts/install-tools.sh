#!/usr/bin/env bash
# Installs what building and testing Steward needs, skipping whatever is already there at
# the right version: the wasm32 target, trunk and wasm-bindgen-cli (pinned), and from
# Debian: binaryen (wasm-opt), brotli, and for tests Chromium, chromedriver, a CJK font and
# Python's venv (for the schema check); with the browser, axe-core from npm (tests/a11y).
# Usage: scripts/install-tools.sh [--no-browser] [--bench]   (--bench: also wrk, for load)
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen` pin in Cargo.toml and Trunk.toml
want_browser=1
want_bench=0
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    --bench) want_bench=1 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  say "adding clippy (the test command lints with it)"
  rustup component add clippy
fi
if ! cargo fmt --version >/dev/null 2>&1; then
  say "adding rustfmt (the test command checks the code's format)"
  rustup component add rustfmt
fi

# Both tools only drive the build (trunk runs cargo, copies and hashes files; wasm-bindgen
# writes the JS glue), so they are built for a quick install rather than their own speed:
# trunk's own release profile (fat LTO, one codegen unit) took 7 m 26 s on two cores, this
# about 4 to 5 minutes. Without default features: no TLS stack, as nothing is downloaded
# (trunk runs --offline with the tools installed here).
quick_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install --no-default-features "$@"
}

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes ~5 minutes on two cores)"
  quick_install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~2 minutes)"
  # Not --locked: one of its locked dependencies is no longer on the registry.
  quick_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

apt_packages=()
command -v wasm-opt >/dev/null || apt_packages+=(binaryen)
command -v brotli >/dev/null || apt_packages+=(brotli)
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || apt_packages+=(chromium)
  command -v chromedriver >/dev/null || apt_packages+=(chromium-driver)
  fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk' || apt_packages+=(fonts-wqy-zenhei)
  # The schema check (scripts/schema-check.sh) installs schemathesis into a venv.
  command -v python3 >/dev/null || apt_packages+=(python3)
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_packages+=(python3-venv)
  command -v curl >/dev/null || apt_packages+=(curl)
fi
[ "$want_bench" = 1 ] && ! command -v wrk >/dev/null && apt_packages+=(wrk)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  say "installing from Debian: ${apt_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}"
fi

# axe-core for the accessibility check of the end-to-end tests (node comes with the machine).
a11y_dir="$(cd "$(dirname "$0")/../tests/a11y" && pwd)"
if [ "$want_browser" = 1 ] && [ ! -f "$a11y_dir/node_modules/axe-core/axe.min.js" ]; then
  say "installing axe-core (tests/a11y)"
  (cd "$a11y_dir" && npm ci --no-audit --no-fund --silent)
fi

wasm_opt_version=$(wasm-opt --version | grep -oE '[0-9]+' | head -1)
if [ "$wasm_opt_version" != 108 ]; then
  say "note: wasm-opt is version $wasm_opt_version; Trunk.toml pins version_108 (Debian 12's). Edit [tools] wasm_opt to match."
fi
say "tools ready"
