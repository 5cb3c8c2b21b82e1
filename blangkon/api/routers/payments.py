"""Paying an invoiced order (the bendahara) and completing a paid one (the
vendor): `POST /orders/{id}/pay` and `POST /orders/{id}/complete`.

New paths, so their own router (no other router answers them). Both accept
an `Idempotency-Key` header (orders/idempotency.py): the same key from the
same user gets the first answer again and nothing is done twice; a refusal
does not use the key up.

The transfer's proof travels inside the JSON body, base64-encoded (`proof`),
so one body shape serves every channel. The body is at most
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default: a proof of about 1.8 MB; a
larger body is refused with 413 `request_too_large`); the page takes proofs
up to the file store's limit. The amount is never sent: the server pays the
invoice's net to the vendor."""

import base64
import binascii
import datetime
import uuid
from typing import Literal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.idempotency import IdempotencyKey, answered_once, keyed_action
from blangkon.api.inputs import InputSchema
from blangkon.api.routers.orders import OrderOut
from blangkon.core.errors import DomainError
from blangkon.orders.order_selectors import order_detail
from blangkon.orders.status import PaymentChannel
from blangkon.payments import payment_services as services
from blangkon.payments.models import Payment
from blangkon.payments.payment_services import REFERENCE_MAX_LENGTH

router = Router(tags=["payments"])

# 5 MB of file (settings.UPLOAD_MAX_BYTES) as base64; the body limit is lower.
PROOF_BASE64_MAX_LENGTH = 4 * (5 * 1024 * 1024 // 3 + 1)


class ProofIn(InputSchema):
    name: str = Field(max_length=255, description="The file's name, for display (bukti.pdf).")
    content_base64: str = Field(
        max_length=PROOF_BASE64_MAX_LENGTH,
        description="The file, base64-encoded (RFC 4648, with padding): a PDF, JPEG or PNG. "
        "Its type is judged from its bytes; a PDF that could carry a payload is refused "
        "(`invalid_file`).",
    )


class PayIn(InputSchema):
    channel: Literal["transfer", "kkpd", "ls_sp2d"] = Field(
        description="Must be the order's channel (chosen before the invoice), else "
        "`channel_mismatch`. Virtual-account payments are confirmed by the bank, not here."
    )
    paid_on: datetime.date = Field(description="The day the money left: from the BAST to today.")
    reference: str = Field(
        "",
        max_length=REFERENCE_MAX_LENGTH,
        description="transfer: the bank's transfer reference; kkpd: the card transaction's "
        "reference (both required). ls_sp2d: the SP2D number, when sp2d_number is empty.",
    )
    sp2d_number: str = Field("", max_length=REFERENCE_MAX_LENGTH, description="ls_sp2d only.")
    sp2d_date: datetime.date | None = Field(
        None, description="ls_sp2d only, required: on or before paid_on."
    )
    proof: ProofIn | None = Field(None, description="transfer only, required.")


class PaymentOut(Schema):
    order: OrderOut
    channel: str
    amount: int = Field(description="Whole rupiah: the invoice's net to the vendor.")
    paid_on: datetime.date
    reference: str
    sp2d_date: datetime.date | None
    proof_id: uuid.UUID | None = Field(description="Read it at GET /documents/{file_id}/content.")
    days_from_bast: int


def _proof_upload(proof: ProofIn | None) -> SimpleUploadedFile | None:
    if proof is None:
        return None
    try:
        content = base64.b64decode(proof.content_base64, validate=True)
    except (binascii.Error, ValueError):
        message = _("The proof is not valid base64.")
        raise DomainError("invalid", message, {"proof.content_base64": message}) from None
    return SimpleUploadedFile(proof.name or "proof", content)


def _required(value: object, field: str) -> None:
    if not value:
        message = _("This field is required.")
        raise DomainError("invalid", message, {field: message})


def _record(user: User, order_id: int, payload: PayIn) -> Payment:
    if payload.channel == PaymentChannel.TRANSFER:
        return services.payment_record_transfer(
            user=user,
            order_id=order_id,
            paid_on=payload.paid_on,
            reference=payload.reference,
            proof_upload=_proof_upload(payload.proof),
        )
    if payload.channel == PaymentChannel.KKPD:
        return services.payment_record_kkpd(
            user=user, order_id=order_id, paid_on=payload.paid_on, card_reference=payload.reference
        )
    sp2d_number = payload.sp2d_number or payload.reference
    _required(sp2d_number.strip(), "sp2d_number")
    _required(payload.sp2d_date, "sp2d_date")
    assert payload.sp2d_date is not None
    return services.payment_record_ls(
        user=user,
        order_id=order_id,
        sp2d_number=sp2d_number,
        sp2d_date=payload.sp2d_date,
        paid_on=payload.paid_on,
    )


@router.post(
    "/orders/{order_id}/pay",
    response={200: PaymentOut, **errors(403)},
    summary="Record the payment of an invoiced order (the bendahara)",
)
def order_pay(
    request: HttpRequest, order_id: int, payload: PayIn, idempotency_key: IdempotencyKey = ""
) -> Status[PaymentOut]:
    """The bendahara of the ordering OPD (the order's other readers:
    `not_allowed`; anyone else: 404) records how the invoice's net was paid.
    Refusals (400): `invalid` (a field: `fields` names it), `invalid_file`
    (the proof), `channel_mismatch` (not the order's channel, or KKPD on an
    invoice not made for it), `already_paid`, `invalid_transition` (no BAST
    or no invoice yet), `amount_mismatch` (the invoice changed under the
    payment). The order moves to paid; its vendor is told."""

    def run(user: User) -> PaymentOut:
        payment = _record(user, order_id, payload)
        return PaymentOut(
            order=OrderOut.of(order_detail(user, order_id)),
            channel=payment.channel,
            amount=payment.amount,
            paid_on=payment.paid_on,
            reference=payment.reference,
            sp2d_date=payment.sp2d_date,
            proof_id=payment.proof_id,
            days_from_bast=payment.days_from_bast,
        )

    return answered_once(
        request, key=idempotency_key, action=keyed_action("pay", order_id), run=run, out=PaymentOut
    )


@router.post(
    "/orders/{order_id}/complete",
    response={200: OrderOut, **errors(403)},
    summary="Confirm that the money arrived (the vendor)",
)
def order_complete(
    request: HttpRequest, order_id: int, idempotency_key: IdempotencyKey = ""
) -> Status[OrderOut]:
    """A user of the order's vendor (others: `not_allowed`) completes a paid
    order. Asked again, it changes nothing. Refusal: `invalid_transition`
    (not paid). Orders nobody confirms are completed by the scheduler after
    5 working days."""

    def run(user: User) -> OrderOut:
        services.order_complete(user=user, order_id=order_id)
        return OrderOut.of(order_detail(user, order_id))

    return answered_once(
        request,
        key=idempotency_key,
        action=keyed_action("complete", order_id),
        run=run,
        out=OrderOut,
    )
