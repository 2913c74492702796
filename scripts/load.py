#!/usr/bin/env python3
"""Throughput under load, each figure beside its baseline from one run.

Runs `cargo bench -p eft-session-benches --bench load` (a throwaway
PostgreSQL server for the store's figures, the sandbox in process for its
polls), prints the figures as a Markdown table with their ratios, and checks
the gate: wall-clock figures move on a noisy machine, so the gate holds
ratios with room, and the memory figure to the byte.

- the store carries at least 0.3 times the sessions per second of the bare
  statements (measured: about 0.6);
- the sandbox answers at least 0.15 times the polls per second of a bare
  server answering the same bytes from memory (measured: about 0.3);
- the sandbox's resident memory grows by at most 1 MiB over a second run of
  polls, once the first has warmed it up.

Run: python3 scripts/load.py   (EFT_LOAD_SECONDS=5 for longer runs)
"""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    out = subprocess.run(
        ["cargo", "bench", "-p", "eft-session-benches", "--bench", "load"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        sys.exit(out.returncode)
    figures = {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            figures[row["figure"]] = row
    skipped = [line for line in out.stderr.splitlines() if "skipped" in line]
    for line in skipped:
        print(line)

    def value(name):
        return figures[name]["value"]

    rows, failed = [], []
    store = "store: sessions/s, create + observe + cancel, 8 connections"
    store_base = "store baseline: sessions/s, bare statements, 8 connections"
    polls = "sandbox: status polls/s, 32 connections"
    polls_base = "sandbox baseline: polls/s, the same bytes from memory"
    growth = "sandbox: resident memory growth over the second run of polls"
    if store in figures:
        ratio = value(store) / value(store_base)
        rows.append((store, f"{value(store):,.0f}", f"{value(store_base):,.0f}", f"{ratio:.2f}", ">= 0.3", ratio >= 0.3))
    elif not skipped:
        failed.append("no store figures")
    ratio = value(polls) / value(polls_base)
    rows.append((polls, f"{value(polls):,.0f}", f"{value(polls_base):,.0f}", f"{ratio:.2f}", ">= 0.15", ratio >= 0.15))
    rows.append((growth, f"{value(growth):,.0f} B", "", "", "<= 1 MiB", value(growth) <= 1 << 20))

    print("| Figure | Crate | Baseline | Ratio | Gate | Held |")
    print("|---|---:|---:|---:|---|---|")
    for name, crate, base, ratio, gate, held in rows:
        print(f"| {name} | {crate} | {base} | {ratio} | {gate} | {'yes' if held else 'NO'} |")
        if not held:
            failed.append(name)
    print(f"\nresident memory after the first run of polls: {value('sandbox: resident memory after the first run') / (1 << 20):.1f} MiB")
    if failed:
        print("gate failed: " + "; ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
