#!/usr/bin/env python3
"""Prints the medians of the last `cargo bench --bench lifecycle` run as a
Markdown table, each row with its ratio to its group's `crate:` row (the
crate's own cost): above 1 is slower than the crate. Reads target/criterion;
stdlib only."""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
GROUPS = [
    "transition",
    "cancel",
    "observe",
    "parse a status",
    "parse a code",
    "decode and observe a status body",
    "decode and observe a webhook body",
    "verify and observe a webhook",
    "encode a cancel response",
    "encode a problem body",
]
ORDER = ("crate:", "crate variant:", "baseline:", "floor:")


def rows(group):
    found = []
    for bench in sorted((ROOT / group).glob("*/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        median = estimates["median"]["point_estimate"]
        elements = (meta.get("throughput") or {}).get("Elements")
        found.append((meta["function_id"], median, elements))
    # The crate's row first, then its variants, the baselines and the floor.
    rank = lambda name: next((i for i, prefix in enumerate(ORDER) if name.startswith(prefix)), len(ORDER))
    found.sort(key=lambda row: (rank(row[0]), row[0]))
    return found


def main():
    if not ROOT.exists():
        sys.exit("no target/criterion: run `cargo bench --bench lifecycle` first")
    print("| Group | Benchmark | Median | Ratio to the crate |")
    print("|---|---|---:|---:|")
    for group in GROUPS:
        found = rows(group)
        if not found:
            continue
        reference = next((median for name, median, _ in found if name.startswith("crate:")), found[0][1])
        for name, median, elements in found:
            shown = f"{median:.1f} ns"
            if elements:
                shown += f" ({median / elements:.2f} ns each)"
            print(f"| {group} | {name} | {shown} | {median / reference:.2f} |")


main()
