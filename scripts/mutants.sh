#!/usr/bin/env bash
# Mutation testing of the core: how many deliberate bugs the tests catch,
# doctests counted.
#
#   scripts/mutants.sh OUT                 # every mutant of the core (hours on 2 cores)
#   scripts/mutants.sh OUT --shard 2/8     # one slice (every 8th mutant from the third; shards count from 0);
#                                          # the slices of one commit add up
#   scripts/mutants.sh OUT --file src/transition.rs
#
# Two stages, at the same commit:
#   1. every mutant, its package's tests run under nextest (.cargo/mutants.toml):
#      fast, but nextest cannot run doctests;
#   2. the mutants stage 1 missed, again, under `cargo test`
#      (.cargo/mutants-doctests.toml), which runs the doctests too: a mutant
#      only a doctest catches counts as caught.
# Then `python3 scripts/mutants-summary.py OUT` prints the figure with every
# mutant still missed. PROPTEST_CASES (default 256 here) bounds the
# property tests' cases in each mutant's run.
#
# Installs cargo-mutants and cargo-nextest if they are missing. Not run in
# CI: too long.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: scripts/mutants.sh OUT [cargo-mutants options]}
shift
export PROPTEST_CASES=${PROPTEST_CASES:-256}
# No debug info in the mutants' builds: a third off every rebuild and link,
# and the tests behave the same.
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}

if ! command -v cargo-mutants >/dev/null 2>&1; then
  cargo install cargo-mutants --locked
fi
if ! command -v cargo-nextest >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

mkdir -p "$out"
# Exits non-zero when a mutant is missed: that is what is being measured.
# Round-robin shards: each slice is an even sample of the whole run.
cargo mutants --no-shuffle --sharding round-robin -j 2 -o "$out/stage1" "$@" || true

missed="$out/stage1/mutants.out/missed.txt"
if [ -s "$missed" ]; then
  # Each missed mutant by its exact name, regex metacharacters escaped.
  mapfile -t filters < <(python3 - "$missed" <<'PY'
import sys
meta = set("\\.+*?()|[]{}^$#&-~")
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        print("-F")
        print("^" + "".join("\\" + c if c in meta else c for c in line) + "$")
PY
)
  cargo mutants --no-shuffle -j 2 --config .cargo/mutants-doctests.toml --baseline skip \
    -o "$out/stage2" "${filters[@]}" || true
fi

python3 scripts/mutants-summary.py "$out"
