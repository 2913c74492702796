"""The EFT session lifecycle of Flinks Pay's EFT V2 and GEFT APIs.

A thin layer over the eft-session Rust crate (built with PyO3): statuses,
status-detail codes, GEFT's guarantee stages, the one transition function,
sessions (apply, cancel, confirm a guarantee, observe, replay), the status
and guarantee bodies, a session's details, the request that creates a
session (with its validation) and webhook verification. Every rule, message, HTTP
status and problem body is the crate's.

    >>> from eft_session import Event, Session
    >>> session = Session("850750a4-3021-4061-ac03-a8d873aa4179", "USER12345")
    >>> step = session.apply(Event.start())
    >>> step, body = session.cancel()
    >>> body["status"], body["statusDetails"]
    ('Cancelled', 'EFT0501')

A GEFT session's guarantee offer awaits the client's decision:

    >>> from eft_session import GuaranteeStage, Product
    >>> geft = Session("86095db9-0d2f-4c1a-9c1e-3f3a3e0b7a10", "Happy1").in_product(Product.GEFT)
    >>> _ = geft.apply(Event.start()), geft.apply(Event.offer_guarantee())
    >>> step, body = geft.confirm_guarantee(True)
    >>> geft.guarantee == GuaranteeStage.ACCEPTED, body["referenceId"]
    (True, 'Happy1')
"""

from ._native import (
    GUARANTEE_DELIVERY_ATTEMPTS as GUARANTEE_DELIVERY_ATTEMPTS,
)
from ._native import (
    GUARANTEE_FAILURE as GUARANTEE_FAILURE,
)
from ._native import (
    MAX_SIGNATURES as MAX_SIGNATURES,
)
from ._native import (
    SIGNATURE_HEADER as SIGNATURE_HEADER,
)
from ._native import (
    SIGNATURE_PREFIX as SIGNATURE_PREFIX,
)
from ._native import (
    CancelResponse as CancelResponse,
)
from ._native import (
    ConfirmGuaranteeRequest as ConfirmGuaranteeRequest,
)
from ._native import (
    ConfirmGuaranteeResponse as ConfirmGuaranteeResponse,
)
from ._native import (
    DecodeError as DecodeError,
)
from ._native import (
    EftSessionError as EftSessionError,
)
from ._native import (
    Event as Event,
)
from ._native import (
    EventKind as EventKind,
)
from ._native import (
    GuaranteeOffered as GuaranteeOffered,
)
from ._native import (
    GuaranteeStage as GuaranteeStage,
)
from ._native import (
    InitiateRequest as InitiateRequest,
)
from ._native import (
    ObserveError as ObserveError,
)
from ._native import (
    ParseError as ParseError,
)
from ._native import (
    Product as Product,
)
from ._native import (
    ReplayError as ReplayError,
)
from ._native import (
    Session as Session,
)
from ._native import (
    SessionDetails as SessionDetails,
)
from ._native import (
    SessionState as SessionState,
)
from ._native import (
    SessionStatus as SessionStatus,
)
from ._native import (
    StateError as StateError,
)
from ._native import (
    StatusDetail as StatusDetail,
)
from ._native import (
    StatusResponse as StatusResponse,
)
from ._native import (
    Transition as Transition,
)
from ._native import (
    TransitionError as TransitionError,
)
from ._native import (
    ValidationError as ValidationError,
)
from ._native import (
    WebhookError as WebhookError,
)
from ._native import (
    WebhookEvent as WebhookEvent,
)
from ._native import (
    __version__ as __version__,
)
from ._native import (
    read_cancel_response as read_cancel_response,
)
from ._native import (
    read_confirm_guarantee_request as read_confirm_guarantee_request,
)
from ._native import (
    read_confirm_guarantee_response as read_confirm_guarantee_response,
)
from ._native import (
    read_guarantee_offered as read_guarantee_offered,
)
from ._native import (
    read_initiate_request as read_initiate_request,
)
from ._native import (
    read_session_details as read_session_details,
)
from ._native import (
    read_status_response as read_status_response,
)
from ._native import (
    read_webhook_event as read_webhook_event,
)
from ._native import (
    sign_webhook as sign_webhook,
)
from ._native import (
    transition as transition,
)
from ._native import (
    verify_webhook as verify_webhook,
)

__all__ = [
    "GUARANTEE_DELIVERY_ATTEMPTS",
    "GUARANTEE_FAILURE",
    "MAX_SIGNATURES",
    "SIGNATURE_HEADER",
    "SIGNATURE_PREFIX",
    "CancelResponse",
    "ConfirmGuaranteeRequest",
    "ConfirmGuaranteeResponse",
    "DecodeError",
    "EftSessionError",
    "Event",
    "EventKind",
    "GuaranteeOffered",
    "GuaranteeStage",
    "InitiateRequest",
    "ObserveError",
    "ParseError",
    "Product",
    "ReplayError",
    "Session",
    "SessionDetails",
    "SessionState",
    "SessionStatus",
    "StateError",
    "StatusDetail",
    "StatusResponse",
    "Transition",
    "TransitionError",
    "ValidationError",
    "WebhookError",
    "WebhookEvent",
    "read_cancel_response",
    "read_confirm_guarantee_request",
    "read_confirm_guarantee_response",
    "read_guarantee_offered",
    "read_initiate_request",
    "read_session_details",
    "read_status_response",
    "read_webhook_event",
    "sign_webhook",
    "transition",
    "verify_webhook",
]
