"""Fixtures of the tests, and where Hypothesis keeps its files: under
bindings/python/target/, whatever folder pytest runs from."""

from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir
from support import VECTORS

set_hypothesis_home_dir(Path(__file__).resolve().parents[1] / "target" / "hypothesis")


@pytest.fixture(scope="session")
def vectors_dir() -> Path:
    """The vectors' folder; the tests fail, not skip, when it is missing."""
    assert VECTORS.is_dir(), f"no conformance vectors at {VECTORS}"
    return VECTORS
