#!/usr/bin/env python3
"""Checks that no dependency declares a `rust-version` above the workspace's.

Only one stable toolchain is installed on the project's machines, so the
minimum supported Rust version cannot be built here; this reads the metadata
instead. It walks the normal (not dev, not build) dependencies of every
workspace member with all features on, as a user who depends on the member
gets them, and fails naming each dependency whose own `rust-version` is
higher than the member's. Run: python3 scripts/msrv.py
"""

import json
import subprocess
import sys


def version(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {package["id"]: package for package in metadata["packages"]}
    nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
    problems = []
    for member in metadata["workspace_members"]:
        root = packages[member]
        declared = root.get("rust_version")
        if not declared:
            problems.append(f"{root['name']} declares no rust-version")
            continue
        seen, stack = set(), [member]
        while stack:
            node = nodes[stack.pop()]
            for dep in node["deps"]:
                kinds = {kind["kind"] for kind in dep["dep_kinds"]}
                # Only what a user's build compiles: normal dependencies, and
                # the members' dev-dependencies are not inherited.
                if None not in kinds or dep["pkg"] in seen:
                    continue
                seen.add(dep["pkg"])
                stack.append(dep["pkg"])
        for id in sorted(seen, key=lambda id: packages[id]["name"]):
            package = packages[id]
            needs = package.get("rust_version")
            if needs and version(needs) > version(declared):
                problems.append(
                    f"{root['name']} declares rust-version {declared}, "
                    f"but {package['name']} {package['version']} needs {needs}"
                )
        print(f"{root['name']}: rust-version {declared}, {len(seen)} dependencies checked")
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
