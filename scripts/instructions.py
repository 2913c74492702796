#!/usr/bin/env python3
"""Instruction counts of the hot paths, from a fresh callgrind run.

Runs `cargo bench -p eft-session-benches --bench instructions` (valgrind and
gungraun-runner 0.20.0 must be installed), prints each operation beside its
baseline with the ratio and the goal of the performance issue, and compares
every count with `benches/instructions.json`: more than 10 % above the
checked-in figure fails (exit 1). `--update` writes the new figures instead.

Run: python3 scripts/instructions.py [--update]
"""

import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIGURES = ROOT / "benches" / "instructions.json"
TOLERANCE = 1.10

# (label, measured, baseline or None, goal text, check(measured, baseline) -> bool)
ROWS = [
    ("serde_json::from_str + observe, status body", "decode_serde status_body", "decode_by_hand status_body",
     "baseline / crate >= 1.4", lambda m, b: b / m >= 1.4),
    ("serde_json::from_str + observe, webhook body", "decode_serde_webhook webhook_body", "decode_by_hand webhook_body",
     "baseline / crate >= 1.4", lambda m, b: b / m >= 1.4),
    ("from_json + observe, status body", "decode_own status_body", "scan_floor status_body",
     "crate / IgnoredAny <= 1.0", lambda m, b: m / b <= 1.0),
    ("from_json + observe, webhook body", "decode_own_webhook webhook_body", "scan_floor webhook_body",
     "crate / IgnoredAny <= 1.0", lambda m, b: m / b <= 1.0),
    ("verify, read and observe a webhook (HMAC-SHA256 of the raw body)", "verify_webhook signed", "verify_by_hand signed",
     "crate / hmac + serde_json by hand <= 1.0", lambda m, b: m / b <= 1.0),
    ("transition InProgress + cancel, net of the call floor", "transition cancel_in_progress", "transition_by_hand cancel_in_progress",
     "<= 20 instructions", lambda m, b: m <= 20),
    ("parse \"EFT0501\", net of the call floor", "parse_code eft0501", None, "<= 20 instructions", lambda m, b: m <= 20),
    ("parse \"Canceled\", net of the call floor", "parse_status canceled", None, "<= 20 instructions", lambda m, b: m <= 20),
    ("encode a cancel body: the crate's to_json", "to_json_cancel cancel", "format_cancel cancel",
     "crate / format! <= 1.2", lambda m, b: m / b <= 1.2),
    ("encode a status body: the crate's to_json", "to_json_status status", "format_status status",
     "crate / write! <= 1.2", lambda m, b: m / b <= 1.2),
    ("encode a cancel body: serde_json::to_string", "encode_cancel cancel", "format_cancel cancel",
     "(serde's path, for reference)", lambda m, b: True),
    ("encode a status body: serde_json::to_string", "encode_status status", "format_status status",
     "(serde's path, for reference)", lambda m, b: True),
]


def run():
    out = subprocess.run(
        ["cargo", "bench", "-p", "eft-session-benches", "--bench", "instructions"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        sys.exit(out.returncode)
    counts, name = {}, None
    for line in out.stdout.splitlines():
        # "instructions::decoding::decode_serde status_body:STATUS_BODY"
        head = re.match(r"^instructions::\w+::(\w+) (\w+)", line)
        if head:
            name = f"{head.group(1)} {head.group(2)}"
            continue
        count = re.match(r"^\s+Instructions:\s+([\d,]+)", line)
        if count and name:
            counts[name] = int(count.group(1).replace(",", ""))
            name = None
    return counts


def main():
    update = "--update" in sys.argv[1:]
    counts = run()
    floor = counts.get("call_floor cancel_in_progress")
    if floor is None:
        sys.exit("no count for call_floor: was the benchmark renamed?")
    print(f"Call floor (black_box in, call, black_box out): {floor} instructions\n")
    print("| Operation | Crate | Baseline | Ratio | Goal | Met |")
    print("|---|---:|---:|---:|---|---|")
    for label, measured, baseline, goal, check in ROWS:
        m = counts.get(measured)
        b = counts.get(baseline) if baseline else None
        if m is None or (baseline and b is None):
            sys.exit(f"no count for {measured} / {baseline}: was the benchmark renamed?")
        if "net of the call floor" in label:
            m, b = m - floor, (b - floor if b is not None else None)
        ratio = f"{(b / m if 'baseline /' in goal else m / b):.2f}" if b else ""
        met = "yes" if check(m, b) else "no"
        print(f"| {label} | {m:,} | {'' if b is None else f'{b:,}'} | {ratio} | {goal} | {met} |")
    if update:
        FIGURES.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")
        print(f"\nwrote {FIGURES.relative_to(ROOT)}")
        return
    recorded = json.loads(FIGURES.read_text())
    regressions = [
        f"{name}: {counts[name]:,} instructions, {recorded[name]:,} recorded (+{counts[name] / recorded[name] - 1:.0%})"
        for name in sorted(recorded)
        if name in counts and counts[name] > recorded[name] * TOLERANCE
    ]
    missing = sorted(set(recorded) - set(counts))
    for problem in regressions + [f"{name}: not measured any more" for name in missing]:
        print(problem, file=sys.stderr)
    if regressions or missing:
        sys.exit(1)
    print(f"\nno hot path is more than {TOLERANCE - 1:.0%} above benches/instructions.json")


if __name__ == "__main__":
    main()
