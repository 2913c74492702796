#!/usr/bin/env bash
# Runs schemathesis, with its default checks, against a real sandbox on a
# free loopback port, reading the OpenAPI document the sandbox serves (the
# crate's own, generated from its wire types), with the settings in
# sandbox/schemathesis.toml. Exits with schemathesis's verdict: any failure
# fails.
#
#   scripts/schemathesis.sh            # EXAMPLES=30 per operation
#   EXAMPLES=200 scripts/schemathesis.sh
#   KEEP_LOG=/tmp/sandbox.log scripts/schemathesis.sh   # keeps the sandbox's log
#
# Beside the sandbox it runs a guarantee webhook receiver (python3's
# http.server, answering 200) and drives one GEFT session to its guarantee
# offer, which the confirm operation is tested on.
#
# schemathesis is installed with pip into target/schemathesis-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==4.32.5"
fi

cargo build --quiet -p eft-sandbox
out=$(mktemp)
# A guarantee webhook receiver that takes every offer (200), so that the GEFT
# session driven below waits at its offer for schemathesis's confirms.
python3 - "$out.hook" <<'PY' &
import http.server, os, sys

class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
with open(sys.argv[1] + ".tmp", "w") as port:
    port.write(str(server.server_port))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
PY
receiver=$!
trap 'kill $receiver 2> /dev/null || true; rm -f "$out.hook"' EXIT
for _ in $(seq 100); do
  [ -s "$out.hook" ] && break
  sleep 0.1
done
if [ ! -s "$out.hook" ]; then
  echo "the guarantee webhook receiver did not start" >&2
  exit 1
fi
hook="http://127.0.0.1:$(cat "$out.hook")/guarantee"
# One token for the whole run: long-lived and reusable (the sandbox's
# defaults follow the authorize page: 299 s, one session per token).
./target/debug/eft-sandbox --port 0 --token-lifetime 3600 --single-use-tokens false \
  --client sandbox:sandbox --guarantee-webhook-url "$hook" > "$out" 2> "$out.log" &
sandbox=$!
stop() {
  kill "$sandbox" "$receiver" 2> /dev/null || true
  if [ -n "${KEEP_LOG:-}" ]; then cp "$out.log" "$KEEP_LOG"; fi
  rm -f "$out" "$out.log" "$out.hook"
}
trap stop EXIT
port=""
for _ in $(seq 100); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$out" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "the sandbox did not start:" >&2
  cat "$out.log" >&2
  exit 1
fi
base="http://127.0.0.1:$port"
token=$(curl -s -u sandbox:sandbox -d grant_type=client_credentials "$base/api/v1/authorize" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
# A GEFT session waiting at its guarantee offer: the confirm operation is
# tested on it (its first well-formed confirm is a 200, the next ones the
# documented 409 or 400), not only on ids that do not exist.
guaranteed=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"type":"EFT","direction":"DEBIT","referenceId":"Happy1","amount":500,"options":{"guarantee":{"enable":true}},"payor":{"firstName":"Jane","lastName":"Doe"}}' \
  "$base/api/v2/sessions" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sessionId"])')
curl -s -o /dev/null -X POST "$base/sandbox/sessions/$guaranteed/start"
curl -s -o /dev/null -X POST "$base/sandbox/sessions/$guaranteed/offer"

EFT_SANDBOX_TOKEN="$token" EFT_SANDBOX_GUARANTEE_SESSION="$guaranteed" "$venv/bin/st" --config-file sandbox/schemathesis.toml run "$base/openapi.json" \
  --max-examples "${EXAMPLES:-30}" \
  --seed "${SEED:-20261126}" \
  --no-color
