"""The package against the crate's conformance vectors (vectors/ at the root
of the repository): every file against vectors/schema.json, every
transition case (each status at each guarantee stage), every code and
status, every status-body verdict, every verdict of other-bodies.json (the
guarantee bodies, the session details and the initiate requests, with their
validation), every webhook case, and every trace of the reference model,
replayed against Python `Session` objects."""

import json
import uuid
from pathlib import Path
from typing import Any, Callable

import eft_session
import jsonschema
import pytest
from eft_session import (
    ConfirmGuaranteeRequest,
    ConfirmGuaranteeResponse,
    DecodeError,
    GuaranteeOffered,
    GuaranteeStage,
    InitiateRequest,
    Product,
    Session,
    SessionDetails,
    SessionState,
    SessionStatus,
    StatusDetail,
    TransitionError,
    ValidationError,
    WebhookError,
)
from support import assert_error, event_of, load, persisted, step_record

TRANSITIONS = load("transitions.json")["transitions"]
CODES = load("codes.json")
STATUS_BODIES = load("status-bodies.json")["statusBodies"]
OTHER_BODIES = load("other-bodies.json")
WEBHOOKS = load("webhooks.json")["webhooks"]
TRACES = load("traces.json")["traces"]


def test_every_file_is_there(vectors_dir):
    assert len(TRANSITIONS) >= 300
    assert {case["fromGuarantee"] for case in TRANSITIONS} == {
        str(stage) for stage in GuaranteeStage.all()
    }
    assert len(CODES["codes"]) >= 9
    assert len(STATUS_BODIES) >= 20
    assert len(OTHER_BODIES["confirmGuaranteeRequests"]) >= 8
    assert len(OTHER_BODIES["confirmGuaranteeResponses"]) >= 5
    assert len(OTHER_BODIES["guaranteeOffered"]) >= 6
    assert len(OTHER_BODIES["sessionDetails"]) >= 4
    assert len(OTHER_BODIES["initiateRequests"]) >= 4
    assert len(WEBHOOKS) >= 10
    assert len(TRACES) >= 20


VECTOR_FILES = sorted(
    path.name
    for path in (Path(__file__).resolve().parents[3] / "vectors").glob("*.json")
    if path.name != "schema.json"
)


def test_the_schema_is_a_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(load("schema.json"))


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_the_file_matches_the_schema(name):
    validator = jsonschema.Draft202012Validator(load("schema.json"))
    errors = [
        f"{error.json_path}: {error.message[:200]}" for error in validator.iter_errors(load(name))
    ]
    assert errors == [], f"{name} does not match schema.json"


def test_the_schema_refuses_what_it_does_not_describe():
    """The schema is strict enough to notice an unknown op, kind or stage."""
    validator = jsonschema.Draft202012Validator(load("schema.json"))
    traces = load("traces.json")
    traces["traces"][0]["steps"][0]["command"]["op"] = "confirm"
    assert not validator.is_valid(traces)
    transitions = load("transitions.json")
    transitions["transitions"][0]["fromGuarantee"] = "Pending"
    assert not validator.is_valid(transitions)
    transitions = load("transitions.json")
    transitions["transitions"][0]["event"]["kind"] = "confirm-guarantee"
    assert not validator.is_valid(transitions)
    bodies = load("other-bodies.json")
    bodies["guaranteeWebhooks"] = []
    assert not validator.is_valid(bodies)


def transition_id(case: dict[str, Any]) -> str:
    event = case["event"]
    return f"{case['from']}/{case['fromGuarantee']}-{event['kind']}-{event['statusDetails']}"


@pytest.mark.parametrize("case", TRANSITIONS, ids=transition_id)
def test_transition(case):
    state = SessionState(case["from"], case["fromStatusDetails"], case["fromGuarantee"])
    assert str(state.guarantee) == case["fromGuarantee"]
    event = event_of(case["event"])
    outcome = case["outcome"]
    no_offer = case["fromGuarantee"] == "NotOffered"
    if "ok" in outcome:
        step = state.transition(event)
        assert step_record(step) == outcome["ok"]
        assert step.to_dict() == persisted(outcome["ok"])
        assert step.target.guarantee == step.guarantee
        assert step.event == event
        # The same step from a recorded one, and, with no offer made, from
        # the status's transition function.
        recorded = eft_session.Transition(
            step.from_status,
            step.to_status,
            step.status_details,
            from_guarantee=step.from_guarantee,
            guarantee=step.guarantee,
        )
        assert recorded == step
        if no_offer:
            assert eft_session.transition(state.status, event) == step
            assert state.status.transition(event) == step
        if no_offer and step.guarantee == GuaranteeStage.NOT_OFFERED:
            # An EFT V2 step is recorded without its stages.
            assert (
                eft_session.Transition(step.from_status, step.to_status, step.status_details)
                == step
            )
    else:
        with pytest.raises(TransitionError) as raised:
            state.transition(event)
        assert_error(raised.value, outcome)
        assert raised.value.problem["detail"] == outcome["message"]
        if no_offer:
            # The status alone refuses it the same way (its message may not
            # name the code).
            with pytest.raises(TransitionError) as again:
                eft_session.transition(state.status, event)
            assert (again.value.kind, again.value.http_status, again.value.title) == (
                outcome["error"],
                outcome["httpStatus"],
                outcome["title"],
            )


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


GUARANTEE_READERS: dict[str, tuple[Callable[[str], Any], Callable[[Any], Any]]] = {
    # The reader, and how the value is made again from its attributes.
    "confirmGuaranteeRequests": (
        eft_session.read_confirm_guarantee_request,
        lambda value: ConfirmGuaranteeRequest(value.guarantee_accepted),
    ),
    "confirmGuaranteeResponses": (
        eft_session.read_confirm_guarantee_response,
        lambda value: ConfirmGuaranteeResponse(value.session_id, value.reference_id),
    ),
    "guaranteeOffered": (
        eft_session.read_guarantee_offered,
        lambda value: GuaranteeOffered(
            value.when,
            value.session_id,
            value.reference_id,
            value.amount_cents,
            value.guaranteed_cents,
        ),
    ),
}

GUARANTEE_BODY_CASES = [
    pytest.param(array, case, id=f"{array}: {case['name']}")
    for array in GUARANTEE_READERS
    for case in OTHER_BODIES[array]
]


# Each array of other-bodies.json, and the test that checks its every case.
OTHER_BODY_TESTS = {
    **{array: "test_guarantee_body" for array in GUARANTEE_READERS},
    "sessionDetails": "test_session_details",
    "initiateRequests": "test_initiate_request",
}


def test_the_binding_reads_every_array_of_other_bodies():
    """A new array in other-bodies.json fails here until the binding reads it."""
    arrays = {key for key, value in OTHER_BODIES.items() if isinstance(value, list)}
    assert arrays == set(OTHER_BODY_TESTS)
    for test in OTHER_BODY_TESTS.values():
        assert callable(globals()[test]), test


def cents(amount: Any) -> Any:
    """A JSON amount in dollars as cents, None as None."""
    return None if amount is None else round(amount * 100)


@pytest.mark.parametrize("array, case", GUARANTEE_BODY_CASES)
def test_guarantee_body(array, case):
    read, remake = GUARANTEE_READERS[array]
    verdict = case["verdict"]
    if "accepted" in verdict:
        written = verdict["accepted"]
        value = read(case["body"])
        assert value.to_dict() == written
        assert json.loads(value.to_json()) == written
        # What is written back reads back as the same value, and the value
        # is made again from what it exposes.
        assert read(value.to_json()) == value
        assert remake(value) == value
        assert hash(remake(value)) == hash(value)
        if array == "confirmGuaranteeRequests":
            assert value.guarantee_accepted is written["guaranteeAccepted"]
        else:
            assert value.session_id == written["sessionId"]
            assert value.reference_id == written["referenceId"]
        if array == "guaranteeOffered":
            assert value.when == written["when"]
            assert value.amount_cents == cents(written["amount"])
            assert value.guaranteed_cents == cents(written["highestDebitAmountToGuarantee"])
    else:
        with pytest.raises(DecodeError) as raised:
            read(case["body"])
        assert_invalid_body(raised.value, verdict)


def assert_invalid_body(error: DecodeError, verdict: dict[str, Any]) -> None:
    """A refusal of serde's path, as other-bodies.json writes it."""
    assert (error.kind, str(error)) == (verdict["error"], verdict["message"])
    assert (error.http_status, error.title) == (400, "Invalid Body")
    assert error.problem["detail"] == verdict["message"]
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    "case", OTHER_BODIES["sessionDetails"], ids=lambda case: f"sessionDetails: {case['name']}"
)
def test_session_details(case):
    verdict = case["verdict"]
    if "error" in verdict:
        with pytest.raises(DecodeError) as raised:
            eft_session.read_session_details(case["body"])
        assert_invalid_body(raised.value, verdict)
        with pytest.raises(DecodeError):
            SessionDetails.from_json(case["body"])
        return
    written = verdict["accepted"]
    value = eft_session.read_session_details(case["body"])
    assert SessionDetails.from_json(case["body"]) == value
    # Written back in the session's own product's spelling, as the crate
    # writes it, and in either product's on request.
    assert value.to_dict() == written
    assert json.loads(value.to_json()) == written
    product = Product.GEFT if written["options"]["guarantee"]["enable"] else Product.EFT_V2
    assert value.product == product
    assert value.to_dict(product=product) == written
    other = Product.EFT_V2 if product == Product.GEFT else Product.GEFT
    in_other = value.to_dict(product=other)
    assert in_other["status"] == value.status.as_str_in(other)
    assert {**in_other, "status": written["status"]} == written
    # What is written back, in either spelling, reads back as the same value.
    for text in (value.to_json(), value.to_json(product=other)):
        again = eft_session.read_session_details(text)
        assert again == value and hash(again) == hash(value)
    assert value.session_id == written["sessionId"]
    assert value.status.as_str_in(product) == written["status"]
    assert value.reference_id == written["referenceId"]
    assert value.amount_cents == cents(written["amount"])
    assert value.step == (written["step"] or {}).get("current")
    assert value.created_at == written["createdAt"]
    assert value.options == written["options"]
    assert value.payor == written["payor"]
    assert value.payee == written["payee"]
    assert value.user_details == written.get("userDetails")
    assert value.guarantee_details == written.get("guaranteeDetails")


def remade_request(value: InitiateRequest) -> InitiateRequest:
    """The request made again from what it exposes."""
    return InitiateRequest(
        value.product,
        value.first_name,
        value.last_name,
        reference_id=value.reference_id,
        amount_cents=value.amount_cents,
        currency=value.currency,
        email=value.email,
    )


# The fields `InitiateRequest(...)` sets: a request with no other is made
# again from what it exposes.
CONSTRUCTED = {"type", "direction", "referenceId", "currency", "amount", "options", "payor"}
CONSTRUCTED_PAYOR = {"firstName", "lastName", "email"}


@pytest.mark.parametrize(
    "case", OTHER_BODIES["initiateRequests"], ids=lambda case: f"initiateRequests: {case['name']}"
)
def test_initiate_request(case):
    verdict = case["verdict"]
    if "error" in verdict:
        with pytest.raises(DecodeError) as raised:
            eft_session.read_initiate_request(case["body"])
        assert_invalid_body(raised.value, verdict)
        return
    value = eft_session.read_initiate_request(case["body"])
    assert InitiateRequest.from_json(case["body"]) == value
    # The vectors' requests carry only fields the request keeps: each is
    # written back as it was sent, and reads back as the same value.
    body = json.loads(case["body"])
    assert value.to_dict() == body
    assert json.loads(value.to_json()) == body
    again = eft_session.read_initiate_request(value.to_json())
    assert again == value and hash(again) == hash(value)
    enabled = body["options"]["guarantee"]["enable"]
    assert value.product == (Product.GEFT if enabled else Product.EFT_V2)
    assert (value.first_name, value.last_name) == (
        body["payor"]["firstName"],
        body["payor"]["lastName"],
    )
    assert value.reference_id == body.get("referenceId")
    assert value.amount_cents == cents(body.get("amount"))
    if set(body) <= CONSTRUCTED and set(body["payor"]) <= CONSTRUCTED_PAYOR:
        assert remade_request(value) == value
        assert hash(remade_request(value)) == hash(value)
    if verdict["valid"]:
        assert set(verdict) == {"valid", "product"}
        value.validate()
        assert str(value.product) == verdict["product"]
    else:
        assert set(verdict) == {"valid", "problem"}
        with pytest.raises(ValidationError) as invalid:
            value.validate()
        error = invalid.value
        problem = verdict["problem"]
        assert error.problem == problem
        assert error.kind == "Violations"
        assert (error.http_status, error.title) == (problem["status"], problem["title"])
        assert error.errors == problem["errors"]
        assert list(error.errors) == list(problem["errors"])
        assert str(error) == "; ".join(
            f"{field}: {message}"
            for field, messages in problem["errors"].items()
            for message in messages
        )
        assert isinstance(error, ValueError)


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
    return [step_record(step) for step in steps]


@pytest.mark.parametrize(
    "trace",
    TRACES,
    ids=[
        " ".join([f"trace {number} ({len(trace['steps'])} steps)", trace.get("name", "")]).strip()
        for number, trace in enumerate(TRACES)
    ],
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
                created = Session(session_id, command["referenceId"])
                sessions[session_id] = created.in_product(command["product"])
                assert str(sessions[session_id].product) == command["product"]
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
                elif op == "confirmGuarantee":
                    taken_step, body = session.confirm_guarantee(command["guaranteeAccepted"])
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
                "guarantee": str(session.guarantee),
            }
            for session in sessions.values()
        ]
        assert states == step["states"], f"step {number}: {command}"
        for session_id, session in sessions.items():
            # The log does not record the product: a GEFT session with no
            # offer yet replays as EFT V2 unless told.
            replayed = Session.replay(
                session_id, session.reference_id, logs[session_id], product=session.product
            )
            assert replayed == session, f"step {number}: the log of {session_id}"
            assert Session.replay(session_id, session.reference_id, logs[session_id]).state == (
                session.state
            )
