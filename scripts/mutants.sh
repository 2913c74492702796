#!/usr/bin/env bash
# Mutation testing: how many deliberate bugs the tests catch.
#
#   scripts/mutants.sh                 # every mutant (hours on 2 cores)
#   scripts/mutants.sh --file src/transition.rs --file src/state.rs
#
# Installs cargo-mutants if it is missing, runs it with .cargo/mutants.toml,
# and prints the caught and missed counts. Not run in CI: too long.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
  cargo install cargo-mutants --locked
fi
if ! command -v cargo-nextest >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

cargo mutants --no-shuffle "$@" || true   # exits non-zero when any mutant is missed

outcomes=mutants.out/outcomes.json
python3 - "$outcomes" <<'PY'
import json, sys
outcomes = json.load(open(sys.argv[1]))
counts = {}
for outcome in outcomes["outcomes"]:
    if outcome["scenario"] == "Baseline":
        continue
    summary = outcome["summary"]
    counts[summary] = counts.get(summary, 0) + 1
caught = counts.get("CaughtMutant", 0)
missed = counts.get("MissedMutant", 0)
timeout = counts.get("Timeout", 0)
unviable = counts.get("Unviable", 0)
viable = caught + missed + timeout
print(f"caught {caught}, missed {missed}, timed out {timeout}, unviable {unviable}")
if viable:
    print(f"score: {100 * (caught + timeout) / viable:.1f}% of {viable} viable mutants caught (timeouts count as caught)")
PY
echo "missed mutants: mutants.out/missed.txt"
