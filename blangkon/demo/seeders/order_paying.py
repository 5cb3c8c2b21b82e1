"""The paying half of the demo journeys: after the signed BAST, the vendor
invoices, the bendahara pays by the order's channel, the vendor confirms the
money arrived (docs/design/paying.md), each move through the real services
by the demo accounts, as order_journeys.py makes the buying half.

- Virtual account: the bendahara asks for a VA number and the simulated bank
  pays it by sending its signed callback (payments/bank_simulator.py), which
  is verified as any bank's message is.
- Transfer: the bendahara records the transfer with a small proof, a real PNG
  drawn here and checked by the file store like any upload.
- KKPD and LS/SP2D: the card reference, the SP2D's number and date.

Paid late. Nothing in the demo is back-dated but this: the payment clock
judges "late" from the BAST's day, and a payment is dated between the BAST
and today, so an order whose BAST was signed today cannot be paid late. For
the couple of orders shown paid late, `bast_weeks_ago` moves the buying half
of the order (made through the services a moment before) PAST_DAYS back: every
stamp of the order, its status history rows, its BAST signatures, its flags
and its requested arrival by the same amount, so the stamps and the history
still agree and every deadline keeps its distance. The invoice, the payment
and what follows happen now. The audit log, whose times the database writes
and which cannot be changed, still shows when the seeder made the buying
moves (so do the notices those moves sent): it is the one record of these
orders that tells the truth about the demo, and the order's own history
tells its story.
"""

import datetime
import io
from collections.abc import Callable
from typing import Protocol

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from blangkon.accounts.models import User
from blangkon.orders.models import BastSignature, Order, OrderFlag, OrderStatusChange
from blangkon.orders.order_services import order_set_payment_channel
from blangkon.orders.status import PaymentChannel
from blangkon.paperwork.content import available
from blangkon.paperwork.services import document_issue
from blangkon.payments.bank_simulator import simulate_payment
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.models import CallbackOutcome
from blangkon.payments.payment_services import (
    order_complete,
    payment_record_kkpd,
    payment_record_ls,
    payment_record_transfer,
)
from blangkon.payments.va_services import va_issue

# How far back the BAST of an order shown paid late is moved: well past the
# payment deadline of the rules (working days from the BAST).
PAST_DAYS = 35
# The Order stamps a journey up to the BAST writes.
BUYING_STAMPS = (
    "created_at",
    "submitted_at",
    "approved_at",
    "accepted_at",
    "shipped_at",
    "received_at",
    "bast_signed_at",
)


class Party(Protocol):
    """The demo accounts a paying step needs (order_journeys._Buyer)."""

    owner: User
    bendahara: User


PayStep = Callable[[Party, Order], Order]


def _fresh(order: Order) -> Order:
    return Order.objects.get(pk=order.pk)


def pays_by(channel: str) -> PayStep:
    """The bendahara chooses the channel (before the invoice fixes it)."""

    def step(b: Party, o: Order) -> Order:
        return order_set_payment_channel(user=b.bendahara, order_id=o.pk, channel=channel)

    step.__name__ = f"pays_by_{channel}"
    return step


def bast_weeks_ago(b: Party, o: Order) -> Order:
    """Move the buying half of the order PAST_DAYS back (the module's docstring)."""
    shift = datetime.timedelta(days=PAST_DAYS)
    order = _fresh(o)
    for stamp in BUYING_STAMPS:
        value = getattr(order, stamp)
        assert value is not None, f"{order.number} has no {stamp}: its BAST is not signed."
    Order.objects.filter(pk=o.pk).update(
        **{stamp: F(stamp) - shift for stamp in BUYING_STAMPS},
        updated_at=F("bast_signed_at"),
        requested_arrival=F("requested_arrival") - shift,
    )
    OrderStatusChange.objects.filter(order_id=o.pk).update(at=F("at") - shift)
    BastSignature.objects.filter(order_id=o.pk).update(signed_at=F("signed_at") - shift)
    OrderFlag.objects.filter(order_id=o.pk).update(created_at=F("created_at") - shift)
    return _fresh(o)


def invoice(b: Party, o: Order) -> Order:
    invoice_issue(user=b.owner, order_id=o.pk)
    return _fresh(o)


def va_number(b: Party, o: Order) -> Order:
    va_issue(user=b.bendahara, order_id=o.pk)
    return _fresh(o)


def bank_pays(b: Party, o: Order) -> Order:
    """The simulated bank pays the VA with its signed message."""
    va = va_issue(user=b.bendahara, order_id=o.pk)  # the live one, already issued
    answer = simulate_payment(va.number)
    if answer.outcome != CallbackOutcome.PAID:
        raise AssertionError(f"The bank's callback for {o.number} was {answer.outcome}.")
    return _fresh(o)


def transfer_proof_png() -> bytes:
    """A small, real PNG: the photo of a transfer slip, as a phone would send."""
    image = Image.new("RGB", (320, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 311, 151), outline="black", width=2)
    draw.text((20, 24), "BUKTI TRANSFER", fill="black")
    draw.text((20, 56), "Bank Jateng - berhasil", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def transfer(b: Party, o: Order) -> Order:
    proof = SimpleUploadedFile("bukti-transfer.png", transfer_proof_png(), "image/png")
    payment_record_transfer(
        user=b.bendahara,
        order_id=o.pk,
        paid_on=timezone.localdate(),
        reference=f"TRF{o.pk:08d}",
        proof_upload=proof,
    )
    return _fresh(o)


def kkpd(b: Party, o: Order) -> Order:
    payment_record_kkpd(
        user=b.bendahara,
        order_id=o.pk,
        paid_on=timezone.localdate(),
        card_reference=f"KKPD-{o.pk:06d}",
    )
    return _fresh(o)


def ls_sp2d(b: Party, o: Order) -> Order:
    today = timezone.localdate()
    payment_record_ls(
        user=b.bendahara,
        order_id=o.pk,
        sp2d_number=f"00{o.pk:04d}/SP2D/LS/{today.year}",
        sp2d_date=today,
        paid_on=today,
    )
    return _fresh(o)


def money_arrived(b: Party, o: Order) -> Order:
    order_complete(user=b.owner, order_id=o.pk)
    return _fresh(o)


def documents(b: Party, o: Order) -> Order:
    """Every document the order has, made now (the background task would make
    them after the seeding commits; a completed order shows them at once)."""
    order = _fresh(o)
    for kind in available(order):
        document_issue(order_id=order.pk, kind=kind)
    return order


PAID_BY: dict[str, PayStep] = {
    PaymentChannel.VA: bank_pays,
    PaymentChannel.TRANSFER: transfer,
    PaymentChannel.KKPD: kkpd,
    PaymentChannel.LS_SP2D: ls_sp2d,
}


def invoiced_path(channel: str) -> tuple[PayStep, ...]:
    """From the signed BAST to DITAGIH, the VA already issued on that channel."""
    steps: tuple[PayStep, ...] = (pays_by(channel), invoice)
    return (*steps, va_number) if channel == PaymentChannel.VA else steps


def paid_path(channel: str, *, late: bool = False) -> tuple[PayStep, ...]:
    """From the signed BAST to DIBAYAR by `channel` (the BAST weeks ago when `late`)."""
    before = (bast_weeks_ago,) if late else ()
    return (*before, *invoiced_path(channel), PAID_BY[channel])


def completed_path(channel: str, *, late: bool = False) -> tuple[PayStep, ...]:
    return (*paid_path(channel, late=late), money_arrived, documents)
