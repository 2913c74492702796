"""Helpers of the tests: the conformance vectors, found relative to this
file, and how the vectors write errors and events."""

import json
from pathlib import Path
from typing import Any

import eft_session

# bindings/python/tests/support.py -> the repository's vectors/.
VECTORS = Path(__file__).resolve().parents[3] / "vectors"


def load(name: str) -> Any:
    """One file of the conformance vectors, parsed."""
    with open(VECTORS / name, encoding="utf-8") as file:
        return json.load(file)


def assert_error(error: eft_session.EftSessionError, expected: dict[str, Any]) -> None:
    """The exception is the vectors' error: kind, HTTP status, title, the
    crate's message, and a problem body that says the same."""
    assert error.kind == expected["error"]
    assert error.http_status == expected["httpStatus"]
    assert error.title == expected["title"]
    assert str(error) == expected["message"]
    assert error.problem["status"] == expected["httpStatus"]
    assert error.problem["title"] == expected["title"]


def event_of(record: dict[str, Any]) -> eft_session.Event:
    """An event as the vectors write it: {"kind", "statusDetails"}."""
    return eft_session.Event(record["kind"], record["statusDetails"])


def step_record(step: eft_session.Transition) -> dict[str, Any]:
    """A step as the vectors write it: both guarantee stages always present
    (the crate's own `to_dict()` leaves them out while `NotOffered`)."""
    return {
        "from": str(step.from_status),
        "fromGuarantee": str(step.from_guarantee),
        "to": str(step.to_status),
        "statusDetails": None if step.status_details is None else str(step.status_details),
        "guarantee": str(step.guarantee),
    }


def persisted(record: dict[str, Any]) -> dict[str, Any]:
    """The vectors' step as the crate persists it (`Transition.to_dict()`):
    a guarantee stage that is `NotOffered` is left out."""
    return {
        key: value
        for key, value in record.items()
        if not (key in ("fromGuarantee", "guarantee") and value == "NotOffered")
    }
