"""The package against the crate's conformance vectors (vectors/ at the root
of the repository): every transition case, every code and status, every
status-body verdict, every webhook case, and every trace of the reference
model, replayed against Python `Session` objects."""

import json
import uuid
from typing import Any, Callable

import eft_session
import pytest
from eft_session import (
    DecodeError,
    Product,
    Session,
    SessionStatus,
    StatusDetail,
    TransitionError,
    WebhookError,
)
from support import assert_error, event_of, load

TRANSITIONS = load("transitions.json")["transitions"]
CODES = load("codes.json")
STATUS_BODIES = load("status-bodies.json")["statusBodies"]
WEBHOOKS = load("webhooks.json")["webhooks"]
TRACES = load("traces.json")["traces"]


def test_every_file_is_there(vectors_dir):
    assert len(TRANSITIONS) >= 30
    assert len(CODES["codes"]) >= 9
    assert len(STATUS_BODIES) >= 20
    assert len(WEBHOOKS) >= 10
    assert len(TRACES) >= 20


def transition_id(case: dict[str, Any]) -> str:
    event = case["event"]
    return f"{case['from']}-{event['kind']}-{event['statusDetails']}"


@pytest.mark.parametrize("case", TRANSITIONS, ids=transition_id)
def test_transition(case):
    status = SessionStatus(case["from"])
    event = event_of(case["event"])
    outcome = case["outcome"]
    if "ok" in outcome:
        step = eft_session.transition(status, event)
        assert step.to_dict() == outcome["ok"]
        assert str(step.from_status) == outcome["ok"]["from"]
        assert str(step.to_status) == outcome["ok"]["to"]
        assert step.event == event
        # The same answer from the status's method and from a recorded step.
        assert status.transition(event) == step
        assert eft_session.Transition(step.from_status, step.to_status, step.status_details) == step
    else:
        with pytest.raises(TransitionError) as raised:
            eft_session.transition(status, event)
        assert_error(raised.value, outcome)
        assert raised.value.problem["detail"] == outcome["message"]


@pytest.mark.parametrize("record", CODES["statuses"], ids=lambda record: record["status"])
def test_status(record):
    status = SessionStatus(record["status"])
    assert str(status) == record["status"]
    assert status.is_terminal is record["terminal"]
    assert status.detail_family == record["detailFamily"]
    assert SessionStatus.from_detail_family(record["detailFamily"]) == status
    for spelling in record["spellings"]:
        product = Product(spelling["product"])
        assert status.as_str_in(product) == spelling["written"]
        assert str(product) == spelling["product"]
        # Either product's spelling reads back as the same status.
        assert SessionStatus(spelling["written"]) == status


def test_statuses_are_the_six_in_order():
    assert [str(status) for status in SessionStatus.all()] == [
        record["status"] for record in CODES["statuses"]
    ]


@pytest.mark.parametrize("record", CODES["codes"], ids=lambda record: record["code"])
def test_code(record):
    code = StatusDetail(record["code"])
    assert str(code) == record["code"]
    assert str(code.status) == record["status"]
    assert code.description == record["meaning"]
    assert code.products is not None
    assert [str(product) for product in code.products] == record["products"]
    assert code.is_known
    assert getattr(StatusDetail, record["code"]) == code
    assert StatusDetail.from_number(code.number) == code
    for product in Product.all():
        assert code.is_produced_by(product) is (str(product) in record["products"])


def test_documented_codes_are_the_vectors():
    assert [str(code) for code in StatusDetail.documented()] == [
        record["code"] for record in CODES["codes"]
    ]


READERS: dict[str, Callable[[str], Any]] = {
    "SessionStatusResponse": eft_session.read_status_response,
    "CancelSessionResponse": eft_session.read_cancel_response,
    "SessionSetupStatusChanged": eft_session.read_webhook_event,
}

STATUS_BODY_CASES = [
    pytest.param(case["body"], reader, verdict, id=f"{reader}: {case['name']}")
    for case in STATUS_BODIES
    for reader, verdict in sorted(case["readers"].items())
]


@pytest.mark.parametrize("body, reader, verdict", STATUS_BODY_CASES)
def test_status_body(body, reader, verdict):
    read = READERS[reader]
    if "accepted" in verdict:
        value = read(body)
        assert value.to_dict() == verdict["accepted"]
        assert json.loads(value.to_json()) == verdict["accepted"]
        assert value.to_dict(product="GEFT") == verdict["writtenByGeft"]
        assert json.loads(value.to_json(product=Product.GEFT)) == verdict["writtenByGeft"]
        assert value.to_dict(product="EFT V2") == verdict["accepted"]
        assert value.session_id == verdict["accepted"]["sessionId"]
        assert str(value.status) == verdict["accepted"]["status"]
        # What is written back reads back as the same value.
        assert read(value.to_json()) == value
        assert read(value.to_json(product="GEFT")) == value
    else:
        assert set(verdict) == {"error", "httpStatus", "title", "message"}
        with pytest.raises(DecodeError) as raised:
            read(body)
        assert_error(raised.value, verdict)
        assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("case", WEBHOOKS, ids=lambda case: case["name"])
def test_webhook(case):
    secrets = [secret.encode() for secret in case["secrets"]]
    body = case["body"].encode()

    def verify() -> eft_session.WebhookEvent:
        return eft_session.verify_webhook(
            secrets, case["header"], body, case["nowUnixSeconds"], case["toleranceSeconds"]
        )

    verdict = case["verdict"]
    if "verified" in verdict:
        event = verify()
        assert event.to_dict() == verdict["verified"]
        assert event.when == verdict["verified"]["when"]
        assert event.report == eft_session.read_status_response(case["body"])
    else:
        with pytest.raises(WebhookError) as raised:
            verify()
        error = raised.value
        assert_error(error, verdict)
        assert (error.verified_body is not None) is verdict["verifiedBodyHandedBack"]
        if verdict["verifiedBodyHandedBack"]:
            assert error.verified_body == body


def session_id_of(index: int) -> str:
    """The id the reference model gives its `index`-th session."""
    return str(uuid.UUID(int=index + 1))


def step_dicts(steps: list[eft_session.Transition]) -> list[dict[str, Any]]:
    return [step.to_dict() for step in steps]


@pytest.mark.parametrize(
    "trace",
    TRACES,
    ids=[f"trace {number} ({len(trace['steps'])} steps)" for number, trace in enumerate(TRACES)],
)
def test_trace(trace):
    """Each command against Python sessions keyed by id; every answer and
    every state as the reference model predicts, and every session's
    handed-out steps replay to it."""
    sessions: dict[str, Session] = {}
    logs: dict[str, list[eft_session.Transition]] = {}
    for number, step in enumerate(trace["steps"]):
        command, expect = step["command"], step["expect"]
        op = command["op"]
        try:
            if op == "create":
                session_id = session_id_of(len(sessions))
                sessions[session_id] = Session(session_id, command["referenceId"])
                logs[session_id] = []
                answer: dict[str, Any] = {"created": session_id}
            else:
                session_id = command["sessionId"]
                if session_id not in sessions:
                    # The store answers 404 for an id it does not hold;
                    # that is the store's, not the lifecycle's.
                    assert op == "cancel"
                    assert expect["error"] == "NotFound"
                    assert expect["httpStatus"] == 404
                    assert expect["message"] == f"no session {session_id}"
                    continue
                session = sessions[session_id]
                if op == "apply":
                    taken = [session.apply(event_of(command["event"]))]
                    answer = {"steps": step_dicts(taken)}
                elif op == "cancel":
                    taken_step, body = session.cancel()
                    taken = [taken_step]
                    answer = {"steps": step_dicts(taken), "body": body}
                elif op == "observe":
                    taken = session.observe(command["status"], command["statusDetails"])
                    answer = {"steps": step_dicts(taken)}
                elif op == "observeCurrentState":
                    state = session.state
                    taken = session.observe(state.status, state.detail)
                    answer = {"steps": step_dicts(taken)}
                else:
                    pytest.fail(f"step {number}: unknown op {op!r}")
                logs[session_id].extend(taken)
        except (eft_session.TransitionError, eft_session.ObserveError) as error:
            assert "error" in expect, f"step {number}: {command} raised {error!r}"
            assert_error(error, expect)
        else:
            assert answer == expect, f"step {number}: {command}"
        states = [
            {
                "sessionId": session.session_id,
                "status": str(session.status),
                "statusDetails": None if session.detail is None else str(session.detail),
            }
            for session in sessions.values()
        ]
        assert states == step["states"], f"step {number}: {command}"
        for session_id, session in sessions.items():
            replayed = Session.replay(session_id, session.reference_id, logs[session_id])
            assert replayed == session, f"step {number}: the log of {session_id}"
