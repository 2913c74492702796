"""The example webhook receiver (examples/receiver.py), end to end: started
as its own process, sent real HTTP requests over loopback, signed with
Python's hmac as the provider signs them (HMAC-SHA256 of the raw body,
upper-case hex)."""

import hashlib
import hmac
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

RECEIVER = Path(__file__).resolve().parents[1] / "examples" / "receiver.py"
SECRET = b"whsec_receiver_test"
FIRST = "850750a4-3021-4061-ac03-a8d873aa4179"
SECOND = "86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10"


def sign(body: bytes, secret: bytes = SECRET) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest().upper()


def webhook(session_id: str, status: str, detail: Optional[str], ago: float = 0.0) -> bytes:
    when = (datetime.now(timezone.utc) - timedelta(seconds=ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(
        {
            "when": when,
            "sessionId": session_id,
            "referenceId": "USER12345",
            "amount": 12.34,
            "status": status,
            "statusDetails": detail,
        }
    ).encode()


@pytest.fixture
def receiver() -> Iterator[str]:
    """The receiver's base URL; the process is stopped afterwards."""
    environment = dict(os.environ, WEBHOOK_SECRET=SECRET.decode())
    process = subprocess.Popen(
        [sys.executable, str(RECEIVER), "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening on "), f"the receiver said {line!r}"
        yield f"http://127.0.0.1:{int(line.split()[-1])}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def post(url: str, body: bytes, header: Optional[str]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    if header is not None:
        request.add_header("X-Webhook-Signature", header)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_receiver_verifies_and_observes(receiver: str) -> None:
    completed = webhook(FIRST, "Completed", "EFT0301")
    status, answer = post(receiver, completed, sign(completed))
    assert status == 200
    # A poller's view: Initiated -> InProgress -> Completed, two steps.
    assert answer == {
        "steps": [
            {"from": "Initiated", "to": "InProgress", "statusDetails": None},
            {"from": "InProgress", "to": "Completed", "statusDetails": "EFT0301"},
        ],
        "state": "Completed (EFT0301)",
    }

    # The same webhook again: nothing new.
    assert post(receiver, completed, sign(completed)) == (
        200,
        {"steps": [], "state": "Completed (EFT0301)"},
    )

    # Tampered, or unsigned: 401, and nothing is kept.
    tampered = completed.replace(b"12.34", b"99.99")
    status, problem = post(receiver, tampered, sign(completed))
    assert (status, problem["title"]) == (401, "Invalid Webhook Signature")
    assert problem["detail"] == "webhook signature does not match the body"
    status, problem = post(receiver, completed, None)
    assert (status, problem["detail"]) == (401, "webhook has no X-Webhook-Signature header")
    status, problem = post(receiver, completed, sign(completed, b"another secret"))
    assert status == 401

    # Signed, but a final state that contradicts the one held: parked, 202.
    failed = webhook(FIRST, "Failed", "EFT0401")
    status, problem = post(receiver, failed, sign(failed))
    assert (status, problem["status"], problem["title"]) == (202, 409, "Conflicting Status Report")

    # Signed, but a status no page documents: parked, 202.
    unknown = webhook(FIRST, "Processing", None)
    status, problem = post(receiver, unknown, sign(unknown))
    assert (status, problem["title"]) == (202, "Unreadable Webhook")

    # Signed an hour ago: a replay, parked.
    old = webhook(SECOND, "InProgress", None, ago=3600)
    status, problem = post(receiver, old, sign(old))
    assert (status, problem["title"]) == (202, "Webhook Outside Tolerance")

    # Another session, step by step, in GEFT's spelling.
    started = webhook(SECOND, "InProgress", None)
    assert post(receiver, started, sign(started)) == (
        200,
        {
            "steps": [{"from": "Initiated", "to": "InProgress", "statusDetails": None}],
            "state": "InProgress",
        },
    )
    cancelled = webhook(SECOND, "Canceled", "EFT0501")
    assert post(receiver, cancelled, sign(cancelled)) == (
        200,
        {
            "steps": [{"from": "InProgress", "to": "Cancelled", "statusDetails": "EFT0501"}],
            "state": "Cancelled (EFT0501)",
        },
    )

    # The first session is still where the first webhook left it.
    assert post(receiver, completed, sign(completed)) == (
        200,
        {"steps": [], "state": "Completed (EFT0301)"},
    )
