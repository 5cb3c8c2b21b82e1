"""The virtual-account channel: the bendahara asks for a VA number, the bank
tells us it was paid (docs/design/paying.md, section 4; ADR 0028).

`va_issue` gives the bendahara of the ordering OPD a number for the invoice's
net on an invoiced order whose channel is VA: the live one again when there
is one, a new one when there is none or it expired.

`bank_callback` takes the bank's message as received. It has no user: the
message is authenticated by its signature (payments/banks.py). Every message
is written to BankCallback with its outcome. A refused one is logged in a
transaction of its own, after the refusal's is rolled back, so the log
survives the refusal; an accepted one is logged in the payment's own
transaction, where the partial unique key (bank, message_id) of paid rows is
the database's last guard against a replay.

Locks: the order row first, then the VA row (docs/design/paying.md), so a
callback and the bendahara's other channels queue on the order. Twenty copies
of one message sent at once pay once: the first pays under the locks, the
others then find its paid row (replay) or the order paid (already_paid).
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.payments.banks import CallbackMessage, CallbackRefused, bank
from blangkon.payments.models import BankCallback, CallbackOutcome, VirtualAccount
from blangkon.payments.payment_core import locked_order, mark_paid, payable_check

# The stored body of a message is cut here: a refused message can be anything.
BODY_KEPT = 64 * 1024


# --- the bendahara's VA ---------------------------------------------------------------


def is_bendahara_of(user: User, order: Order) -> bool:
    return user.role == Role.BENDAHARA and user.organisation_id == order.opd_id


def live_va(order: Order, amount: int) -> VirtualAccount | None:
    """The order's unpaid, unexpired VA for `amount`, if any."""
    return (
        VirtualAccount.objects.filter(
            order=order, amount=amount, paid_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-issued_at", "-id")
        .first()
    )


def va_issue(*, user: User, order_id: int) -> VirtualAccount:
    """The bendahara of the order's OPD gets a VA for the invoice's net.
    Refusals: not found (404), not_allowed (403), already_paid,
    invalid_transition (not invoiced), wrong_channel (400)."""
    with transaction.atomic():
        order = access.readable_order(user, order_id)  # 404 to anyone who may not read it
        if not is_bendahara_of(user, order):
            raise access.not_allowed(_("Only the bendahara of this OPD may ask for a VA number."))
        order = locked_order(order.pk)
        invoice = payable_check(order)
        if order.payment_channel != PaymentChannel.VA:
            raise DomainError(
                "wrong_channel",
                _("This order is paid by %(channel)s, not by virtual account.")
                % {"channel": order.get_payment_channel_display()},
            )
        current = live_va(order, invoice.net_to_vendor)
        if current is not None:
            return current
        adapter = bank()
        now = timezone.now()
        expires_at = now + datetime.timedelta(hours=settings.VA_VALID_HOURS)
        va = VirtualAccount.objects.create(
            order=order,
            bank=adapter.code,
            number=adapter.issue_va(order, invoice.net_to_vendor, expires_at),
            amount=invoice.net_to_vendor,
            issued_at=now,
            expires_at=expires_at,
        )
        audit_record(
            actor=user,
            action="va.issued",
            obj=order,
            organisation=order.opd,
            details={
                "bank": va.bank,
                "amount": va.amount,
                "expires_at": expires_at.isoformat(),
                # Only the last digits: the log is read more widely than the order.
                "number_end": va.number[-4:],
            },
        )
        return va


# --- the bank's callback ---------------------------------------------------------------


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bank is answered: an HTTP status, a stable code and a sentence.

    200 for a payment recorded and for a message already handled (a replay or
    an order paid before): the bank has nothing left to do, so it stops
    retrying. 400 malformed, 401 bad or stale signature, 404 unknown VA, 409
    amount or expiry: a person must look, and a retry would not change it."""

    outcome: str
    status: int
    code: str
    message: str
    message_id: str = ""


STATUSES: dict[str, int] = {
    CallbackOutcome.PAID: 200,
    CallbackOutcome.ALREADY_PAID: 200,
    CallbackOutcome.REPLAY: 200,
    CallbackOutcome.MALFORMED: 400,
    CallbackOutcome.BAD_SIGNATURE: 401,
    CallbackOutcome.UNKNOWN_VA: 404,
    CallbackOutcome.AMOUNT_MISMATCH: 409,
    CallbackOutcome.EXPIRED: 409,
}


def _sentence(outcome: str) -> str:
    sentences: dict[str, str] = {
        CallbackOutcome.PAID: _("The payment was recorded."),
        CallbackOutcome.ALREADY_PAID: _("The order was already paid; nothing was recorded."),
        CallbackOutcome.REPLAY: _("This message was already received; nothing was recorded."),
        CallbackOutcome.UNKNOWN_VA: _("No virtual account has this number."),
        CallbackOutcome.AMOUNT_MISMATCH: _(
            "The amount differs from the virtual account's; nothing was recorded."
        ),
        CallbackOutcome.EXPIRED: _("The virtual account had expired when it was paid."),
    }
    return str(sentences.get(outcome, _("The message was refused.")))


class _Refusal(Exception):
    """Leaves the payment's transaction (rolling it back) with an outcome to log."""

    def __init__(self, outcome: str, va: VirtualAccount | None = None) -> None:
        super().__init__(outcome)
        self.outcome = outcome
        self.va = va


def _log(
    raw_body: bytes,
    *,
    outcome: str,
    message: CallbackMessage | None = None,
    claimed: Mapping[str, object] | None = None,
    va: VirtualAccount | None = None,
) -> BankCallback:
    # PostgreSQL text cannot hold NUL; anything else is kept as received.
    body = raw_body[:BODY_KEPT].decode("utf-8", errors="replace").replace("\x00", "\ufffd")
    facts: Mapping[str, object] = claimed or {}
    if message is not None:
        facts = {
            "bank": message.bank,
            "message_id": message.message_id,
            "va_number": message.va_number,
            "amount": message.amount,
            "signature": message.signature,
        }
    amount = facts.get("amount")
    return BankCallback.objects.create(
        bank=str(facts.get("bank", ""))[:20],
        message_id=str(facts.get("message_id", ""))[:64],
        body=body,
        signature=str(facts.get("signature", ""))[:128],
        va_number=str(facts.get("va_number", ""))[:24],
        amount=amount if isinstance(amount, int) else None,
        outcome=outcome,
        virtual_account=va,
    )


def _answer(outcome: str, message: CallbackMessage | None) -> CallbackAnswer:
    return CallbackAnswer(
        outcome=outcome,
        status=STATUSES[outcome],
        code=outcome,
        message=_sentence(outcome),
        message_id=message.message_id if message else "",
    )


def bank_callback(*, raw_body: bytes, headers: Mapping[str, str]) -> CallbackAnswer:
    """Verify the bank's message, log it, and pay the order once."""
    try:
        message = bank().verify(raw_body, headers)
    except CallbackRefused as refused:
        with transaction.atomic():
            _log(raw_body, outcome=refused.outcome, claimed=refused.claimed)
        status = 401 if refused.code == "stale_message" else STATUSES[refused.outcome]
        return CallbackAnswer(refused.outcome, status, refused.code, str(refused.message))
    try:
        with transaction.atomic():
            _settle(raw_body, message)
    except _Refusal as refusal:
        with transaction.atomic():
            _log(raw_body, outcome=refusal.outcome, message=message, va=refusal.va)
        return _answer(refusal.outcome, message)
    except IntegrityError:
        # Only the unique key of paid rows can get here (the locks queue
        # copies of one message): another copy won, so this one is a replay.
        with transaction.atomic():
            _log(raw_body, outcome=CallbackOutcome.REPLAY, message=message)
        return _answer(CallbackOutcome.REPLAY, message)
    return _answer(CallbackOutcome.PAID, message)


def _settle(raw_body: bytes, message: CallbackMessage) -> None:
    """Pay the order of the message's VA, or raise _Refusal. In a transaction."""
    found = VirtualAccount.objects.filter(number=message.va_number, bank=message.bank).first()
    if found is None:
        raise _Refusal(CallbackOutcome.UNKNOWN_VA)
    order = locked_order(found.order_id)
    va = VirtualAccount.objects.select_for_update().get(pk=found.pk)
    seen = BankCallback.objects.filter(
        bank=message.bank, message_id=message.message_id, outcome=CallbackOutcome.PAID
    )
    if seen.exists():
        raise _Refusal(CallbackOutcome.REPLAY, va)
    if va.paid_at is not None or order.status in (S.DIBAYAR, S.SELESAI):
        raise _Refusal(CallbackOutcome.ALREADY_PAID, va)
    if message.amount != va.amount:
        raise _Refusal(CallbackOutcome.AMOUNT_MISMATCH, va)
    # The bank's time of payment decides, so a retry after the expiry of a
    # payment made in time still counts.
    if message.paid_at > va.expires_at:
        raise _Refusal(CallbackOutcome.EXPIRED, va)
    try:
        mark_paid(
            order=order,
            channel=PaymentChannel.VA,
            amount=message.amount,
            # A bank clock slightly ahead must not put the payment tomorrow.
            paid_on=min(timezone.localdate(message.paid_at), timezone.localdate()),
            reference=va.number,
            actor=None,
        )
    except DomainError as refused:
        outcomes = {
            "already_paid": CallbackOutcome.ALREADY_PAID,
            "amount_mismatch": CallbackOutcome.AMOUNT_MISMATCH,
        }
        # Otherwise the order is not invoiced (cannot hold a live VA) or the
        # bank's payment time lies before the BAST: not a payment we can record.
        raise _Refusal(outcomes.get(refused.code, CallbackOutcome.MALFORMED), va) from None
    va.paid_at = message.paid_at
    va.save(update_fields=["paid_at"])
    _log(raw_body, outcome=CallbackOutcome.PAID, message=message, va=va)
