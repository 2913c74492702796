"""The Python surface: the exception hierarchy and what each exception
carries, bad input raising typed exceptions with the crate's messages,
sessions and bodies end to end, GEFT's guarantee decision (accepted,
rejected, accepted automatically, undelivered, confirmed twice, refused for
EFT V2), and a docstring on everything public."""

import copy
import inspect
import json
import re
import uuid
from typing import Any

import eft_session
import pytest
from eft_session import (
    CancelResponse,
    ConfirmGuaranteeRequest,
    ConfirmGuaranteeResponse,
    DecodeError,
    EftSessionError,
    Event,
    EventKind,
    GuaranteeOffered,
    GuaranteeStage,
    ObserveError,
    ParseError,
    Product,
    ReplayError,
    Session,
    SessionState,
    SessionStatus,
    StateError,
    StatusDetail,
    StatusResponse,
    Transition,
    TransitionError,
    ValidationError,
    WebhookError,
    WebhookEvent,
)

ID = "850750a4-3021-4061-ac03-a8d873aa4179"
OTHER = "86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10"
BAD_REQUEST = "https://tools.ietf.org/html/rfc9110#section-15.5.1"


def test_the_hierarchy():
    for error in (
        TransitionError,
        ObserveError,
        ReplayError,
        DecodeError,
        WebhookError,
        ParseError,
        StateError,
        ValidationError,
    ):
        assert issubclass(error, EftSessionError)
        assert error.__module__ == "eft_session"
        assert error.__doc__
    assert issubclass(EftSessionError, Exception)
    # Refused values are also ValueErrors; refused operations are not.
    for error in (DecodeError, ParseError, StateError, ValidationError):
        assert issubclass(error, ValueError)
    for error in (TransitionError, ObserveError, ReplayError, WebhookError):
        assert not issubclass(error, ValueError)


def test_the_readme_session():
    session = Session(ID, "USER12345")
    assert (session.status, session.detail) == (SessionStatus.INITIATED, StatusDetail.EFT0101)
    session.apply(Event.start())
    step, body = session.cancel()
    assert str(step) == "InProgress -> Cancelled (EFT0501)"
    assert json.dumps(body, separators=(",", ":")) == (
        '{"sessionId":"850750a4-3021-4061-ac03-a8d873aa4179","referenceId":"USER12345",'
        '"status":"Cancelled","statusDetails":"EFT0501"}'
    )
    before = copy.copy(session)
    with pytest.raises(TransitionError) as raised:
        session.cancel()
    assert session == before
    error = raised.value
    assert str(error) == "cannot cancel session: already terminal at Cancelled (EFT0501)"
    assert (error.kind, error.http_status, error.title) == (
        "AlreadyTerminal",
        400,
        "Session Already Terminal",
    )
    # A session's refusal names the session, as `for_transition_error` does.
    assert error.problem == {
        "type": BAD_REQUEST,
        "title": "Session Already Terminal",
        "status": 400,
        "detail": f"session {ID}: cannot cancel session: already terminal at Cancelled (EFT0501)",
        "sessionStatus": "Cancelled",
        "statusDetails": "EFT0501",
    }


def test_cancel_in_geft_spelling():
    _, body = Session(ID, "Happy2").cancel(product="GEFT")
    assert body["status"] == "Canceled"
    assert CancelResponse.from_json(json.dumps(body)).status == SessionStatus.CANCELLED


def test_status_response():
    session = Session(uuid.UUID(int=0))
    assert session.status_response(amount_cents=50_000) == (
        '{"sessionId":"00000000-0000-0000-0000-000000000000","referenceId":null,'
        '"amount":500,"status":"Initiated","statusDetails":"EFT0101"}'
    )
    assert json.loads(session.status_response())["amount"] is None
    assert json.loads(session.status_response(1234))["amount"] == 12.34
    session.cancel()
    assert json.loads(session.status_response(product=Product.GEFT))["status"] == "Canceled"
    # Read back, the body reports the session's state.
    read = eft_session.read_status_response(session.status_response(1234))
    assert (read.state, read.amount_cents, read.reference_id) == (session.state, 1234, None)


def test_a_negative_amount_is_the_crates_verdict():
    with pytest.raises(ParseError) as raised:
        Session(ID).status_response(amount_cents=-5)
    assert str(raised.value) == 'amount "-0.05" is negative'
    assert (raised.value.kind, raised.value.title) == ("Negative", "Invalid Amount")
    with pytest.raises(ParseError) as raised:
        Session(ID).status_response(amount_cents=2**64)
    assert raised.value.kind == "TooLarge"


def test_observe_a_report_about_the_session():
    session = Session(ID)
    report = json.dumps({"sessionId": ID, "status": "Completed", "statusDetails": "EFT0302"})
    steps = session.observe_report(report)
    assert [str(step) for step in steps] == [
        "Initiated -> InProgress",
        "InProgress -> Completed (EFT0302)",
    ]
    assert session.observe_report(eft_session.read_status_response(report)) == []
    # A later EFT0301 conflicts with EFT0302: both are final.
    with pytest.raises(ObserveError) as raised:
        session.observe("Completed", "EFT0301")
    assert (raised.value.kind, raised.value.http_status) == ("AlreadyTerminal", 409)
    assert raised.value.title == "Conflicting Status Report"


def test_observe_a_webhook_event_and_another_sessions_report():
    body = json.dumps({"when": "2026-06-04T14:30:00Z", "sessionId": ID, "status": "InProgress"})
    event = eft_session.read_webhook_event(body)
    session = Session(ID)
    assert [str(step) for step in session.observe_report(event)] == ["Initiated -> InProgress"]
    assert event.when_unix_seconds == 1_780_583_400.0
    with pytest.raises(ObserveError) as raised:
        Session(OTHER).observe_report(event)
    assert raised.value.kind == "WrongSession"
    assert str(raised.value) == f"report is about session {ID}, not {OTHER}"
    with pytest.raises(DecodeError) as unreadable:
        session.observe_report("{")
    assert unreadable.value.kind == "Syntax"
    with pytest.raises(
        TypeError, match="expected a str, a StatusResponse or a WebhookEvent, not dict"
    ):
        session.observe_report({"sessionId": ID})  # type: ignore[arg-type]


def test_an_invalid_report_changes_nothing():
    session = Session(ID)
    with pytest.raises(ObserveError) as raised:
        session.observe("Completed", "EFT0501")
    assert (
        str(raised.value)
        == "invalid report: status detail EFT0501 belongs to Cancelled, not Completed"
    )
    assert (raised.value.kind, raised.value.http_status, raised.value.title) == (
        "Invalid",
        400,
        "Invalid Status Report",
    )
    assert session.state == SessionState.INITIATED


def test_replay():
    live = Session(ID, "A-1")
    log = [live.apply(Event.start()), live.apply(Event.fail("EFT0401"))]
    assert Session.replay(ID, "A-1", log) == live
    assert Session.replay(ID, "A-1", iter(log)) == live
    with pytest.raises(ReplayError) as raised:
        Session.replay(ID, None, [log[1]])
    error = raised.value
    assert str(error) == "step 0 leaves InProgress, but the session is Initiated (EFT0101) there"
    assert (error.kind, error.http_status, error.title) == (
        "CorruptLog",
        500,
        "Corrupt Session Log",
    )
    assert (error.index, error.step, error.state) == (0, log[1], SessionState.INITIATED)
    assert error.problem["type"] == "https://tools.ietf.org/html/rfc9110#section-15.6.1"
    with pytest.raises(TypeError, match="expected a Transition, not dict"):
        Session.replay(ID, None, [log[0].to_dict()])  # type: ignore[list-item]


def test_recorded_steps_are_checked():
    row = {"from": "Initiated", "to": "Cancelled", "statusDetails": "EFT0501"}
    step = Transition(row["from"], row["to"], row["statusDetails"])
    assert step.to_dict() == row
    assert step.event == Event.cancel()
    with pytest.raises(TransitionError) as raised:
        Transition("Expired", "Cancelled", "EFT0501")
    assert str(raised.value) == "cannot cancel session: already terminal at Expired"
    with pytest.raises(TransitionError) as raised:
        Transition("Initiated", "Initiated", "EFT0101")
    assert (raised.value.kind, raised.value.http_status) == ("Unreachable", 409)
    assert str(raised.value) == "no event leads from Initiated to Initiated"
    with pytest.raises(TransitionError) as raised:
        Transition("Initiated", "Cancelled", "EFT0601")
    assert raised.value.kind == "InvalidTarget"
    assert (
        str(raised.value)
        == "invalid transition target: status detail EFT0601 belongs to Expired, not Cancelled"
    )


def test_states():
    assert str(SessionState("Expired", "EFT0601")) == "Expired (EFT0601)"
    assert SessionState("InProgress").detail is None
    assert SessionState("InProgress", "EFT0101").is_same_state_as(SessionState("InProgress"))
    with pytest.raises(StateError) as raised:
        SessionState("Failed")
    assert (raised.value.kind, str(raised.value)) == (
        "MissingDetail",
        "status Failed needs a status detail code",
    )
    with pytest.raises(StateError) as raised:
        SessionState(SessionStatus.COMPLETED, StatusDetail.EFT0501)
    assert raised.value.kind == "Contradiction"
    assert raised.value.title == "Invalid Status Detail"
    terminal = SessionState("Failed", "EFT0401")
    with pytest.raises(
        TransitionError, match=r"cannot start session: already terminal at Failed \(EFT0401\)"
    ):
        terminal.transition(Event.start())
    assert Event.reaching(terminal) == Event.fail("EFT0401")
    assert Event.reaching(SessionState.INITIATED) is None


def test_values():
    assert SessionStatus("Canceled") is not SessionStatus.CANCELLED
    assert SessionStatus("Canceled") == SessionStatus.CANCELLED
    assert {SessionStatus("Canceled"), SessionStatus.CANCELLED} == {SessionStatus.CANCELLED}
    assert SessionStatus.INITIATED < SessionStatus.EXPIRED
    assert repr(SessionStatus.IN_PROGRESS) == "SessionStatus('InProgress')"
    assert eval(repr(Event.complete("EFT0302")), vars(eft_session)) == Event.complete("EFT0302")
    assert eval(repr(SessionState("Expired", "EFT0601")), vars(eft_session)) == SessionState(
        "Expired", "EFT0601"
    )
    assert eval(
        repr(Transition("InProgress", "Failed", "EFT0404")), vars(eft_session)
    ) == Transition("InProgress", "Failed", "EFT0404")
    unknown = StatusDetail("EFT0405")
    assert (unknown.status, unknown.is_known, unknown.description, unknown.products) == (
        SessionStatus.FAILED,
        False,
        None,
        None,
    )
    assert StatusDetail.from_number(700) is None
    assert str(StatusDetail.from_number(477)) == "EFT0477"
    assert Product.GEFT.cancelled_spelling == "Canceled"
    assert (Product.EFT_V2.max_reference_id_len, Product.GEFT.max_reference_id_len) == (36, 100)
    assert Product.GEFT.accepts_payee and not Product.EFT_V2.accepts_payee
    assert [str(kind) for kind in EventKind.all()] == [
        "start",
        "complete",
        "fail",
        "cancel",
        "expire",
        "offer-guarantee",
        "accept-guarantee",
        "auto-accept-guarantee",
        "reject-guarantee",
        "guarantee-undelivered",
    ]
    assert EventKind("expire").target == SessionStatus.EXPIRED
    assert EventKind.FAIL.example() == Event("fail", "EFT0401")
    assert (Event.cancel(), Event.expire()) == (
        Event("cancel", "EFT0501"),
        Event("expire", "EFT0601"),
    )
    assert Event.expire("EFT0650").status_details == StatusDetail("EFT0650")
    assert Event.start().status_details is None and Event.start().kind == EventKind.START


@pytest.mark.parametrize(
    "call, kind, title, message",
    [
        (
            lambda: SessionStatus("Processing"),
            "UnknownStatus",
            "Invalid Session Status",
            'unknown session status "Processing"',
        ),
        (
            lambda: StatusDetail("EFT501"),
            "Malformed",
            "Invalid Status Detail",
            'malformed status detail "EFT501": expected EFT and four digits',
        ),
        (
            lambda: StatusDetail("EFT0901"),
            "UnknownFamily",
            "Invalid Status Detail",
            'status detail "EFT0901" is in unknown family 09',
        ),
        (
            lambda: Event.complete("eft0301"),
            "Malformed",
            "Invalid Status Detail",
            'malformed status detail "eft0301": expected EFT and four digits',
        ),
        (lambda: Session(ID, ""), "Empty", "Invalid Reference Id", None),
        (lambda: Session(ID, "x" * 101), "TooLong", "Invalid Reference Id", None),
        (lambda: Session("not-a-uuid"), "InvalidSessionId", "Invalid Session Id", None),
        (
            lambda: Product("EFT"),
            "UnknownProduct",
            "Invalid Product",
            "unknown product 'EFT': expected 'EFT V2' or 'GEFT'",
        ),
        (
            lambda: Event("begin"),
            "UnknownEventKind",
            "Invalid Event",
            "unknown event kind 'begin': expected one of start, complete, fail, cancel, expire, "
            "offer-guarantee, accept-guarantee, auto-accept-guarantee, reject-guarantee, "
            "guarantee-undelivered",
        ),
        (
            lambda: Event("complete"),
            "MissingCode",
            "Invalid Event",
            "a complete event needs a status detail code",
        ),
        (
            lambda: Event("start", "EFT0101"),
            "UnexpectedCode",
            "Invalid Event",
            "a start event carries no status detail code, not EFT0101",
        ),
        (
            lambda: Event("accept-guarantee", "EFT0402"),
            "UnexpectedCode",
            "Invalid Event",
            "an accept-guarantee event carries no status detail code, not EFT0402",
        ),
        (
            lambda: Event("reject-guarantee"),
            "MissingCode",
            "Invalid Event",
            "a reject-guarantee event needs a status detail code",
        ),
        (
            lambda: Event("expire"),
            "MissingCode",
            "Invalid Event",
            "an expire event needs a status detail code",
        ),
        (
            lambda: GuaranteeStage("Pending"),
            "UnknownGuaranteeStage",
            "Invalid Guarantee Stage",
            "unknown guarantee stage 'Pending': expected one of NotOffered, Offered, Accepted, "
            "AutoAccepted, Rejected, Undelivered",
        ),
        (
            lambda: SessionState("InProgress", guarantee="accepted"),
            "UnknownGuaranteeStage",
            "Invalid Guarantee Stage",
            None,
        ),
        (
            lambda: GuaranteeOffered("yesterday", ID),
            "InvalidTimestamp",
            "Invalid Timestamp",
            'invalid timestamp "yesterday": expected RFC 3339, such as 2026-06-04T14:30:00Z',
        ),
        (
            lambda: GuaranteeOffered(0, ID, amount_cents=-1),
            "Negative",
            "Invalid Amount",
            None,
        ),
        (
            lambda: ConfirmGuaranteeResponse(ID, ""),
            "Empty",
            "Invalid Reference Id",
            None,
        ),
        (
            lambda: Session(ID).status_response(product="geft"),
            "UnknownProduct",
            "Invalid Product",
            None,
        ),
    ],
)
def test_bad_values_raise_parse_errors(call, kind, title, message):
    with pytest.raises(ParseError) as raised:
        call()
    error = raised.value
    assert (error.kind, error.http_status, error.title) == (kind, 400, title)
    assert error.problem == {
        "type": BAD_REQUEST,
        "title": title,
        "status": 400,
        "detail": str(error),
    }
    assert str(error) == str(error).lower()[0] + str(error)[1:], "messages start in lower case"
    if message is not None:
        assert str(error) == message
    assert isinstance(error.input, str)


def test_a_long_input_is_cut_in_the_error():
    with pytest.raises(ParseError) as raised:
        Session("x" * 1000)
    assert len(raised.value.input) == 65 and raised.value.input.endswith("…")
    assert len(str(raised.value)) < 200


NOT_A_WHEN = "expected an RFC 3339 str or seconds since the Unix epoch"


def verify(secrets: Any, body: Any) -> WebhookEvent:
    """`verify_webhook` with arguments of any type."""
    return eft_session.verify_webhook(secrets, "sha256=00", body, 0, 0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: SessionStatus(3), "expected a SessionStatus or a str, not int"),  # type: ignore[arg-type]
        (lambda: Event("fail", 401), "expected a StatusDetail or a str, not int"),  # type: ignore[arg-type]
        (lambda: Session(12345), "expected a session id (str or uuid.UUID), not int"),  # type: ignore[arg-type]
        (lambda: Session(ID).apply("start"), "Event"),  # type: ignore[arg-type]
        (lambda: eft_session.read_status_response(b"{}"), "str"),  # type: ignore[arg-type]
        (lambda: verify(None, b"{}"), "expected a secret or a list of secrets, not NoneType"),
        (lambda: verify([1], b"{}"), "expected a secret (bytes or str), not int"),
        (lambda: verify(b"k", "{}"), "bytes"),
        (lambda: GuaranteeOffered(True, ID), f"{NOT_A_WHEN}, not bool"),  # type: ignore[arg-type]
        (lambda: GuaranteeOffered(None, ID), f"{NOT_A_WHEN}, not NoneType"),  # type: ignore[arg-type]
        (lambda: SessionState("InProgress", guarantee=1), "a GuaranteeStage or a str, not int"),  # type: ignore[arg-type]
        (lambda: Session(ID).confirm_guarantee("true"), "bool"),  # type: ignore[arg-type]
        (lambda: ConfirmGuaranteeRequest(1), "bool"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_raise_type_errors(call, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        call()


@pytest.mark.parametrize(
    "now, tolerance", [(-1, 300), (float("nan"), 300), (0, float("inf")), (1e300, 0)]
)
def test_clock_readings_outside_their_domain_raise_value_errors(now, tolerance):
    with pytest.raises(ValueError, match="must be a finite number of seconds, at least 0"):
        eft_session.verify_webhook(b"k", None, b"{}", now, tolerance)


def test_a_session_id_may_be_a_uuid():
    assert Session(uuid.UUID(ID)).session_id == ID
    assert Session(ID.upper()).session_id == ID


def test_webhook_secrets_and_signatures():
    body = json.dumps(
        {
            "when": "2026-06-04T14:30:00Z",
            "sessionId": ID,
            "status": "Canceled",
            "statusDetails": "EFT0501",
        }
    ).encode()
    header = eft_session.sign_webhook("whsec_new", body)
    assert header == eft_session.sign_webhook(b"whsec_new", bytearray(body))
    assert header.startswith(eft_session.SIGNATURE_PREFIX) and len(header) == 7 + 64
    now = 1_780_583_400
    # One secret as str, bytes or bytearray; several while rotating.
    rotations: list[Any] = [
        "whsec_new",
        b"whsec_new",
        bytearray(b"whsec_new"),
        [b"whsec_old", "whsec_new"],
        ("whsec_new",),
    ]
    for secrets in rotations:
        event = eft_session.verify_webhook(secrets, header, body, now, 0)
        assert isinstance(event, WebhookEvent) and event.status == SessionStatus.CANCELLED
    with pytest.raises(WebhookError) as raised:
        eft_session.verify_webhook([], header, body, now, 0)
    assert (raised.value.kind, raised.value.http_status, raised.value.verified_body) == (
        "Signature",
        401,
        None,
    )
    headers = ", ".join([header] * (eft_session.MAX_SIGNATURES + 1))
    with pytest.raises(WebhookError, match="more than 8 signatures"):
        eft_session.verify_webhook("whsec_new", headers, body, now, 0)


def test_a_signed_body_that_is_not_utf8_is_handed_back():
    body = b"\xff{}"
    with pytest.raises(WebhookError) as raised:
        eft_session.verify_webhook(b"k", eft_session.sign_webhook(b"k", body), body, 0, 0)
    error = raised.value
    assert (error.kind, error.http_status, error.title) == ("NotUtf8", 400, "Unreadable Webhook")
    assert error.verified_body == body
    assert str(error) == "webhook body is not UTF-8 (at byte 0)"


def test_bodies_are_values():
    text = json.dumps(
        {
            "sessionId": ID,
            "referenceId": "Happy1",
            "amount": 5,
            "status": "Completed",
            "statusDetails": "EFT0301",
        }
    )
    first, second = StatusResponse.from_json(text), eft_session.read_status_response(text)
    assert first == second and hash(first) == hash(second)
    assert (first.amount_cents, first.reference_id, first.detail) == (
        500,
        "Happy1",
        StatusDetail.EFT0301,
    )
    assert repr(first).startswith("StatusResponse({")
    with pytest.raises(TypeError):
        StatusResponse()
    with pytest.raises(DecodeError) as raised:
        eft_session.read_cancel_response(text)
    assert str(raised.value) == "a cancel response must be Cancelled, not Completed"


def test_sessions_are_mutable_and_unhashable():
    session = Session(ID)
    with pytest.raises(TypeError):
        hash(session)
    copied = copy.deepcopy(session)
    copied.apply(Event.start())
    assert session.status == SessionStatus.INITIATED and copied.status == SessionStatus.IN_PROGRESS
    assert session != copied
    with pytest.raises(AttributeError):
        session.status = SessionStatus.COMPLETED  # type: ignore[misc]


def test_the_package_re_exports_every_name_of_the_extension():
    native = eft_session._native
    assert set(native.__all__) - {"__version__"} == set(eft_session.__all__)
    for name in native.__all__:
        assert getattr(eft_session, name) is getattr(native, name), name
    assert eft_session.__version__ == native.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", eft_session.__version__)


def public_names():
    for name in eft_session.__all__:
        value = getattr(eft_session, name)
        if inspect.isclass(value) or callable(value):
            yield name, value


@pytest.mark.parametrize(
    "name, value", list(public_names()), ids=[name for name, _ in public_names()]
)
def test_everything_public_has_a_docstring(name, value):
    assert value.__doc__ and value.__doc__.strip(), name
    if inspect.isclass(value) and not issubclass(value, BaseException):
        for member, attribute in vars(value).items():
            if member.startswith("_") or not (
                callable(attribute) or inspect.isdatadescriptor(attribute)
            ):
                continue
            assert attribute.__doc__ and attribute.__doc__.strip(), f"{name}.{member}"


# ---- GEFT's guarantee decision ----

SECOND = "86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10"


def offered(reference_id: Any = "Happy1") -> tuple[Session, list[Transition]]:
    """A GEFT session in progress with a guarantee offer pending, and its log."""
    session = Session(ID, reference_id).in_product(Product.GEFT)
    assert (session.product, session.guarantee) == (Product.GEFT, GuaranteeStage.NOT_OFFERED)
    log = [session.apply(Event.start()), session.apply(Event.offer_guarantee())]
    assert str(log[1]) == "InProgress -> InProgress, guarantee Offered"
    assert session.guarantee == GuaranteeStage.OFFERED and session.guarantee.is_pending
    return session, log


def refused(session: Session, call: Any) -> TransitionError:
    """The TransitionError `call` raises, having changed nothing."""
    before = copy.copy(session)
    with pytest.raises(TransitionError) as raised:
        call()
    assert session == before
    error = raised.value
    assert error.problem["status"] == error.http_status
    assert error.problem["title"] == error.title
    assert error.problem["detail"] == f"session {session.session_id}: {error}"
    return error


def test_an_accepted_guarantee_lets_the_session_complete():
    session, log = offered()
    # While the offer awaits a decision, the session cannot complete.
    error = refused(session, lambda: session.apply(Event.complete("EFT0301")))
    assert (error.kind, error.http_status, error.title) == (
        "GuaranteePending",
        409,
        "Guarantee Decision Pending",
    )
    assert str(error) == "cannot complete session: its guarantee offer awaits a decision"
    step, body = session.confirm_guarantee(True)
    assert body == {"sessionId": ID, "referenceId": "Happy1"}
    assert ConfirmGuaranteeResponse.from_json(json.dumps(body)) == ConfirmGuaranteeResponse(
        ID, "Happy1"
    )
    assert (step.from_status, step.to_status, step.status_details) == (
        SessionStatus.IN_PROGRESS,
        SessionStatus.IN_PROGRESS,
        None,
    )
    assert (step.from_guarantee, step.guarantee) == (
        GuaranteeStage.OFFERED,
        GuaranteeStage.ACCEPTED,
    )
    assert step.event == Event.accept_guarantee()
    assert step.to_dict() == {
        "from": "InProgress",
        "to": "InProgress",
        "statusDetails": None,
        "fromGuarantee": "Offered",
        "guarantee": "Accepted",
    }
    assert session.state == SessionState("InProgress", None, "Accepted")
    done = session.apply(Event.complete("EFT0301"))
    assert str(done) == "InProgress, guarantee Accepted -> Completed (EFT0301), guarantee Accepted"
    assert (session.status, session.guarantee) == (SessionStatus.COMPLETED, GuaranteeStage.ACCEPTED)
    log += [step, done]
    # The log rebuilds the session; a log with an offer is GEFT's by itself.
    assert Session.replay(ID, "Happy1", log) == session
    assert Session.replay(ID, "Happy1", log).product == Product.GEFT
    # A recorded step is checked with its stages.
    row = step.to_dict()
    assert (
        Transition(
            row["from"],
            row["to"],
            row["statusDetails"],
            from_guarantee=row.get("fromGuarantee"),
            guarantee=row.get("guarantee"),
        )
        == step
    )


def test_a_rejected_guarantee_fails_the_session_and_a_second_confirm_is_400():
    session, _ = offered()
    step, body = session.confirm_guarantee(False)
    assert body == {"sessionId": ID, "referenceId": "Happy1"}
    assert str(step) == "InProgress, guarantee Offered -> Failed (EFT0402), guarantee Rejected"
    assert step.event == Event.reject_guarantee() == Event("reject-guarantee", "EFT0402")
    assert session.state == SessionState(
        SessionStatus.FAILED, eft_session.GUARANTEE_FAILURE, GuaranteeStage.REJECTED
    )
    assert session.is_terminal
    for accepted in (False, True):
        error = refused(session, lambda accepted=accepted: session.confirm_guarantee(accepted))
        assert (error.kind, error.http_status, error.title) == (
            "AlreadyTerminal",
            400,
            "Session Already Terminal",
        )
    assert str(error) == (
        "cannot accept the guarantee of session: already terminal at Failed (EFT0402)"
    )


def test_confirming_twice_is_409_and_changes_nothing():
    session, _ = offered()
    session.confirm_guarantee(True)
    for accepted in (True, False):
        error = refused(session, lambda accepted=accepted: session.confirm_guarantee(accepted))
        assert (error.kind, error.http_status, error.title) == (
            "NoGuaranteeOffer",
            409,
            "No Guarantee Offer Pending",
        )
    assert str(error) == (
        "cannot reject the guarantee of session: no guarantee offer is pending "
        "(guarantee Accepted, status InProgress)"
    )
    assert error.problem["type"] == "https://tools.ietf.org/html/rfc9110#section-15.5.10"
    assert session.guarantee == GuaranteeStage.ACCEPTED


def test_a_confirm_before_any_offer_is_409():
    session = Session(ID).in_product("GEFT")
    error = refused(session, lambda: session.confirm_guarantee(True))
    assert (error.kind, error.http_status) == ("NoGuaranteeOffer", 409)
    assert str(error).endswith("(guarantee NotOffered, status Initiated)")
    session.apply(Event.start())
    error = refused(session, lambda: session.confirm_guarantee(False))
    assert (error.kind, error.http_status) == ("NoGuaranteeOffer", 409)
    assert str(error).endswith("(guarantee NotOffered, status InProgress)")


def test_an_automatic_acceptance_then_a_confirm_is_409():
    session, log = offered(None)
    step = session.apply(Event.auto_accept_guarantee())
    assert (step.from_guarantee, step.guarantee) == (
        GuaranteeStage.OFFERED,
        GuaranteeStage.AUTO_ACCEPTED,
    )
    assert session.guarantee.is_accepted and not session.guarantee.is_pending
    error = refused(session, lambda: session.confirm_guarantee(True))
    assert error.kind == "NoGuaranteeOffer"
    log += [step, session.apply(Event.complete("EFT0302"))]
    assert session.state == SessionState("Completed", "EFT0302", "AutoAccepted")
    assert Session.replay(ID, None, log) == session


def test_an_undelivered_guarantee_fails_the_session():
    session, _ = offered()
    step = session.apply(Event.guarantee_undelivered())
    assert step.event == Event("guarantee-undelivered", "EFT0402")
    assert session.state == SessionState("Failed", "EFT0402", "Undelivered")
    assert eft_session.GUARANTEE_DELIVERY_ATTEMPTS == 3
    # A code of another family is refused.
    other, _ = offered()
    error = refused(other, lambda: other.apply(Event.guarantee_undelivered("EFT0501")))
    assert (error.kind, error.http_status) == ("DetailMismatch", 400)


def test_an_eft_v2_session_refuses_the_guarantee_with_400():
    session = Session(ID, "USER12345")
    assert (session.product, session.guarantee) == (Product.EFT_V2, GuaranteeStage.NOT_OFFERED)
    session.apply(Event.start())
    for call in (
        lambda: session.confirm_guarantee(True),
        lambda: session.confirm_guarantee(False),
        lambda: session.apply(Event.offer_guarantee()),
        lambda: session.apply(Event.auto_accept_guarantee()),
    ):
        error = refused(session, call)
        assert (error.kind, error.http_status, error.title) == (
            "GuaranteeNotEnabled",
            400,
            "Guarantee Not Enabled",
        )
    assert str(error) == (
        "cannot auto-accept the guarantee of session: EFT V2 sessions offer no guarantee"
    )
    # Once terminal, the session answers "already terminal" first.
    session.cancel()
    error = refused(session, lambda: session.confirm_guarantee(True))
    assert (error.kind, error.http_status) == ("AlreadyTerminal", 400)


def test_in_product_makes_a_new_session_and_an_offered_one_stays_geft():
    eft = Session(ID)
    geft = eft.in_product("GEFT")
    assert (eft.product, geft.product) == (Product.EFT_V2, Product.GEFT)
    assert eft != geft
    assert geft.in_product(Product.EFT_V2) == eft
    session, _ = offered()
    assert session.in_product("EFT V2").product == Product.GEFT
    assert "product='GEFT'" in repr(session) and "guarantee Offered" in repr(session)


def test_guarantee_stages():
    assert [str(stage) for stage in GuaranteeStage.all()] == [
        "NotOffered",
        "Offered",
        "Accepted",
        "AutoAccepted",
        "Rejected",
        "Undelivered",
    ]
    assert GuaranteeStage("AutoAccepted") == GuaranteeStage.AUTO_ACCEPTED
    assert repr(GuaranteeStage.OFFERED) == "GuaranteeStage('Offered')"
    assert GuaranteeStage.NOT_OFFERED < GuaranteeStage.UNDELIVERED
    assert [stage.is_offered for stage in GuaranteeStage.all()] == [False] + [True] * 5
    assert [str(s) for s in GuaranteeStage.all() if s.is_accepted] == ["Accepted", "AutoAccepted"]
    assert [str(s) for s in GuaranteeStage.all() if s.is_pending] == ["Offered"]
    assert GuaranteeStage.REJECTED.goes_with("Failed")
    assert not GuaranteeStage.REJECTED.goes_with(SessionStatus.IN_PROGRESS)
    assert not GuaranteeStage.OFFERED.goes_with("Completed")
    assert GuaranteeStage.OFFERED.is_in("GEFT") and not GuaranteeStage.OFFERED.is_in("EFT V2")
    assert GuaranteeStage.NOT_OFFERED.is_in(Product.EFT_V2)
    assert [str(kind) for kind in EventKind.all() if kind.is_guarantee] == [
        "offer-guarantee",
        "accept-guarantee",
        "auto-accept-guarantee",
        "reject-guarantee",
        "guarantee-undelivered",
    ]
    assert not EventKind.OFFER_GUARANTEE.decides_guarantee
    assert EventKind.GUARANTEE_UNDELIVERED.decides_guarantee
    assert EventKind("accept-guarantee") == EventKind.ACCEPT_GUARANTEE
    assert EventKind.ACCEPT_GUARANTEE.phrase == "accept the guarantee of"
    assert EventKind.ACCEPT_GUARANTEE.target == SessionStatus.IN_PROGRESS
    assert EventKind.REJECT_GUARANTEE.target == SessionStatus.FAILED
    assert EventKind.REJECT_GUARANTEE.guarantee_after("Offered") == GuaranteeStage.REJECTED
    assert EventKind.COMPLETE.guarantee_after("Accepted") == GuaranteeStage.ACCEPTED
    assert EventKind.REJECT_GUARANTEE.example() == Event.reject_guarantee()
    assert Event.reject_guarantee("EFT0404").status_details == StatusDetail.EFT0404
    assert Event.offer_guarantee().status_details is None
    assert eval(repr(Event.auto_accept_guarantee()), vars(eft_session)) == (
        Event.auto_accept_guarantee()
    )


def test_states_and_steps_with_a_guarantee_stage():
    offered_state = SessionState("InProgress").with_guarantee("Offered")
    assert offered_state == SessionState("InProgress", None, GuaranteeStage.OFFERED)
    assert str(offered_state) == "InProgress, guarantee Offered"
    assert eval(repr(offered_state), vars(eft_session)) == offered_state
    assert SessionState("InProgress").guarantee == GuaranteeStage.NOT_OFFERED
    assert Event.reaching(SessionState("Failed", "EFT0402", "Rejected")) == Event.reject_guarantee()
    assert Event.reaching(SessionState("Failed", "EFT0402")) == Event.fail("EFT0402")
    with pytest.raises(StateError) as raised:
        SessionState.INITIATED.with_guarantee("Offered")
    assert (raised.value.kind, raised.value.http_status, raised.value.title) == (
        "GuaranteeMismatch",
        400,
        "Invalid Guarantee Stage",
    )
    assert str(raised.value) == "guarantee Offered does not go with Initiated"
    # The transition function at the state's stage.
    step = offered_state.transition(Event.cancel())
    assert (step.to_status, step.guarantee) == (SessionStatus.CANCELLED, GuaranteeStage.OFFERED)
    assert eval(repr(step), vars(eft_session)) == step
    with pytest.raises(TransitionError) as refused_offer:
        offered_state.transition(Event.offer_guarantee())
    assert (refused_offer.value.kind, refused_offer.value.http_status) == ("NotAllowed", 409)
    # The status alone is at no offer: a decision is refused there.
    with pytest.raises(TransitionError) as no_offer:
        eft_session.transition("InProgress", Event.accept_guarantee())
    assert (no_offer.value.kind, no_offer.value.http_status) == ("NoGuaranteeOffer", 409)


def test_recorded_steps_are_checked_with_their_stages():
    accepted = Transition(
        "InProgress", "InProgress", from_guarantee="Offered", guarantee="Accepted"
    )
    assert accepted.event == Event.accept_guarantee()
    # Accepting an offer that was never made.
    with pytest.raises(TransitionError) as raised:
        Transition("InProgress", "InProgress", guarantee="Accepted")
    assert (raised.value.kind, raised.value.http_status) == ("NoGuaranteeOffer", 409)
    # A stage that cannot go with the target: an invalid target.
    with pytest.raises(TransitionError) as raised:
        Transition(
            "InProgress", "Completed", "EFT0301", from_guarantee="Offered", guarantee="Offered"
        )
    assert raised.value.kind == "InvalidTarget"
    assert (
        str(raised.value)
        == "invalid transition target: guarantee Offered does not go with Completed"
    )
    # A stage the event does not lead to.
    with pytest.raises(TransitionError) as raised:
        Transition(
            "InProgress", "Failed", "EFT0401", from_guarantee="Offered", guarantee="Accepted"
        )
    assert (raised.value.kind, raised.value.http_status) == ("Unreachable", 409)


def test_the_guarantee_bodies():
    request = ConfirmGuaranteeRequest(False)
    assert request.to_json() == '{"guaranteeAccepted":false}'
    assert request.to_dict() == {"guaranteeAccepted": False}
    assert eft_session.read_confirm_guarantee_request('{"guaranteeAccepted": "TRUE"}') == (
        ConfirmGuaranteeRequest(True)
    )
    assert repr(ConfirmGuaranteeRequest(True)) == "ConfirmGuaranteeRequest(True)"
    with pytest.raises(DecodeError) as raised:
        eft_session.read_confirm_guarantee_request('{"guaranteeAccepted": "yes"}')
    assert (raised.value.kind, raised.value.http_status, raised.value.title) == (
        "Invalid",
        400,
        "Invalid Body",
    )
    assert str(raised.value).startswith('guaranteeAccepted must be true or false, not "yes"')
    assert raised.value.problem == {
        "type": BAD_REQUEST,
        "title": "Invalid Body",
        "status": 400,
        "detail": str(raised.value),
    }
    # A server reads the request, then confirms.
    session, _ = offered()
    decision = eft_session.read_confirm_guarantee_request('{"guaranteeAccepted": "true"}')
    _, body = session.confirm_guarantee(decision.guarantee_accepted)
    assert ConfirmGuaranteeResponse.from_json(json.dumps(body)).reference_id == "Happy1"
    assert ConfirmGuaranteeResponse(uuid.UUID(SECOND)).to_dict() == {
        "sessionId": SECOND,
        "referenceId": None,
    }

    offer = GuaranteeOffered(
        "2026-06-04T16:30:00+02:00", ID, "Happy1", amount_cents=50_000, guaranteed_cents=25_050
    )
    assert GuaranteeOffered.NAME == "GuaranteeOffered"
    assert offer.to_json() == (
        '{"when":"2026-06-04T14:30:00Z","sessionId":"850750a4-3021-4061-ac03-a8d873aa4179",'
        '"referenceId":"Happy1","amount":500,"highestDebitAmountToGuarantee":250.5}'
    )
    assert (offer.when_unix_seconds, offer.amount_cents, offer.guaranteed_cents) == (
        1_780_583_400.0,
        50_000,
        25_050,
    )
    assert GuaranteeOffered(1_780_583_400, ID, "Happy1", 50_000, 25_050) == offer
    assert GuaranteeOffered(1_780_583_400.5, ID).when == "2026-06-04T14:30:00.5Z"
    assert eft_session.read_guarantee_offered(offer.to_json()) == offer
    assert repr(offer).startswith('GuaranteeOffered({"when":')
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="when must be a finite number of seconds, at least 0"):
            GuaranteeOffered(bad, ID)
