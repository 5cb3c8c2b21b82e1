"""Paying by virtual account (docs/design/paying.md, section 4; ADR 0028).

`POST /orders/{order_id}/va`: the bendahara of the order's OPD gets the VA
number for the invoice's net (the live one again, a new one when it expired).
Accepts `Idempotency-Key`.

`POST /payments/bank-callback`: the bank says a VA was paid. No session and no
token: machine to machine, authenticated by the HMAC signature of the raw
body (payments/banks.py). Every message is logged with its outcome; nothing
is paid unless the signature is the bank's, so a caller without the shared
secret (a fuzzer, an attacker) only ever gets 401 or 400."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from blangkon.api.errors import ErrorOut, errors
from blangkon.api.idempotency import IdempotencyKey, answered_once, keyed_action
from blangkon.payments import va_services
from blangkon.payments.banks import SIGNATURE_HEADER, TIMESTAMP_HEADER
from blangkon.payments.models import VirtualAccount

router = Router(tags=["payments"])


class VirtualAccountOut(Schema):
    bank: str
    number: str
    amount: int
    issued_at: datetime.datetime
    expires_at: datetime.datetime
    paid_at: datetime.datetime | None

    @staticmethod
    def of(va: VirtualAccount) -> "VirtualAccountOut":
        return VirtualAccountOut(
            bank=va.bank,
            number=va.number,
            amount=va.amount,
            issued_at=va.issued_at,
            expires_at=va.expires_at,
            paid_at=va.paid_at,
        )


@router.post(
    "/orders/{order_id}/va",
    response={200: VirtualAccountOut, **errors(403)},
    summary="Get the virtual account for paying an invoiced order (the bendahara)",
)
def order_va_issue(
    request: HttpRequest, order_id: int, idempotency_key: IdempotencyKey = ""
) -> Status[VirtualAccountOut]:
    """The bendahara of the order's OPD, on an invoiced order (`ditagih`) whose
    payment channel is `va` (others who may read the order: `not_allowed`,
    403). The amount is the invoice's net to the vendor. Refusals (400):
    `invalid_transition` (not invoiced), `already_paid`, `wrong_channel`."""
    return answered_once(
        request,
        key=idempotency_key,
        action=keyed_action("va", order_id),
        run=lambda user: VirtualAccountOut.of(va_services.va_issue(user=user, order_id=order_id)),
        out=VirtualAccountOut,
    )


class CallbackOut(Schema):
    status: Literal["paid", "already_paid", "replay"]
    message_id: str
    message: str


CALLBACK_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["message_id", "va_number", "amount", "paid_at", "bank"],
                "properties": {
                    "message_id": {"type": "string", "maxLength": 64},
                    "va_number": {"type": "string", "pattern": "^[0-9]{8,24}$"},
                    "amount": {"type": "integer", "minimum": 1},
                    "paid_at": {"type": "string", "format": "date-time"},
                    "bank": {"type": "string"},
                },
            }
        }
    },
}
CALLBACK_HEADERS = [
    {
        "in": "header",
        "name": TIMESTAMP_HEADER,
        "required": True,
        "schema": {"type": "string"},
        "description": "When the bank sent the message, in Unix seconds; signed with the body.",
    },
    {
        "in": "header",
        "name": SIGNATURE_HEADER,
        "required": True,
        "schema": {"type": "string"},
        "description": "sha256=<hex>: HMAC-SHA256 with the shared secret of "
        "'<timestamp>.' followed by the raw body.",
    },
]


@router.post(
    "/payments/bank-callback",
    auth=None,
    response={200: CallbackOut, **errors(400, 401, 404, 409)},
    summary="The bank's notice that a virtual account was paid (signed)",
    openapi_extra={"requestBody": CALLBACK_BODY, "parameters": CALLBACK_HEADERS},
)
def bank_callback(request: HttpRequest) -> Status[CallbackOut] | Status[ErrorOut]:
    """For the bank only, authenticated by its signature (no token). Answers:
    200 `paid`, and 200 for a message already handled (`replay`: this message
    id paid the order; `already_paid`: the order was paid otherwise), so the
    bank stops retrying. Refusals, logged and paying nothing: `malformed`
    (400), `bad_signature` and `stale_message` (401: the timestamp is more than
    five minutes away), `unknown_va` (404), `amount_mismatch` and `expired`
    (409: a person must look; retrying changes nothing)."""
    answer = va_services.bank_callback(raw_body=request.body, headers=request.headers)
    if answer.status == 200:
        return Status(
            200,
            CallbackOut(
                status=answer.outcome,  # type: ignore[arg-type]
                message_id=answer.message_id,
                message=answer.message,
            ),
        )
    return Status(answer.status, ErrorOut(code=answer.code, message=answer.message, fields={}))
