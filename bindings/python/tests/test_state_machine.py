"""A Hypothesis state machine in the style of the crate's reference model
(`strategy::model`): EFT V2 and GEFT sessions are created, any event is
applied to them, they are cancelled, their guarantee offers are confirmed
(accepted or rejected), and reported states (legal or not, valid or not)
are observed. After every step: a refused operation changed nothing, a
terminal session refuses cancel with 400, an EFT V2 session never leaves
`NotOffered`, every guarantee stage goes with its status, and replaying the
transitions handed out rebuilds every session."""

import copy
import uuid

from eft_session import (
    EftSessionError,
    Event,
    EventKind,
    GuaranteeStage,
    ObserveError,
    Product,
    Session,
    SessionState,
    SessionStatus,
    StatusDetail,
    Transition,
    TransitionError,
)
from hypothesis import HealthCheck, settings
from hypothesis import event as tally
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)


# Every code of the six families, documented or not (`EFT0477` is kept).
def code(number: int) -> StatusDetail:
    """The code of `number`, in a known family."""
    found = StatusDetail.from_number(number)
    assert found is not None, number
    return found


any_code = st.integers(min_value=100, max_value=699).map(code)
codes = st.one_of(st.sampled_from(StatusDetail.documented()), any_code)
# Kinds whose events carry a code, and those whose events carry none (start
# and the guarantee events that keep the session in progress).
coded_kinds = [kind for kind in EventKind.all() if kind.example().status_details is not None]
uncoded_events = [kind.example() for kind in EventKind.all() if kind not in coded_kinds]


def code_of_family(status: SessionStatus) -> st.SearchStrategy[StatusDetail]:
    """A code of `status`'s family: events lean toward legal ones, as the
    reference model's do, so that histories go somewhere."""
    first = status.detail_family * 100
    return st.integers(min_value=first, max_value=first + 99).map(code)


any_event = st.one_of(
    st.sampled_from(uncoded_events),
    st.builds(Event, st.sampled_from(coded_kinds), codes),
)
statuses = st.sampled_from(SessionStatus.all())
# Reports lean toward states that exist, as the reference model's do (3 to
# 1): a status with no code or one of its own family.
reported = st.one_of(
    statuses.flatmap(lambda status: st.tuples(st.just(status), st.none() | code_of_family(status))),
    statuses.flatmap(lambda status: st.tuples(st.just(status), st.none() | codes)),
)


def legal_kinds(session: Session) -> list[EventKind]:
    """The kinds the crate lets happen to `session` (asked, not restated)."""
    kinds = []
    for kind in EventKind.all():
        try:
            copy.copy(session).apply(kind.example())
        except TransitionError:
            continue
        kinds.append(kind)
    return kinds


def event_of_kind(kind: EventKind) -> st.SearchStrategy[Event]:
    """An event of `kind` with a code of its target's family, or none."""
    if kind not in coded_kinds:
        return st.just(kind.example())
    return code_of_family(kind.target).map(lambda code: Event(kind, code))


reference_ids = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=100),
)
indices = st.integers(min_value=0, max_value=1_000)
products = st.sampled_from(Product.all())


class SessionsMachine(RuleBasedStateMachine):
    """Python sessions driven like the reference model drives a store."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[Session] = []
        self.logs: list[list[Transition]] = []

    def take(self, index: int) -> tuple[int, Session, Session]:
        """A session by position, and a copy of it as it was."""
        index %= len(self.sessions)
        session = self.sessions[index]
        return index, session, copy.copy(session)

    @staticmethod
    def refused(session: Session, before: Session, error: EftSessionError) -> None:
        """A refusal changed nothing, and says so in a problem body."""
        assert session == before, f"{error!r} changed {before!r} into {session!r}"
        assert error.problem["status"] == error.http_status
        assert error.problem["title"] == error.title
        assert error.problem["detail"].endswith(str(error))

    @initialize(reference_id=reference_ids, product=products)
    def first_session(self, reference_id, product):
        self.create_session(reference_id, product)

    @rule(reference_id=reference_ids, product=products)
    def create(self, reference_id, product):
        self.create_session(reference_id, product)

    def create_session(self, reference_id, product):
        session_id = str(uuid.UUID(int=len(self.sessions) + 1))
        session = Session(session_id, reference_id).in_product(product)
        assert session.state == SessionState.INITIATED
        assert session.session_id == session_id
        assert session.reference_id == reference_id
        assert (session.product, session.guarantee) == (product, GuaranteeStage.NOT_OFFERED)
        self.sessions.append(session)
        self.logs.append([])

    @precondition(lambda self: self.sessions)
    @rule(index=indices, legal=st.booleans(), data=st.data())
    def apply(self, index, legal, data):
        index, session, _ = self.take(index)
        # Events lean toward legal ones, so that histories go somewhere.
        kinds = legal_kinds(session)
        if legal and kinds:
            event = data.draw(st.sampled_from(kinds).flatmap(event_of_kind), label="event")
        else:
            event = data.draw(any_event, label="event")
        self.apply_event(index, event)

    def deciding(self) -> list[int]:
        """The GEFT sessions not ended whose guarantee is still to offer or
        to decide."""
        return [
            index
            for index, session in enumerate(self.sessions)
            if session.product == Product.GEFT
            and not session.is_terminal
            and session.guarantee in (GuaranteeStage.NOT_OFFERED, GuaranteeStage.OFFERED)
        ]

    @precondition(lambda self: self.deciding())
    @rule(data=st.data())
    def walk_the_guarantee(self, data):
        """The next step of a GEFT session toward its guarantee decision: the
        start, the offer, then one of its four answers. Generated histories
        seldom get there by chance."""
        index = data.draw(st.sampled_from(self.deciding()), label="session")
        session = self.sessions[index]
        if session.status == SessionStatus.INITIATED:
            self.apply_event(index, Event.start())
            return
        if session.guarantee == GuaranteeStage.NOT_OFFERED:
            self.apply_event(index, Event.offer_guarantee())
            return
        answer = data.draw(
            st.sampled_from(["accept", "reject", "auto-accept", "undelivered"]), label="answer"
        )
        if answer in ("accept", "reject"):
            self.confirm(index, answer == "accept")
        elif answer == "auto-accept":
            self.apply_event(index, Event.auto_accept_guarantee())
        else:
            self.apply_event(index, Event.guarantee_undelivered())

    def apply_event(self, index: int, event: Event) -> None:
        index, session, before = self.take(index)
        try:
            step = session.apply(event)
        except TransitionError as error:
            tally(f"apply refused: {error.kind}")
            self.refused(session, before, error)
            assert error.problem["detail"] == f"session {session.session_id}: {error}"
            if before.is_terminal:
                assert (error.kind, error.http_status) == ("AlreadyTerminal", 400)
            elif event.kind.is_guarantee and before.product == Product.EFT_V2:
                assert (error.kind, error.http_status) == ("GuaranteeNotEnabled", 400)
            else:
                assert error.kind in {
                    "NotAllowed",
                    "DetailMismatch",
                    "NoGuaranteeOffer",
                    "GuaranteePending",
                }
                if error.kind == "GuaranteePending":
                    assert event.kind == EventKind.COMPLETE and before.guarantee.is_pending
                if error.kind == "NoGuaranteeOffer":
                    assert event.kind.decides_guarantee and not before.guarantee.is_pending
        else:
            assert not before.is_terminal
            assert step.from_status == before.status
            assert step.from_guarantee == before.guarantee
            assert step.guarantee == event.kind.guarantee_after(before.guarantee)
            assert step.event == event
            assert session.state == step.target
            assert session.guarantee == step.guarantee
            tally(f"apply took {event.kind} at {before.status}, {before.guarantee}")
            self.logs[index].append(step)

    @precondition(lambda self: self.sessions)
    @rule(index=indices)
    def cancel(self, index):
        index, session, before = self.take(index)
        try:
            step, body = session.cancel()
        except TransitionError as error:
            tally("cancel refused")
            self.refused(session, before, error)
            assert before.is_terminal
            assert (error.kind, error.http_status, error.title) == (
                "AlreadyTerminal",
                400,
                "Session Already Terminal",
            )
        else:
            tally("cancel took")
            assert not before.is_terminal
            assert step.from_status == before.status
            # The stage reached stays: a cancelled session keeps its offer.
            assert session.state == SessionState(
                SessionStatus.CANCELLED, StatusDetail.EFT0501, before.guarantee
            )
            assert body == {
                "sessionId": session.session_id,
                "referenceId": session.reference_id,
                "status": "Cancelled",
                "statusDetails": "EFT0501",
            }
            self.logs[index].append(step)

    @precondition(lambda self: self.sessions)
    @rule(index=indices, accepted=st.booleans())
    def confirm_guarantee(self, index, accepted):
        self.confirm(index, accepted)

    def confirm(self, index: int, accepted: bool) -> None:
        index, session, before = self.take(index)
        try:
            step, body = session.confirm_guarantee(accepted)
        except TransitionError as error:
            tally(f"confirm refused: {error.kind}")
            self.refused(session, before, error)
            if before.is_terminal:
                assert (error.kind, error.http_status) == ("AlreadyTerminal", 400)
            elif before.product == Product.EFT_V2:
                assert (error.kind, error.http_status) == ("GuaranteeNotEnabled", 400)
            else:
                assert (error.kind, error.http_status) == ("NoGuaranteeOffer", 409)
                assert not before.guarantee.is_pending
        else:
            tally(f"confirm took: accepted={accepted}")
            assert before.product == Product.GEFT and before.guarantee.is_pending
            assert body == {"sessionId": session.session_id, "referenceId": session.reference_id}
            assert step.from_guarantee == GuaranteeStage.OFFERED
            if accepted:
                assert session.state == SessionState("InProgress", None, "Accepted")
            else:
                assert session.state == SessionState("Failed", "EFT0402", "Rejected")
            assert step.target == session.state
            self.logs[index].append(step)

    @precondition(lambda self: self.sessions)
    @rule(index=indices, report=reported)
    def observe(self, index, report):
        status, detail = report
        index, session, before = self.take(index)
        try:
            steps = session.observe(status, detail)
        except ObserveError as error:
            tally(f"observe refused: {error.kind}")
            self.refused(session, before, error)
            assert error.kind in {"Invalid", "AlreadyTerminal", "Unreachable"}
        else:
            if not steps:
                # A duplicate: nothing new.
                assert session == before
                assert before.state.is_same_state_as(SessionState(status, detail))
            else:
                tally(f"observe took {len(steps)} step(s)")
                assert steps[0].from_status == before.status
                for earlier, later in zip(steps, steps[1:]):  # noqa: B905 (3.9 has no strict)
                    assert later.from_status == earlier.to_status
                assert steps[-1].target == session.state
                # A report carries no stage: the session keeps its own.
                assert session.state == SessionState(status, detail, before.guarantee)
            self.logs[index].extend(steps)

    @precondition(lambda self: self.sessions)
    @rule(index=indices)
    def observe_current_state(self, index):
        index, session, before = self.take(index)
        assert session.observe(session.status, session.detail) == []
        assert session == before

    @invariant()
    def replaying_the_handed_out_steps_rebuilds_every_session(self):
        for session, log in zip(self.sessions, self.logs):  # noqa: B905 (3.9 has no strict)
            replayed = Session.replay(
                session.session_id, session.reference_id, log, product=session.product
            )
            assert replayed == session

    @invariant()
    def every_stage_goes_with_its_status_and_product(self):
        for session in self.sessions:
            assert session.guarantee.goes_with(session.status), repr(session)
            assert session.guarantee.is_in(session.product), repr(session)

    @invariant()
    def a_terminal_session_refuses_cancel_with_400(self):
        for session in self.sessions:
            if session.is_terminal:
                probe = copy.copy(session)
                try:
                    probe.cancel()
                except TransitionError as error:
                    assert (error.kind, error.http_status) == ("AlreadyTerminal", 400)
                    assert error.problem["status"] == 400
                else:
                    raise AssertionError(f"{session!r} accepted a cancel")
                assert probe == session


SessionsMachine.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    # No example database: nothing is written into the tree; a failure
    # prints the seed and the steps to reproduce it.
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_sessions = SessionsMachine.TestCase
