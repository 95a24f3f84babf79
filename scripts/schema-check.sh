#!/usr/bin/env bash
# A schema-driven check of the API: schemathesis (from PyPI, pinned, in its own venv under
# target/) generates requests from /api/openapi.json against the real server on a fresh
# demo database, signed in as the manager and then as the admin, for a bounded time each.
# Fails on any server error (5xx), undocumented status, wrong content type or response
# that does not match its schema. Usage: scripts/schema-check.sh [seconds per role, default 40]
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
SECONDS_PER_ROLE="${1:-40}"
VERSION=4.32.5
VENV=target/schemathesis-$VERSION
if [ ! -x "$VENV/bin/schemathesis" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
cargo build --locked -p steward-server --bin steward
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
target/debug/steward serve --listen "127.0.0.1:$port" --db "$work/steward.sqlite3" --static dist \
    >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
status=0
for user in manager admin; do
    curl -fs -c "$work/jar" -H 'content-type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"steward-demo\"}" "$base/api/auth/login" >/dev/null
    token=$(awk '$6 == "steward_session" {print $7}' "$work/jar")
    echo "== schemathesis as $user, ${SECONDS_PER_ROLE}s"
    # Signing out would end the run's own session: those endpoints have their own tests.
    "$VENV/bin/schemathesis" run "$base/api/openapi.json" --url "$base" \
        -H "Cookie: steward_session=$token" --workers 2 --max-time "$SECONDS_PER_ROLE" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --exclude-path-regex '/logout' >"$work/$user.txt" 2>&1 || status=1
    grep -E "generated|failures|passed|Server error|ST[0-9]{3}" "$work/$user.txt" | tail -8
    [ $status -eq 0 ] || { cat "$work/$user.txt"; break; }
done
# The server's own count of what it answered (its /metrics, read as the admin).
answered=$(curl -fs -b "$work/jar" "$base/metrics" | grep '^steward_http_requests_total')
total=$(echo "$answered" | awk '{s += $2} END {print s + 0}')
errors=$(echo "$answered" | { grep -E 'status="5[0-9][0-9]"' || true; } | awk '{s += $2} END {print s + 0}')
echo "schema check: $total requests answered, $errors server errors (5xx)"
[ "$errors" -eq 0 ] || { echo "$answered" | grep -E 'status="5'; status=1; }
exit $status
