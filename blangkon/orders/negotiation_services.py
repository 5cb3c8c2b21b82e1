"""Negotiation of a draft order: open (with the buyer's first offer), counter,
accept, withdraw, and the expiry job (docs/design/orders.md, "Negotiation").

Who: the buyer side is the official who built the draft or the PPK of its
OPD; the vendor side is any user of the order's vendor. The side whose turn
it is (the other side of the last offer) counters or accepts; the buyer may
withdraw at any time. Readers of the order who are on neither side are
refused with `not_allowed`; anyone else gets NotFound.

The state of the order and of its negotiation is checked before the side of
the caller, so a refusal says first what is wrong with the order.

Each service runs in one transaction, with the locks of section 5: the
(OPD, vendor) advisory lock, the order row, then the negotiation row; the
products' stock is read, not held (like the submission). Every step writes an
audit row on the order and tells the other side (notifications).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.money import format_rupiah
from blangkon.notifications.services import notify
from blangkon.orders import order_access as access
from blangkon.orders import order_checks as checks
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.negotiation_models import (
    Negotiation,
    NegotiationOffer,
    NegotiationOfferLine,
    NegotiationStatus,
    OfferSide,
)
from blangkon.orders.negotiation_selectors import last_offer, refuse_while_open, waiting_for
from blangkon.orders.order_services import _begin, _lock_pair, _short_of_stock
from blangkon.orders.status import OrderStatus
from blangkon.procurement.selectors import rules_in_force, rules_today
from blangkon.procurement.working_days import add_working_days


@dataclass(frozen=True)
class ProposedLine:
    """One line of an offer: the order line, its new price per unit (whole
    rupiah, tax included) and quantity (whole units)."""

    order_line_id: int
    unit_price: int
    quantity: int


# --- refusals -------------------------------------------------------------------


def _require_draft(order: Order) -> None:
    if order.status != OrderStatus.DRAFT:
        raise DomainError("order_not_draft", _("Only a draft order can be negotiated."))


def _open_negotiation(order: Order) -> Negotiation:
    """The order's open negotiation, locked; `no_open_negotiation` when none."""
    negotiation = (
        Negotiation.objects.select_for_update()
        .filter(order=order, status=NegotiationStatus.OPEN)
        .first()
    )
    if negotiation is None:
        raise DomainError("no_open_negotiation", _("This order has no open negotiation."))
    return negotiation


def _require_turn(user: User, order: Order, side: str) -> None:
    if side == OfferSide.VENDOR and not access.is_vendor_of(user, order):
        raise access.not_allowed(_("The vendor's answer is awaited."))
    if side == OfferSide.BUYER:
        if access.is_vendor_of(user, order):
            raise access.not_allowed(_("The buyer's answer is awaited."))
        access.require_buyer_side(user, order)


# --- an offer -------------------------------------------------------------------


def _line_error(line: OrderLine, proposed: ProposedLine) -> str | None:
    """Why a proposed line cannot stand, or None."""
    if proposed.unit_price <= 0 or proposed.unit_price > line.unit_price:
        return _("Enter a price per unit above zero and at most %(price)s.") % {
            "price": format_rupiah(line.unit_price)
        }
    if proposed.quantity <= 0:
        return _("Enter a whole number of units above zero.")
    product = line.product
    if product is None:
        return None
    if proposed.quantity < product.min_order_quantity:
        return _("The minimum order of %(name)s is %(minimum)s.") % {
            "name": line.name,
            "minimum": product.min_order_quantity,
        }
    if _short_of_stock(product, proposed.quantity):
        return _("Only %(stock)s left of %(name)s.") % {"stock": product.stock, "name": line.name}
    return None


def _checked_offer(
    order: Order, proposals: Sequence[ProposedLine], delivery_cost: int
) -> tuple[list[tuple[OrderLine, ProposedLine]], int]:
    """Each order line with its proposal, and the offer's total (lines plus
    delivery). Every line of the order must be proposed once; prices not above
    the order's, quantities within the product's minimum and stock; the total
    within the ceiling in force today. Refusals: `invalid`, `ceiling_exceeded`."""
    lines = list(order.lines.select_related("product").order_by("id"))
    by_id = {proposal.order_line_id: proposal for proposal in proposals}
    if len(by_id) != len(proposals) or set(by_id) != {line.pk for line in lines}:
        raise DomainError("invalid", _("Propose a price and a quantity for every line, once."))
    errors: dict[str, str] = {}
    for line in lines:
        error = _line_error(line, by_id[line.pk])
        if error:
            errors[f"line_{line.pk}"] = error
    if delivery_cost < 0:
        errors["delivery_cost"] = _("Enter a delivery cost of zero or more whole rupiah.")
    if errors:
        raise DomainError("invalid", _("Check the offer."), errors)
    pairs = [(line, by_id[line.pk]) for line in lines]
    total = sum(p.unit_price * p.quantity for _line, p in pairs) + delivery_cost
    checks.ceiling_check(total, rules_today())
    return pairs, total


def _add_offer(
    negotiation: Negotiation,
    *,
    user: User,
    side: str,
    proposals: Sequence[ProposedLine],
    delivery_cost: int,
    note: str,
    now: datetime.datetime,
) -> NegotiationOffer:
    pairs, total = _checked_offer(negotiation.order, proposals, delivery_cost)
    offer = NegotiationOffer.objects.create(
        negotiation=negotiation,
        side=side,
        author=user,
        created_at=now,
        note=note.strip(),
        delivery_cost=delivery_cost,
        total=total,
    )
    NegotiationOfferLine.objects.bulk_create(
        NegotiationOfferLine(
            offer=offer, order_line=line, unit_price=p.unit_price, quantity=p.quantity
        )
        for line, p in pairs
    )
    return offer


def negotiation_deadline(now: datetime.datetime) -> datetime.datetime:
    """An offer waits for its answer this many working days (the rules in force
    on the local day it is made)."""
    rules = rules_in_force(timezone.localdate(now))
    return add_working_days(now, rules.negotiation_expiry_working_days)


# --- telling the other side and the auditors --------------------------------------


def _vendor_users(order: Order) -> Iterable[User]:
    return User.objects.filter(
        organisation_id=order.vendor.organisation_id, role__in=VENDOR_ROLES, is_active=True
    )


def _buyer_users(negotiation: Negotiation) -> Iterable[User]:
    """The official who built the order and every buyer-side author of an offer."""
    authors = negotiation.offers.filter(side=OfferSide.BUYER).values_list("author_id", flat=True)
    return User.objects.filter(pk__in=[negotiation.order.created_by_id, *authors])


def _tell(negotiation: Negotiation, code: str, *, sides: Iterable[str]) -> None:
    order = negotiation.order
    recipients: list[User] = []
    for side in sides:
        users = _vendor_users(order) if side == OfferSide.VENDOR else _buyer_users(negotiation)
        recipients += users
    notify(
        recipients=recipients,
        code=code,
        params={"opd": order.opd.name, "vendor": order.vendor.organisation.name},
        url=reverse("order:negotiation", args=[order.pk]),
    )


def _other(side: str) -> str:
    return OfferSide.VENDOR if side == OfferSide.BUYER else OfferSide.BUYER


def _audit(
    negotiation: Negotiation, *, action: str, actor: User | None, offer: NegotiationOffer | None
) -> None:
    details: dict[str, object] = {"negotiation": negotiation.pk}
    if offer is not None:
        details |= {"offer": offer.pk, "total": offer.total, "delivery_cost": offer.delivery_cost}
    audit_record(
        actor=actor,
        action=action,
        obj=negotiation.order,
        organisation=negotiation.order.opd,
        details=details,
    )


OFFER_NOTICE: dict[str, str] = {
    OfferSide.BUYER: "negotiation.offer_from_buyer",
    OfferSide.VENDOR: "negotiation.offer_from_vendor",
}


# --- the steps ---------------------------------------------------------------------


def negotiation_open(
    *,
    user: User,
    order_id: int,
    lines: Sequence[ProposedLine],
    delivery_cost: int = 0,
    note: str = "",
) -> Negotiation:
    """The buyer opens a negotiation of a draft with a first offer; the vendor
    has the working days of the rules in force to answer. Refusals:
    `order_not_draft`, `negotiation_open` (one is open already),
    `not_allowed`, `invalid`, `ceiling_exceeded`."""
    with transaction.atomic():
        order = _begin(user, order_id)
        _require_draft(order)
        refuse_while_open(order)
        access.require_buyer_side(user, order)
        now = timezone.now()
        negotiation = Negotiation.objects.create(
            order=order, opened_by=user, opened_at=now, expires_at=negotiation_deadline(now)
        )
        offer = _add_offer(
            negotiation,
            user=user,
            side=OfferSide.BUYER,
            proposals=lines,
            delivery_cost=delivery_cost,
            note=note,
            now=now,
        )
        _audit(negotiation, action="negotiation.opened", actor=user, offer=offer)
        _tell(negotiation, OFFER_NOTICE[OfferSide.BUYER], sides=[OfferSide.VENDOR])
        return negotiation


def _begin_turn(user: User, order_id: int) -> tuple[Negotiation, NegotiationOffer, str]:
    """The open negotiation (locked after its order), the offer awaiting an
    answer, and the side answering, once `user` is found to be that side."""
    order = _begin(user, order_id)
    negotiation = _open_negotiation(order)
    negotiation.order = order
    _require_draft(order)
    last = last_offer(negotiation)
    side = waiting_for(last)
    _require_turn(user, order, side)
    return negotiation, last, side


def negotiation_counter(
    *,
    user: User,
    order_id: int,
    lines: Sequence[ProposedLine],
    delivery_cost: int = 0,
    note: str = "",
) -> Negotiation:
    """The side whose turn it is answers with its own offer; the other side
    then has the working days again. Refusals: `no_open_negotiation`,
    `order_not_draft`, `not_allowed` (not that side's turn), `invalid`,
    `ceiling_exceeded`."""
    with transaction.atomic():
        negotiation, _last, side = _begin_turn(user, order_id)
        now = timezone.now()
        offer = _add_offer(
            negotiation,
            user=user,
            side=side,
            proposals=lines,
            delivery_cost=delivery_cost,
            note=note,
            now=now,
        )
        negotiation.expires_at = negotiation_deadline(now)
        negotiation.save(update_fields=["expires_at"])
        _audit(negotiation, action="negotiation.countered", actor=user, offer=offer)
        _tell(negotiation, OFFER_NOTICE[side], sides=[_other(side)])
        return negotiation


def _apply(order: Order, offer: NegotiationOffer) -> None:
    """Write the agreed prices, quantities and delivery cost into the order
    and recompute its total, after checking the offer again (stock, minimum
    and the ceiling in force today: `ceiling_exceeded`)."""
    proposals = [
        ProposedLine(line.order_line_id, line.unit_price, line.quantity)
        for line in offer.lines.all()
    ]
    pairs, total = _checked_offer(order, proposals, offer.delivery_cost)
    changed = []
    for line, proposal in pairs:
        line.unit_price, line.quantity = proposal.unit_price, proposal.quantity
        line.line_total = proposal.unit_price * proposal.quantity
        changed.append(line)
    OrderLine.objects.bulk_update(changed, ["unit_price", "quantity", "line_total"])
    order.delivery_cost, order.total = offer.delivery_cost, total
    order.save(update_fields=["delivery_cost", "total", "updated_at"])


def negotiation_accept(*, user: User, order_id: int) -> Negotiation:
    """The side whose turn it is accepts the other's last offer: its prices,
    quantities and delivery cost become the order's, and its total is
    recomputed. Refusals: those of a counter, and `ceiling_exceeded` when the
    agreed total is above the ceiling in force today (nothing changes)."""
    with transaction.atomic():
        negotiation, last, side = _begin_turn(user, order_id)
        _apply(negotiation.order, last)
        negotiation.close(NegotiationStatus.AGREED, user)
        _audit(negotiation, action="negotiation.agreed", actor=user, offer=last)
        _tell(negotiation, "negotiation.agreed", sides=[_other(side)])
        return negotiation


def negotiation_withdraw(*, user: User, order_id: int) -> Negotiation:
    """The buyer ends the negotiation; the order keeps its terms."""
    with transaction.atomic():
        order = _begin(user, order_id)
        negotiation = _open_negotiation(order)
        negotiation.order = order
        access.require_buyer_side(user, order)
        negotiation.close(NegotiationStatus.WITHDRAWN, user)
        _audit(negotiation, action="negotiation.withdrawn", actor=user, offer=None)
        _tell(negotiation, "negotiation.withdrawn", sides=[OfferSide.VENDOR])
        return negotiation


def negotiation_expire(*, negotiation_id: int, now: datetime.datetime) -> Negotiation:
    """End an open negotiation past its deadline (no actor). One no longer
    open, or not yet due, is left alone, so the job may run twice."""
    with transaction.atomic():
        found = Negotiation.objects.filter(pk=negotiation_id).select_related("order").first()
        if found is None:
            raise NotFound()
        _lock_pair(found.order.opd_id, found.order.vendor_id)
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("opd", "vendor__organisation")
            .get(pk=found.order_id)
        )
        negotiation = Negotiation.objects.select_for_update().get(pk=negotiation_id)
        negotiation.order = order
        if negotiation.status != NegotiationStatus.OPEN or now <= negotiation.expires_at:
            return negotiation
        negotiation.close(NegotiationStatus.EXPIRED, None)
        _audit(negotiation, action="negotiation.expired", actor=None, offer=None)
        _tell(negotiation, "negotiation.expired", sides=[OfferSide.BUYER, OfferSide.VENDOR])
        return negotiation


def negotiations_expire_overdue(*, now: datetime.datetime | None = None) -> int:
    """Expire every open negotiation past its deadline; returns how many.
    Safe to run twice or late."""
    now = now or timezone.now()
    due = Negotiation.objects.filter(status=NegotiationStatus.OPEN, expires_at__lt=now)
    count = 0
    for negotiation_id in due.order_by("id").values_list("id", flat=True):
        expired = negotiation_expire(negotiation_id=negotiation_id, now=now)
        count += expired.status == NegotiationStatus.EXPIRED
    return count
