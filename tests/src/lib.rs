//! Steward's end-to-end tests live in `tests/e2e/`: the real SPA (built by scripts/build-app.sh into
//! `dist/`) in Debian's headless Chromium, driven through chromedriver, against the real
//! server on a real SQLite file. `scripts/test.sh` builds the SPA first.
