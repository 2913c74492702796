"""The typing of the package: the installed package ships its stub and
py.typed, the stub matches the compiled module (mypy's stubtest), and the
tests and the example type-check against it."""

import subprocess
import sys
from pathlib import Path

import eft_session

ROOT = Path(__file__).resolve().parents[1]


def mypy(arguments: list[str], where: Path) -> subprocess.CompletedProcess[str]:
    """Runs a mypy module in `where`, so that its cache stays out of the tree."""
    return subprocess.run(
        [sys.executable, "-m", *arguments], capture_output=True, text=True, cwd=where
    )


def test_the_package_ships_its_types():
    package = Path(eft_session.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()


def test_the_stub_matches_the_compiled_module(tmp_path):
    result = mypy(["mypy.stubtest", "eft_session"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_the_tests_and_the_example_type_check(tmp_path):
    paths = [str(ROOT / "tests"), str(ROOT / "examples" / "receiver.py")]
    result = mypy(["mypy", "--check-untyped-defs", *paths], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    strict = mypy(["mypy", "--strict", str(ROOT / "examples" / "receiver.py")], tmp_path)
    assert strict.returncode == 0, strict.stdout + strict.stderr
