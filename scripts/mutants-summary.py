#!/usr/bin/env python3
"""One figure from the slices of one cargo-mutants run.

    python3 scripts/mutants-summary.py DIR [DIR ...]

Each DIR holds a mutants.out/ written by `cargo mutants --shard k/N -o DIR`
on the same commit: together the slices are one whole run, split so that it
can be spread across machines or days. Prints each slice's counts, the total
and the score (timeouts count as caught: the mutant never finished), then
every missed mutant, so that each one gets a test or a reason.
"""

import json
import sys
from pathlib import Path

KINDS = ("caught", "missed", "timeout", "unviable")


def main(dirs: list[str]) -> int:
    if not dirs:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    total = dict.fromkeys(KINDS, 0)
    missed: list[str] = []
    print("| Slice | Mutants | Caught | Missed | Timed out | Unviable | Took |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in dirs:
        path = Path(name) / "mutants.out" / "outcomes.json"
        run = json.loads(path.read_text())
        for kind in KINDS:
            total[kind] += run[kind]
        missed += [
            outcome["scenario"]["Mutant"]["name"]
            for outcome in run["outcomes"]
            if outcome["summary"] == "MissedMutant"
        ]
        took = f"{run['start_time'][11:16]}–{run['end_time'][11:16]} UTC"
        print(
            f"| {Path(name).name} | {run['total_mutants']} | {run['caught']} | "
            f"{run['missed']} | {run['timeout']} | {run['unviable']} | {took} |"
        )
    viable = total["caught"] + total["missed"] + total["timeout"]
    mutants = viable + total["unviable"]
    print(
        f"| all | {mutants} | {total['caught']} | {total['missed']} | "
        f"{total['timeout']} | {total['unviable']} | |"
    )
    if viable:
        score = 100 * (total["caught"] + total["timeout"]) / viable
        print(f"\n{score:.1f} % of {viable} viable mutants caught (timeouts count as caught)")
    print(f"\nmissed ({len(missed)}):")
    for name in missed:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
