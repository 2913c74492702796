"""A session's details (`SessionDetails`, GET /api/v2/sessions/{id}/details)
and the request that creates a session (`InitiateRequest`, POST
/api/v2/sessions): reading, the crate's refusals, writing back in either
product's spelling, construction, validation with every violation at once,
and round trips."""

import json
from typing import Any

import eft_session
import pytest
from eft_session import (
    DecodeError,
    EftSessionError,
    InitiateRequest,
    ParseError,
    Product,
    SessionDetails,
    SessionStatus,
    ValidationError,
)

ID = "850750a4-3021-4061-ac03-a8d873aa4179"
BAD_REQUEST = "https://tools.ietf.org/html/rfc9110#section-15.5.1"
VALIDATION_TITLE = "One or more validation errors occurred."

# The crate's example of an EFT V2 session's details.
EFT_V2_DETAILS: dict[str, Any] = {
    "sessionId": ID,
    "status": "InProgress",
    "step": {"current": "BankSelection", "aggregationRequestId": None, "padId": None},
    "referenceId": "USER12345",
    "amount": 500,
    "type": "EFT",
    "direction": "DEBIT",
    "currency": "CAD",
    "options": {"guarantee": {"enable": False}},
    "payor": {"firstName": "Jane", "lastName": "Doe", "account": None},
    "payee": None,
    "createdAt": "2026-06-04T14:30:00Z",
}

# A cancelled GEFT session's details, with every optional part.
GEFT_DETAILS: dict[str, Any] = {
    "sessionId": ID,
    "status": "Canceled",
    "step": {"current": "GuaranteeOffer", "aggregationRequestId": None, "padId": None},
    "referenceId": "order 12 for Jane Doe",
    "amount": 12.5,
    "type": "EFT",
    "direction": "DEBIT",
    "currency": "CAD",
    "options": {"guarantee": {"enable": True}, "notificationPreferences": {"language": "FR"}},
    "payor": {
        "firstName": "Jane",
        "lastName": "Doe",
        "account": {
            "institutionCode": "001",
            "transitNumber": "12345",
            "accountNumber": "****1234",
            "availableBalance": -12.5,
        },
    },
    "payee": {"account": {"institutionCode": "002", "transitNumber": "54321"}},
    "userDetails": {"matchingPerformed": True, "nameMatch": 95.5},
    "guaranteeDetails": {
        "guaranteeOffered": True,
        "guaranteeAccepted": False,
        "highestDebitAmountToGuarantee": 250.5,
        "overallRiskLevel": "Unknown",
    },
    "createdAt": "2026-06-04T14:30:00Z",
}


def text(body: dict[str, Any]) -> str:
    return json.dumps(body)


# ---- SessionDetails ----


def test_details_expose_what_a_caller_needs():
    details = eft_session.read_session_details(text(EFT_V2_DETAILS))
    assert SessionDetails.from_json(text(EFT_V2_DETAILS)) == details
    assert details.session_id == ID
    assert details.status == SessionStatus.IN_PROGRESS
    assert details.step == "BankSelection"
    assert (details.reference_id, details.amount_cents) == ("USER12345", 50_000)
    assert details.product == Product.EFT_V2
    assert details.created_at == "2026-06-04T14:30:00Z"
    assert details.options == {"guarantee": {"enable": False}}
    assert details.payor == {"firstName": "Jane", "lastName": "Doe", "account": None}
    assert (details.payee, details.user_details, details.guarantee_details) == (None, None, None)
    assert details.to_dict() == EFT_V2_DETAILS
    assert repr(details).startswith('SessionDetails({"sessionId":')


def test_details_are_written_back_in_the_sessions_own_spelling():
    details = eft_session.read_session_details(text(GEFT_DETAILS))
    assert details.product == Product.GEFT
    assert details.status == SessionStatus.CANCELLED
    assert details.to_dict() == GEFT_DETAILS
    assert json.loads(details.to_json()) == GEFT_DETAILS
    assert details.to_dict(product="GEFT") == GEFT_DETAILS
    assert details.to_dict(product=Product.EFT_V2) == {**GEFT_DETAILS, "status": "Cancelled"}
    # Either spelling reads back as the same details.
    assert eft_session.read_session_details(details.to_json(product="EFT V2")) == details
    assert details.payee == GEFT_DETAILS["payee"]
    assert details.user_details == GEFT_DETAILS["userDetails"]
    assert details.guarantee_details == GEFT_DETAILS["guaranteeDetails"]
    assert details.payor is not None and details.payor["account"]["availableBalance"] == -12.5
    assert details.step == "GuaranteeOffer"


def test_details_keep_what_they_do_not_know_and_read_the_providers_forms():
    body = {
        "sessionId": ID,
        "status": "Initiated",
        "step": {"current": "SomeNewStep"},
        "userDetails": {"nameMatch": 95.0},
        "createdAt": "2026-06-04T16:30:00+02:00",
        "somethingNew": {"a": [1]},
    }
    details = eft_session.read_session_details(text(body))
    assert details.step == "SomeNewStep"
    assert details.product == Product.EFT_V2
    written = details.to_dict()
    assert "somethingNew" not in written
    assert written["step"] == {
        "current": "SomeNewStep",
        "aggregationRequestId": None,
        "padId": None,
    }
    # A whole score is written back without a fraction; an instant in UTC.
    assert json.loads(details.to_json())["userDetails"] == {"nameMatch": 95}
    assert details.created_at == "2026-06-04T14:30:00Z"
    assert (details.step, details.reference_id, details.amount_cents) == ("SomeNewStep", None, None)
    assert eft_session.read_session_details(details.to_json()) == details


def test_details_without_a_step_or_options():
    details = eft_session.read_session_details(f'{{"sessionId": "{ID}", "status": "Expired"}}')
    assert (details.step, details.options, details.created_at) == (None, None, None)
    assert details.product == Product.EFT_V2
    assert details.to_dict()["status"] == "Expired"


@pytest.mark.parametrize(
    "body, message",
    [
        (
            {**GEFT_DETAILS, "options": {"guarantee": {"enable": False}}},
            "payee must be null for an EFT V2 session",
        ),
        (
            {**GEFT_DETAILS, "status": "Initiated"},
            "payor.account must be null while the session is Initiated",
        ),
        ({"status": "InProgress"}, "missing field `sessionId` at line 1 column 24"),
        ({"sessionId": ID, "status": "Done"}, 'unknown session status "Done" at line 1 column 70'),
        (
            {"sessionId": ID, "status": "Initiated", "amount": 1.234},
            'amount "1.234" has more than two decimals at line 1 column 92',
        ),
    ],
    ids=["a payee for EFT V2", "an account while Initiated", "no id", "a status", "an amount"],
)
def test_details_the_crate_refuses_are_decode_errors(body, message):
    with pytest.raises(DecodeError) as raised:
        eft_session.read_session_details(text(body))
    error = raised.value
    assert (error.kind, error.http_status, error.title, str(error)) == (
        "Invalid",
        400,
        "Invalid Body",
        message,
    )
    assert error.problem == {
        "type": BAD_REQUEST,
        "title": "Invalid Body",
        "status": 400,
        "detail": message,
    }
    assert isinstance(error, ValueError) and isinstance(error, EftSessionError)


def test_details_are_values():
    first = eft_session.read_session_details(text(GEFT_DETAILS))
    second = SessionDetails.from_json(first.to_json())
    assert first == second and hash(first) == hash(second)
    assert {first, second} == {first}
    other = eft_session.read_session_details(text({**GEFT_DETAILS, "payor": None}))
    assert other != first
    with pytest.raises(TypeError):
        SessionDetails()  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        first.status = SessionStatus.COMPLETED  # type: ignore[misc]
    with pytest.raises(TypeError):
        eft_session.read_session_details(b"{}")  # type: ignore[arg-type]


# ---- InitiateRequest ----


def test_the_smallest_request_of_each_product():
    request = InitiateRequest("EFT V2", "Jane", "Doe")
    assert request.to_json() == (
        '{"type":"EFT","direction":"DEBIT","options":{"guarantee":{"enable":false}},'
        '"payor":{"firstName":"Jane","lastName":"Doe"}}'
    )
    assert request.product == Product.EFT_V2
    request.validate()
    geft = InitiateRequest(Product.GEFT, "Jane", "Doe")
    assert geft.product == Product.GEFT
    assert geft.to_dict()["options"] == {"guarantee": {"enable": True}}
    geft.validate()
    assert geft != request
    assert repr(request).startswith('InitiateRequest({"type":"EFT"')


def test_a_request_with_the_common_fields():
    request = InitiateRequest(
        "GEFT",
        "Jane",
        "Doe",
        reference_id="order 12 for Jane Doe",
        amount_cents=50_000,
        currency="CAD",
        email="jane@example.com",
    )
    assert request.to_dict() == {
        "type": "EFT",
        "direction": "DEBIT",
        "referenceId": "order 12 for Jane Doe",
        "currency": "CAD",
        "amount": 500,
        "options": {"guarantee": {"enable": True}},
        "payor": {"firstName": "Jane", "lastName": "Doe", "email": "jane@example.com"},
    }
    assert json.loads(request.to_json()) == request.to_dict()
    assert (request.first_name, request.last_name, request.email) == (
        "Jane",
        "Doe",
        "jane@example.com",
    )
    assert (request.reference_id, request.amount_cents, request.currency) == (
        "order 12 for Jane Doe",
        50_000,
        "CAD",
    )
    request.validate()
    # Read back, and made again from what it exposes.
    assert eft_session.read_initiate_request(request.to_json()) == request
    assert InitiateRequest.from_json(request.to_json()) == request
    remade = InitiateRequest(
        request.product,
        request.first_name,
        request.last_name,
        reference_id=request.reference_id,
        amount_cents=request.amount_cents,
        currency=request.currency,
        email=request.email,
    )
    assert remade == request and hash(remade) == hash(request)
    assert InitiateRequest("GEFT", "Jane", "Doe", amount_cents=50_001) != request


def test_validation_reports_every_violation_at_once():
    request = InitiateRequest(
        "EFT V2", "", "   ", reference_id="x" * 40, amount_cents=0, currency="USD"
    )
    with pytest.raises(ValidationError) as raised:
        request.validate()
    error = raised.value
    errors = {
        "amount": ["amount 0.00 is outside 0.01 to 99999.99"],
        "currency": ['currency "USD" is not CAD'],
        "payor.firstName": ["is required"],
        "payor.lastName": ["is required"],
        "referenceId": [
            f'reference id "{"x" * 40}" is 40 characters long: EFT V2 takes at most 36'
        ],
    }
    assert error.errors == errors
    assert list(error.errors) == sorted(errors)
    assert (error.kind, error.http_status, error.title) == ("Violations", 400, VALIDATION_TITLE)
    assert error.problem == {
        "type": BAD_REQUEST,
        "title": VALIDATION_TITLE,
        "status": 400,
        "errors": errors,
    }
    assert str(error) == "; ".join(
        f"{field}: {message}" for field, messages in errors.items() for message in messages
    )
    assert isinstance(error, ValueError) and isinstance(error, EftSessionError)
    # The same reference id is GEFT's to take.
    InitiateRequest("GEFT", "Jane", "Doe", reference_id="x" * 40).validate()


def test_validation_of_a_whole_request_read_from_json():
    body = {
        "type": "CREDIT",
        "direction": "DEBIT",
        "amount": 100_000,
        "options": {"guarantee": {"enable": False}, "notificationPreferences": {"language": "DE"}},
        "payor": {
            "firstName": "Jane",
            "lastName": "Doe",
            "phone": "+1 514",
            "dateOfBirth": "1985-02-30",
            "address": {"province": "Ontario", "postalCode": "H2X 1Y4"},
        },
        "payee": {"account": {"institutionCode": "1"}},
    }
    request = eft_session.read_initiate_request(json.dumps(body))
    assert request.to_dict() == body
    with pytest.raises(ValidationError) as raised:
        request.validate()
    assert raised.value.errors == {
        "amount": ["amount 100000.00 is outside 0.01 to 99999.99"],
        "options.notificationPreferences.language": ['language "DE" is not EN or FR'],
        "payee": ["a payee is not accepted by EFT V2: funds settle to the client's account"],
        "payor.address.postalCode": [
            'postal code "H2X 1Y4" is not six letters and digits without a space'
        ],
        "payor.address.province": ['province "Ontario" is not a two-letter code such as ON'],
        "payor.dateOfBirth": ['date of birth "1985-02-30" is not a date YYYY-MM-DD'],
        "payor.phone": ['phone "+1 514" is not 1 to 15 digits'],
        "type": ['type "CREDIT" is not EFT'],
    }
    geft = eft_session.read_initiate_request(
        json.dumps(
            {
                "type": "EFT",
                "direction": "DEBIT",
                "options": {"guarantee": {"enable": True}},
                "payor": {"firstName": "Jane", "lastName": "Doe"},
                "payee": {"account": {"institutionCode": "1", "accountNumber": "12"}},
            }
        )
    )
    with pytest.raises(ValidationError) as raised:
        geft.validate()
    assert raised.value.errors == {
        "payee.account.accountNumber": ['"12" is not 7 to 12 digits'],
        "payee.account.institutionCode": ['"1" is not 3 digits'],
    }


@pytest.mark.parametrize(
    "body, message",
    [
        (
            '{"type":"EFT","direction":"DEBIT","amount":1.234,'
            '"options":{"guarantee":{"enable":false}},"payor":{"firstName":"J","lastName":"D"}}',
            'amount "1.234" has more than two decimals at line 1 column 48',
        ),
        (
            '{"type":"EFT","direction":"DEBIT","options":{"guarantee":{"enable":false}}}',
            "missing field `payor` at line 1 column 75",
        ),
        (
            '{"type":"EFT","direction":"DEBIT","options":{"guarantee":{"enable":false}},'
            '"payor":{"firstName":1,"lastName":"D"}}',
            "invalid type: integer `1`, expected a string at line 1 column 97",
        ),
    ],
    ids=["a third decimal", "no payor", "a name that is a number"],
)
def test_a_request_serde_refuses_is_a_decode_error(body, message):
    with pytest.raises(DecodeError) as raised:
        eft_session.read_initiate_request(body)
    error = raised.value
    assert (error.kind, error.http_status, error.title, str(error)) == (
        "Invalid",
        400,
        "Invalid Body",
        message,
    )
    assert error.problem["detail"] == message
    with pytest.raises(DecodeError):
        InitiateRequest.from_json(body)


def test_bad_arguments():
    with pytest.raises(ParseError) as raised:
        InitiateRequest("EFT V2", "Jane", "Doe", amount_cents=-5)
    assert (raised.value.kind, str(raised.value)) == ("Negative", 'amount "-0.05" is negative')
    with pytest.raises(ParseError) as unknown:
        InitiateRequest("EFT V3", "Jane", "Doe")
    assert unknown.value.kind == "UnknownProduct"
    with pytest.raises(TypeError):
        InitiateRequest("EFT V2", 1, "Doe")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        InitiateRequest("EFT V2", "Jane", "Doe", "USER12345")  # type: ignore[misc]
    # Kept as given: the amount's bounds are validate()'s to judge.
    large = InitiateRequest("EFT V2", "Jane", "Doe", amount_cents=10_000_000)
    assert large.amount_cents == 10_000_000
    with pytest.raises(ValidationError):
        large.validate()


def test_requests_are_values():
    first = InitiateRequest("EFT V2", "Jane", "Doe", reference_id="USER12345")
    second = eft_session.read_initiate_request(first.to_json())
    assert first == second and hash(first) == hash(second)
    assert len({first, second, InitiateRequest("EFT V2", "Jane", "Roe")}) == 2
    with pytest.raises(AttributeError):
        first.reference_id = "other"  # type: ignore[misc]
