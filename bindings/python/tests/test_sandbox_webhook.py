"""End to end with the real sandbox: the workspace's eft-sandbox program sends
a signed SessionSetupStatusChanged webhook over loopback to a receiver built
on this package, which verifies it and observes it.

The sandbox program is found at $EFT_SANDBOX_BIN (ci.sh builds it and sets
it). Without it the test is skipped, saying so; with EFT_REQUIRE_SANDBOX=1
(set by ci.sh) a missing program fails the test instead."""

import json
import os
import subprocess
import threading
import time
import urllib.request
from base64 import b64encode
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from eft_session import SIGNATURE_HEADER, EftSessionError, Session, SessionStatus, verify_webhook

SECRET = b"whsec_python_end_to_end"


def sandbox_program() -> Path:
    built = Path(__file__).resolve().parents[3] / "target" / "debug" / "eft-sandbox"
    path = Path(os.environ.get("EFT_SANDBOX_BIN", built))
    if not path.exists():
        if os.environ.get("EFT_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"no sandbox program at {path}")
        pytest.skip(f"skipped: no sandbox program at {path} (cargo build -p eft-sandbox)")
    return path


def request(url: str, data: bytes = b"", headers: Optional[Dict[str, str]] = None) -> Any:
    post = urllib.request.Request(url, data=data, headers=headers or {}, method="POST")
    answer = urllib.request.urlopen(post, timeout=10)
    return json.loads(answer.read())


def test_a_sandbox_webhook_is_verified_and_observed() -> None:
    program = sandbox_program()
    received: List[Dict[str, Any]] = []
    sessions: Dict[str, Session] = {}

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                event = verify_webhook(
                    SECRET, self.headers.get(SIGNATURE_HEADER), body, time.time(), 60
                )
                session = sessions.setdefault(
                    event.session_id, Session(event.session_id, event.reference_id)
                )
                steps = session.observe_report(event)
                received.append({"event": event, "steps": steps})
                self.send_response(200)
            except EftSessionError as error:
                received.append({"error": error})
                self.send_response(error.http_status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    receiver = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    sandbox = subprocess.Popen(
        [
            str(program),
            "--port",
            "0",
            "--client-id",
            "py",
            "--client-secret",
            "py-secret",
            "--webhook-url",
            f"http://127.0.0.1:{receiver.server_port}/hook",
            "--webhook-secret",
            SECRET.decode(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert sandbox.stdout is not None
        line = sandbox.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), line
        base = line.split()[-1]
        basic = b64encode(b"py:py-secret").decode()
        token = request(
            f"{base}/api/v1/authorize",
            b"grant_type=client_credentials",
            {
                "Authorization": f"Basic {basic}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )["access_token"]
        create = {
            "type": "EFT",
            "direction": "DEBIT",
            "referenceId": "Happy1",
            "amount": 500,
            "options": {"guarantee": {"enable": False}},
            "payor": {"firstName": "Jane", "lastName": "Doe"},
        }
        session_id = request(
            f"{base}/api/v2/sessions",
            json.dumps(create).encode(),
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )["sessionId"]
        request(f"{base}/sandbox/sessions/{session_id}/run")
        deadline = time.time() + 10
        while not received and time.time() < deadline:
            time.sleep(0.05)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
        receiver.shutdown()

    assert len(received) == 1, received
    assert "error" not in received[0], received[0]
    event = received[0]["event"]
    assert event.session_id == session_id
    assert event.status == SessionStatus.COMPLETED
    # Initiated -> InProgress -> Completed: the receiver saw the final state only.
    assert [str(step.to_status) for step in received[0]["steps"]] == ["InProgress", "Completed"]
    assert sessions[session_id].status == SessionStatus.COMPLETED
