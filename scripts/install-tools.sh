#!/usr/bin/env bash
# Installs what building and testing Steward needs, skipping whatever is already there at
# the right version: the wasm32 target, wasm-split-cli and wasm-bindgen-cli (pinned), and
# from Debian: brotli, and for tests Chromium, chromedriver, a CJK font and
# Python's venv (for the schema check); with the browser, axe-core from npm (tests/a11y).
# Usage: scripts/install-tools.sh [--no-browser] [--bench]   (--bench: also wrk, for load)
set -euo pipefail

WASM_SPLIT_VERSION=0.2.4      # wasm_split_cli_support: splits the SPA into its shell and chunks
WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen` pin in Cargo.toml
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

# Both tools only drive the build (the splitter cuts the linked module at the screens'
# `#[lazy]` points; wasm-bindgen writes the JS glue), so they are built for a quick install
# rather than their own speed. (Trunk, which built the SPA before, took 5 to 7 minutes to
# install on two cores; build-app.sh now does its few steps itself.)
quick_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install "$@"
}

if ! { command -v wasm-split-cli >/dev/null && cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; }; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (takes ~1 minute)"
  quick_install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~2 minutes)"
  # Not --locked: one of its locked dependencies is no longer on the registry.
  quick_install --no-default-features wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

apt_packages=()
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

say "tools ready"
