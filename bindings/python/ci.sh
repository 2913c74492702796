#!/usr/bin/env bash
# Builds the Python package from this checkout and runs its tests, as a user
# would install it: a fresh virtual environment, `pip install
# "./bindings/python[test,lint]"` (maturin, pytest, hypothesis, mypy and ruff
# from PyPI; PyO3 and the crate's dependencies from crates.io, with Cargo.lock
# as committed), then `ruff check`, `ruff format --check` and
# `pytest -q bindings/python/tests`.
#
# Exits non-zero when the build or any test fails, and when pytest ran no
# test (its exit status 5). Cargo builds in bindings/python/target unless
# CARGO_TARGET_DIR is set. Run from anywhere: bash bindings/python/ci.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
venv="$here/target/ci-venv"
rm -rf "$venv"
mkdir -p "$here/target"
python3 -m venv "$venv"
python="$venv/bin/python"

echo "== building and installing the package (maturin, release)"
"$python" -m pip install --quiet --disable-pip-version-check "./bindings/python[test,lint]"
# The tests must import the installed wheel, not the source tree.
"$python" -c 'import eft_session, sys; print("eft_session", eft_session.__version__, "from", eft_session.__file__); sys.exit(0 if "site-packages" in eft_session.__file__ else 1)'

echo "== the sandbox program, for the end-to-end webhook test"
# Built in the workspace's own target directory, and required: the test
# fails instead of skipping when the program is missing.
cargo build --quiet -p eft-sandbox --target-dir "$root/target"
export EFT_SANDBOX_BIN="$root/target/debug/eft-sandbox" EFT_REQUIRE_SANDBOX=1

echo "== ruff: lints and layout of the package's Python (pyproject.toml)"
"$venv/bin/ruff" check bindings/python
"$venv/bin/ruff" format --check bindings/python

echo "== pytest"
status=0
"$python" -m pytest -q -p no:cacheprovider bindings/python/tests || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no test: that is a failure" >&2
fi
exit "$status"
