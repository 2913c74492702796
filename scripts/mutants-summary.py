#!/usr/bin/env python3
"""One figure from the slices of one cargo-mutants run.

    python3 scripts/mutants-summary.py SLICE [SLICE ...]
    python3 scripts/mutants-summary.py --keep DIR FILE COMMIT k/N

A SLICE is a directory holding the mutants.out/ that `cargo mutants --shard
k/N -o DIR` wrote; or the directory `scripts/mutants.sh DIR` wrote, whose
stage1/ holds every mutant under nextest and stage2/ the ones stage 1
missed under `cargo test` with the doctests (a mutant stage 2 catches counts
as caught, "by a doctest"); or a record of either kept in the repository
(docs/mutants/*.json, written by --keep): slices of the same commit are
together one whole run, split so that it can be spread across machines or
days, and the records outlive the machine that ran them. Prints each slice's
counts, the total
and the score (timeouts count as caught: the mutant never finished), then
every missed mutant, so that each one gets a test or a reason.
"""

import json
import sys
from pathlib import Path

KINDS = ("caught", "missed", "timeout", "unviable")


def outcomes_of(path: Path) -> dict:
    """cargo-mutants' own file in `path`/mutants.out, each mutant by name."""
    run = json.loads((path / "mutants.out" / "outcomes.json").read_text())
    run["outcomes"] = [
        {"name": outcome["scenario"]["Mutant"]["name"], "summary": outcome["summary"]}
        for outcome in run["outcomes"]
        if outcome["scenario"] != "Baseline"
    ]
    return run


def load(name: str) -> dict:
    """A slice's outcomes: cargo-mutants' own file, the two stages of
    scripts/mutants.sh, or a kept record."""
    path = Path(name)
    if (path / "stage1").is_dir():
        run = outcomes_of(path / "stage1")
        if (path / "stage2").is_dir():
            second = {o["name"]: o["summary"] for o in outcomes_of(path / "stage2")["outcomes"]}
            for outcome in run["outcomes"]:
                again = second.get(outcome["name"])
                if outcome["summary"] == "MissedMutant" and again in ("CaughtMutant", "Timeout"):
                    outcome["summary"] = "CaughtMutant"
                    outcome["by"] = "doctest"
            run["caught"] = sum(o["summary"] == "CaughtMutant" for o in run["outcomes"])
            run["missed"] = sum(o["summary"] == "MissedMutant" for o in run["outcomes"])
        return run
    if path.is_dir():
        return outcomes_of(path)
    return json.loads(path.read_text())


def keep(directory: str, file: str, commit: str, shard: str) -> int:
    """Writes the record of one slice: its counts and each mutant's outcome."""
    run = load(directory)
    keys = ("total_mutants", "caught", "missed", "timeout", "unviable", "start_time",
            "end_time", "cargo_mutants_version", "outcomes")
    record = {key: run[key] for key in keys}
    record["commit"], record["shard"] = commit, shard
    Path(file).write_text(json.dumps(record, indent=1))
    return 0


def main(dirs: list[str]) -> int:
    if dirs[:1] == ["--keep"] and len(dirs) == 5:
        return keep(*dirs[1:])
    if not dirs:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    total = dict.fromkeys(KINDS, 0)
    missed: list[str] = []
    print("| Slice | Mutants | Caught | Missed | Timed out | Unviable | Took |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in dirs:
        run = load(name)
        for kind in KINDS:
            total[kind] += run[kind]
        missed += [
            outcome["name"] for outcome in run["outcomes"] if outcome["summary"] == "MissedMutant"
        ]
        by_doctest = sum(outcome.get("by") == "doctest" for outcome in run["outcomes"])
        if by_doctest:
            print(f"<!-- {Path(name).stem}: {by_doctest} of the caught were caught by a doctest only -->")
        took = f"{run['start_time'][11:16]}–{run['end_time'][11:16]} UTC"
        print(
            f"| {Path(name).stem} | {run['total_mutants']} | {run['caught']} | "
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
