#!/usr/bin/env bash
# The README's second command: install what is missing, build the SPA, and run every test
# (domain unit tests, server HTTP tests, end-to-end tests in headless Chromium, and a
# schema-driven check of the API).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
# The repo's own format (rustfmt.toml) first: the quickest failure.
cargo fmt --all --check
scripts/build-app.sh
# Lints first: one warning fails the run (the app is linted for its own wasm target).
cargo clippy --locked --workspace --exclude steward-app --all-targets -- -D warnings
cargo clippy --locked -p steward-app --target wasm32-unknown-unknown -- -D warnings
cargo test --locked --workspace --exclude steward-app -- --test-threads=2
# The API against its own OpenAPI document (schemathesis, bounded in time): no 5xx.
scripts/schema-check.sh 40
echo "screenshots from the end-to-end tests: target/screenshots/"
