#!/usr/bin/env bash
# Runs schemathesis, with its default checks, against a real sandbox on a
# free loopback port, reading the OpenAPI document the sandbox serves (the
# crate's own, generated from its wire types), with the settings in
# sandbox/schemathesis.toml. Exits with schemathesis's verdict: any failure
# fails.
#
#   scripts/schemathesis.sh            # EXAMPLES=30 per operation
#   EXAMPLES=200 scripts/schemathesis.sh
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
# One token for the whole run: long-lived and reusable (the sandbox's
# defaults follow the authorize page: 299 s, one session per token).
./target/debug/eft-sandbox --port 0 --token-lifetime 3600 --single-use-tokens false \
  --client sandbox:sandbox > "$out" 2> "$out.log" &
sandbox=$!
trap 'kill $sandbox 2> /dev/null || true; rm -f "$out" "$out.log"' EXIT
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

EFT_SANDBOX_TOKEN="$token" "$venv/bin/st" --config-file sandbox/schemathesis.toml run "$base/openapi.json" \
  --max-examples "${EXAMPLES:-30}" \
  --seed "${SEED:-20261126}" \
  --no-color
