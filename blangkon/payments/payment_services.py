"""Paying an invoiced order and completing a paid one (docs/design/paying.md).

DITAGIH → DIBAYAR, one service per channel the bendahara records:
`payment_record_transfer` (with a proof of the transfer), `payment_record_kkpd`
(the card transaction's reference) and `payment_record_ls` (the SP2D the
treasury paid with). The virtual-account channel is paid by the bank's signed
callback, not here.

Each, in one transaction, as the orders services are: who may ask (a stranger
to the order gets NotFound; a reader who is not the bendahara of the ordering
OPD `not_allowed`), the order row locked (`payment_core.locked_order`), the
state (`already_paid`, `invalid_transition`: nothing written), the channel the
order is to be paid through (`channel_mismatch`), then `mark_paid`, which
writes the one Payment, the status, its stamp, the history and audit rows.
The amount is never the caller's: it is the invoice's net to the vendor.

DIBAYAR → SELESAI: `order_complete` by a user of the vendor ("the money
arrived"), or `orders_complete_overdue`, the scheduler's, for orders whose
payment was recorded more than COMPLETE_AFTER_WORKING_DAYS working days ago
(docs/domain/rules.md, section 16).

Idempotency keys are the edges' (orders/idempotency.py `once`), as for every
order move.
"""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError, NotFound
from blangkon.documents.models import DocumentKind
from blangkon.documents.services import files_atomic, stored_file_create
from blangkon.orders import order_access as access
from blangkon.orders import order_notifications as notices
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.transitions import ORDER_MACHINE, order_transition
from blangkon.payments.models import Collector, Invoice, Payment
from blangkon.payments.payment_core import locked_order, mark_paid, payable_check
from blangkon.procurement.working_days import add_working_days

# A paid order the vendor has not confirmed is completed this many working
# days after its payment was recorded (docs/domain/rules.md, section 16).
COMPLETE_AFTER_WORKING_DAYS = 5

REFERENCE_MAX_LENGTH = 60


# --- who may pay ---------------------------------------------------------------------


def require_bendahara(user: User, order: Order) -> None:
    if not access.is_bendahara_of(user, order):
        raise access.not_allowed(_("Only the bendahara of the ordering OPD records its payment."))


def _payable(user: User, order_id: int, channel: str) -> tuple[Order, Invoice]:
    """The order, readable by `user` (else NotFound), locked, waiting for a
    payment through `channel`, with its invoice. Call inside a transaction."""
    readable = access.readable_order(user, order_id)
    require_bendahara(user, readable)
    order = locked_order(readable.pk)
    invoice = payable_check(order)
    channel_check(order, invoice, channel)
    return order, invoice


def channel_check(order: Order, invoice: Invoice, channel: str) -> None:
    """The order is paid through the channel it was invoiced for: the invoice's
    taxes depend on it (a KKPD card: nobody withholds)."""
    if channel != order.payment_channel:
        message = _(
            "This order is to be paid by %(expected)s, not by %(asked)s. The payment "
            "channel can be changed only before the invoice."
        ) % {
            "expected": PaymentChannel(order.payment_channel).label,
            "asked": PaymentChannel(channel).label,
        }
        raise DomainError("channel_mismatch", message, {"channel": message})
    if channel == PaymentChannel.KKPD and invoice.collector != Collector.NONE_KKPD:
        message = _("This invoice was not made for a KKPD payment; it cannot be paid by card.")
        raise DomainError("channel_mismatch", message, {"channel": message})


def _reference(value: str, field: str, missing: str) -> str:
    """The reference stripped; `missing` says what to enter when it is empty."""
    value = value.strip()
    if not value:
        raise DomainError("invalid", missing, {field: missing})
    if len(value) > REFERENCE_MAX_LENGTH:
        message = _("At most %(count)s characters.") % {"count": REFERENCE_MAX_LENGTH}
        raise DomainError("invalid", message, {field: message})
    return value


# --- the channels ---------------------------------------------------------------------


def payment_record_transfer(
    *,
    user: User,
    order_id: int,
    paid_on: datetime.date,
    reference: str,
    proof_upload: UploadedFile | None,
) -> Payment:
    """The bendahara of the ordering OPD transferred the invoice's net to the
    vendor: the bank's transfer reference and its proof (a PDF, JPEG or PNG,
    checked and kept by the file store as the OPD's, readable by the order's
    readers). A refused payment keeps no file."""
    reference = _reference(reference, "reference", _("Enter the transfer reference."))
    if proof_upload is None:
        message = _("Upload the proof of the transfer.")
        raise DomainError("invalid", message, {"proof": message})
    with files_atomic():
        order, invoice = _payable(user, order_id, PaymentChannel.TRANSFER)
        try:
            proof = stored_file_create(
                actor=user, owner=order.opd, kind=DocumentKind.PAYMENT_PROOF, upload=proof_upload
            )
        except DomainError as refused:
            raise DomainError(refused.code, refused.message, {"proof": refused.message}) from None
        return mark_paid(
            order=order,
            channel=PaymentChannel.TRANSFER,
            amount=invoice.net_to_vendor,
            paid_on=paid_on,
            reference=reference,
            actor=user,
            recorded_by=user,
            proof=proof,
        )


def payment_record_kkpd(
    *, user: User, order_id: int, paid_on: datetime.date, card_reference: str
) -> Payment:
    """The bendahara of the ordering OPD paid with the regional government's
    credit card (KKPD): the card transaction's reference. Only for an order
    whose channel is KKPD, invoiced without withholding (collector none_kkpd)."""
    card_reference = _reference(
        card_reference, "reference", _("Enter the card transaction reference.")
    )
    with transaction.atomic():
        order, invoice = _payable(user, order_id, PaymentChannel.KKPD)
        return mark_paid(
            order=order,
            channel=PaymentChannel.KKPD,
            amount=invoice.net_to_vendor,
            paid_on=paid_on,
            reference=card_reference,
            actor=user,
            recorded_by=user,
        )


def payment_record_ls(
    *,
    user: User,
    order_id: int,
    sp2d_number: str,
    sp2d_date: datetime.date,
    paid_on: datetime.date,
) -> Payment:
    """The treasury (BUD) paid the vendor directly (LS) outside the system;
    the bendahara of the ordering OPD records the SP2D's number and date.
    The SP2D is issued on or before the day the money left."""
    sp2d_number = _reference(sp2d_number, "sp2d_number", _("Enter the SP2D number."))
    if sp2d_date > paid_on:
        message = _("The SP2D is dated on or before the payment date.")
        raise DomainError("invalid", message, {"sp2d_date": message})
    with transaction.atomic():
        order, invoice = _payable(user, order_id, PaymentChannel.LS_SP2D)
        return mark_paid(
            order=order,
            channel=PaymentChannel.LS_SP2D,
            amount=invoice.net_to_vendor,
            paid_on=paid_on,
            reference=sp2d_number,
            actor=user,
            recorded_by=user,
            sp2d_date=sp2d_date,
        )


# --- completion -----------------------------------------------------------------------


def _complete(order: Order, *, actor: User | None) -> Order:
    moved = order_transition(
        order_id=order.pk,
        to=S.SELESAI,
        actor=actor,
        details={"automatic": actor is None},
    )
    notices.order_moved(moved, source=S.DIBAYAR, actor=actor)
    return moved


def _refused(order: Order) -> DomainError:
    return DomainError(
        "invalid_transition",
        _("This cannot move from '%(source)s' to '%(target)s'.")
        % {"source": ORDER_MACHINE.label(order.status), "target": ORDER_MACHINE.label(S.SELESAI)},
    )


def order_complete(*, user: User, order_id: int) -> Order:
    """A user of the order's vendor confirms the money arrived: the order is
    completed (and its ratings open). Asked again, it changes nothing."""
    readable = access.readable_order(user, order_id)
    access.require_vendor(user, readable)
    with transaction.atomic():
        order = locked_order(readable.pk)
        if order.status == S.SELESAI:
            return order
        if order.status != S.DIBAYAR:
            raise _refused(order)
        return _complete(order, actor=user)


def completion_due(order: Order) -> datetime.datetime | None:
    """When a paid order is completed without the vendor's word: the end of
    the COMPLETE_AFTER_WORKING_DAYS-th working day after its payment was
    recorded (Asia/Jakarta). None for an order not waiting for completion."""
    if order.status != S.DIBAYAR or order.paid_at is None:
        return None
    return add_working_days(order.paid_at, COMPLETE_AFTER_WORKING_DAYS)


def order_complete_automatically(*, order_id: int, now: datetime.datetime | None = None) -> Order:
    """Complete a paid order whose completion is due (no actor). An order no
    longer paid-and-due (the vendor confirmed meanwhile) is left alone, so a
    job run twice changes nothing."""
    with transaction.atomic():
        if not Order.objects.filter(pk=order_id).exists():
            raise NotFound()
        order = locked_order(order_id)
        due = completion_due(order)
        if due is None or (now or timezone.now()) <= due:
            return order
        return _complete(order, actor=None)


def orders_complete_overdue(*, now: datetime.datetime | None = None) -> int:
    """Complete every paid order whose completion is due at `now`; returns how
    many. Safe to run twice or late."""
    now = now or timezone.now()
    count = 0
    paid = Order.objects.filter(status=S.DIBAYAR).only("status", "paid_at").order_by("id")
    for order in paid:
        due = completion_due(order)
        if due is not None and now > due:
            moved = order_complete_automatically(order_id=order.pk, now=now)
            count += moved.status == S.SELESAI
    return count
