"""A webhook receiver in ten lines: verifies each SessionSetupStatusChanged
webhook and observes it. Answers 200 with the steps taken; 401 to a bad
signature; 202 to a signed webhook it cannot take in (parked: the provider
does not retry). Run: python receiver.py [PORT] (the secret is read from
WEBHOOK_SECRET); it prints the port it listens on."""

import json  # noqa: E401
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from eft_session import SIGNATURE_HEADER, EftSessionError, Session, verify_webhook

SECRET = os.environ["WEBHOOK_SECRET"].encode()
sessions: dict[str, Session] = {}  # a table of sessions, and one of parked webhooks
parked: list[bytes] = []


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            event = verify_webhook(SECRET, self.headers.get(SIGNATURE_HEADER), body, time.time(), 300)
            session = sessions.setdefault(event.session_id, Session(event.session_id, event.reference_id))
            steps = session.observe_report(event)
            status, answer = 200, {"steps": [step.to_dict() for step in steps], "state": str(session.state)}
        except EftSessionError as error:  # 401 to a bad signature only: anything signed is parked
            status, answer = (401 if error.http_status == 401 else 202), error.problem
            parked.extend([] if status == 401 else [body])
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer).encode())


if __name__ == "__main__":
    server = HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Receiver)
    print(f"listening on {server.server_port}", flush=True)
    server.serve_forever()
