#!/usr/bin/env bash
# Prints Steward's figures (sync beside PouchDB 9 → express-pouchdb on the same records, the
# app's size, the screens over large properties), then each beside its budget in
# scripts/budgets.tsv: the run fails when one is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --bench
(cd tests/bench/pouchdb && npm install --no-audit --no-fund --silent)
mkdir -p target
out=target/bench-output.txt
{
  cargo bench --locked -p steward-server --bench sync
  # Resident memory under 3 × 200 concurrent wrong logins; push waits during a large import.
  cargo bench --locked -p steward-server --bench login_memory
  cargo bench --locked -p steward-server --bench import_while_pushing
  # The month's report over a three-year property (150,000 tickets): computed, and its workbook.
  cargo bench --locked -p steward-server --bench report
  # A new desk tablet and patrol phone on the three-year property, holding 8 weeks.
  cargo bench --locked -p steward-server --bench working_set
  # The duty log's hash chain: `steward verify-log` over 1,000,000 entries.
  cargo bench --locked -p steward-server --bench verify_log
  # The browser side: a cold pull into Chromium's IndexedDB (needs the built SPA).
  [ -f dist/index.html ] || scripts/build-app.sh
  cargo bench --locked -p steward-tests --bench browser_pull
  # A new desk tablet on the three-year property (8 weeks held), in Chromium: ready in seconds.
  cargo bench --locked -p steward-tests --bench working_set_browser
  # Tickets at scale: the owner endpoint under wrk with 200,000 tickets, the desk's list
  # and search over 20,000 tickets in Chromium.
  cargo bench --locked -p steward-tests --bench tickets
  # The key register screen with 5,000 keys: opening it and searching by tag.
  cargo bench --locked -p steward-tests --bench keys
  # Arrears with 20,000 owing units: the import, the cold pull, the screen's collection rate
  # and lists, a search by unit.
  cargo bench --locked -p steward-tests --bench arrears
  # The manager's 月度报表 screen over the three-year property: opened, another month picked.
  cargo bench --locked -p steward-tests --bench report_screen
  # Login → home on a desk tablet with its CPU slowed 4×.
  cargo bench --locked -p steward-tests --bench login
  # The gate reading and checking a slip's QR code on a phone-sized Chromium, CPU slowed 4×.
  cargo bench --locked -p steward-tests --bench release
  # The owner's first visit on a slow phone link: status visible, bytes transferred.
  cargo bench --locked -p steward-tests --bench owner_page
  # A patrol with 20 camera photos: resizing on the phone, saving, upload on a weak link.
  cargo bench --locked -p steward-tests --bench photos
  # What the app weighs: the shell every role downloads today.
  scripts/measure-shell.sh
} 2>&1 | tee "$out"
scripts/check-budgets.sh "$out"
