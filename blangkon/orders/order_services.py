"""Orders: the checkout from the cart, and one service per move.

Each service, in one transaction: who may ask (order_access; a stranger gets
NotFound), the state check against the table (`invalid_transition`, nothing
written; asking for the status the order is already in changes nothing), the
move's own rules (order_checks), then `order_transition`, which writes the
status, its stamp, the history row and the audit row.

Locks, always in this order (docs/design/orders.md, section 5): the
transaction advisory lock on (OPD, vendor), the order row, then product rows
by ascending id. Order numbers are given at submission from a per-year
counter locked in the same transaction, so the numbers have no gap.

A service's block is a savepoint inside a caller's transaction (the
Idempotency-Key's), so a refusal undoes the service's writes and nothing
else; the blocks it calls (the move, the notices, the public totals) take
none of their own: their errors leave through the service's.
"""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import DeliveryAddress, User
from blangkon.audit.acted_as import acted_as
from blangkon.audit.services import audit_record
from blangkon.catalog.live import LIVE_VENDOR_STATUSES
from blangkon.catalog.models import Product
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.locks import transaction_locks
from blangkon.core.money import format_rupiah
from blangkon.lifecycles.machine import start
from blangkon.notifications.services import notify
from blangkon.orders import order_access as access
from blangkon.orders import order_checks as checks
from blangkon.orders import order_notifications as notices
from blangkon.orders import receiving
from blangkon.orders.access import buyer_check, product_is_available
from blangkon.orders.models import (
    KODE_RUP_PATTERN,
    BastSignature,
    Cart,
    CartLine,
    Order,
    OrderFlag,
    OrderLine,
    OrderNumberCounter,
)
from blangkon.orders.negotiation_models import Negotiation, NegotiationStatus
from blangkon.orders.negotiation_selectors import refuse_while_open
from blangkon.orders.order_deadlines import deadline_of
from blangkon.orders.status import (
    ACTION_SOURCES,
    BastParty,
    FlagKind,
    FundingSource,
    PaymentChannel,
)
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import ORDER_MACHINE, order_transition
from blangkon.procurement.models import ProcurementRule
from blangkon.procurement.selectors import ProcurementRules, rules_in_force, rules_today

LOCK_NAME = "orders.opd_vendor"


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    # Signed orders this one would exceed the ceiling with: a warning now,
    # a refusal at the PPK's signature unless justified.
    splitting_orders: tuple[str, ...] = ()


def _lock_pair(opd_id: int, vendor_id: int) -> None:
    transaction_locks(LOCK_NAME, [f"{opd_id}:{vendor_id}"])


def _begin(user: User, order_id: int) -> Order:
    """The order, readable by `user`, locked: the (OPD, vendor) lock first,
    then the row. Call inside a transaction."""
    parties = access.readable_parties(user, order_id)
    _lock_pair(parties.opd_id, parties.vendor_id)
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("opd", "vendor")
        .get(pk=order_id)
    )


def _moves(order: Order, target: str, action: str | None = None) -> bool:
    """Whether the order is to move to `target`: False when it is there
    already (a retried request changes nothing); invalid_transition, before
    anything is written, when the table does not allow the move or `action`
    (of status.ACTION_SOURCES) does not make it from the order's status."""
    if order.status == target and not ORDER_MACHINE.can_move(target, target):
        return False
    from_here = action is None or order.status in ACTION_SOURCES[action]
    if not (from_here and ORDER_MACHINE.can_move(order.status, target)):
        raise DomainError(
            "invalid_transition",
            _("This cannot move from '%(source)s' to '%(target)s'.")
            % {"source": ORDER_MACHINE.label(order.status), "target": ORDER_MACHINE.label(target)},
        )
    return True


def _refuse(order: Order, target: str) -> None:
    """For a service that makes one move from one status: the order is there
    already (nothing to do) or the move is refused."""
    if order.status != target:
        raise DomainError(
            "invalid_transition",
            _("This cannot move from '%(source)s' to '%(target)s'.")
            % {"source": ORDER_MACHINE.label(order.status), "target": ORDER_MACHINE.label(target)},
        )


def _moved(
    order: Order,
    *,
    to: str,
    actor: User | None,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    known_rules: Mapping[datetime.date, ProcurementRules] | None = None,
) -> Order:
    """Move `order`, locked by this transaction and read with its OPD and
    vendor, without reading it again (order_transition), and tell whoever
    acts next. `known_rules`: the rules in force on a day (today), when the
    caller has read them: the deadline of the next wait counts from today."""
    source = order.status
    moved = order_transition(
        order_id=order.pk,
        to=to,
        actor=actor,
        reason=reason,
        fields=fields,
        details=details,
        locked=order,
    )
    deadline = deadline_of(moved, known_rules=known_rules or {})
    notices.order_moved(moved, source=source, actor=actor, reason=reason, deadline=deadline)
    return moved


def _reason_required(reason: str, field: str = "reason") -> str:
    reason = reason.strip()
    if not reason:
        message = _("Write the reason.")
        raise DomainError("invalid", message, {field: message})
    return reason


# --- checkout ---------------------------------------------------------------


@dataclass(frozen=True)
class DraftFields:
    """The order's own details, checked: what a draft is created with."""

    address: DeliveryAddress
    kode_rup: str
    budget_line: str
    funding_source: str
    requested_arrival: datetime.date
    note: str
    payment_channel: str = PaymentChannel.VA


def _draft_fields(
    *,
    user: User,
    delivery_address_id: int,
    kode_rup: str,
    budget_line: str,
    funding_source: str,
    requested_arrival: datetime.date,
    note: str,
    payment_channel: str = PaymentChannel.VA,
) -> DraftFields:
    errors: dict[str, str] = {}
    if payment_channel not in PaymentChannel.values:
        errors["payment_channel"] = _("Choose how the bendahara will pay.")
    if kode_rup and not re.fullmatch(KODE_RUP_PATTERN, kode_rup):
        errors["kode_rup"] = _("Enter the RUP code as 8 to 20 digits, or leave it empty.")
    if not budget_line.strip():
        errors["budget_line"] = _("Enter the budget line (kode rekening).")
    if funding_source not in FundingSource.values:
        errors["funding_source"] = _("Choose the funding source.")
    if requested_arrival <= timezone.localdate():
        errors["requested_arrival"] = _("Choose a date after today.")
    address = DeliveryAddress.objects.filter(
        pk=delivery_address_id, opd_id=user.organisation_id, is_active=True
    ).first()
    if address is None:
        errors["delivery_address_id"] = _("Choose one of your OPD's delivery addresses.")
    if errors:
        raise DomainError("invalid", _("Check the order's details."), errors)
    assert address is not None
    return DraftFields(
        address=address,
        kode_rup=kode_rup,
        budget_line=budget_line.strip(),
        funding_source=funding_source,
        requested_arrival=requested_arrival,
        note=note.strip(),
        payment_channel=payment_channel,
    )


@dataclass(frozen=True)
class WantedLine:
    """A line a draft is made of, from the cart or named in a request: the
    product (read with its vendor, unit and category), how many, and the
    price per unit the buyer saw. `key` names the line in a refusal."""

    key: str
    product: Product
    quantity: int
    price_seen: int


@dataclass(frozen=True)
class LineRequest:
    """A line named in a request: a product and how many; `price_seen` is
    the price per unit the caller saw (None: it takes today's price)."""

    product_id: int
    quantity: int
    price_seen: int | None = None


def _cart_lines(user: User, vendor_id: int) -> list[CartLine]:
    cart = Cart.objects.select_for_update().filter(buyer=user, opd_id=user.organisation_id).first()
    lines = list(
        CartLine.objects.filter(cart=cart, product__vendor_id=vendor_id)
        .select_related("product__unit", "product__category", "product__vendor")
        .order_by("id")
    )
    if cart is None or not lines:
        raise NotFound(_("Your cart holds nothing from this vendor."))
    return lines


def _refused_lines(errors: dict[str, str], short: set[str]) -> DomainError:
    """Lines that cannot be ordered: `insufficient_stock` when stock is all
    that is missing, `line_unavailable` otherwise."""
    code = "insufficient_stock" if set(errors) <= short else "line_unavailable"
    return DomainError(code, _("Some lines cannot be ordered."), errors)


def _short_of_stock(product: Product, quantity: int) -> bool:
    """Checked, not held: the stock is taken only at the PPK's signature."""
    return not product.made_to_order and product.stock is not None and quantity > product.stock


def _lines_check(lines: list[WantedLine], accepted_prices: bool) -> None:
    """Every product buyable, its quantity within its limits (stock checked,
    not held), and any price changed since it was seen confirmed."""
    errors: dict[str, str] = {}
    short: set[str] = set()
    changed: dict[str, str] = {}
    for line in lines:
        product, key = line.product, line.key
        if not product_is_available(product):
            errors[key] = _("%(name)s cannot be bought now.") % {"name": product.name}
        elif line.quantity < product.min_order_quantity:
            errors[key] = _("The minimum order of %(name)s is %(minimum)s.") % {
                "name": product.name,
                "minimum": product.min_order_quantity,
            }
        elif _short_of_stock(product, line.quantity):
            short.add(key)
            errors[key] = _("Only %(stock)s left of %(name)s.") % {
                "stock": product.stock,
                "name": product.name,
            }
        if product.price != line.price_seen:
            changed[key] = _("%(name)s: the price changed from %(old)s to %(new)s.") % {
                "name": product.name,
                "old": format_rupiah(line.price_seen),
                "new": format_rupiah(product.price),
            }
    if errors:
        raise _refused_lines(errors, short)
    if changed and not accepted_prices:
        raise DomainError(
            "price_changed", _("Some prices changed since you added them: confirm them."), changed
        )


def _snapshot(order: Order, lines: list[WantedLine]) -> list[OrderLine]:
    return OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                product=line.product,
                name=line.product.name,
                sku=line.product.sku,
                unit=line.product.unit.name,
                category=line.product.category,
                tax_class=line.product.category.tax_class,
                is_pdn=line.product.is_pdn,
                unit_price=line.product.price,
                quantity=line.quantity,
                line_total=line.product.price * line.quantity,
            )
            for line in lines
        ]
    )


def _draft_create(
    *,
    user: User,
    vendor_id: int,
    lines: list[WantedLine],
    fields: DraftFields,
    accepted_prices: bool,
) -> CheckoutResult:
    """The draft of `lines` (one vendor's) at today's prices: the checks of
    a checkout, the order, its snapshot lines and the splitting warning.
    Inside the caller's transaction, holding the (OPD, vendor) lock."""
    _lines_check(lines, accepted_prices)
    total = sum(line.product.price * line.quantity for line in lines)
    rules = rules_today()
    checks.ceiling_check(total, rules)
    order = start(
        ORDER_MACHINE,
        status=S.DRAFT,
        values={
            "opd_id": user.organisation_id,
            "vendor_id": vendor_id,
            "created_by": user,
            "kode_rup": fields.kode_rup,
            "budget_line": fields.budget_line,
            "funding_source": fields.funding_source,
            "delivery_address": fields.address,
            "requested_arrival": fields.requested_arrival,
            "note": fields.note,
            "total": total,
            "payment_channel": fields.payment_channel,
        },
        actor=user,
        details={"total": total, "lines": len(lines)},
    )
    snapshot = _snapshot(order, lines)
    warning = checks.splitting_orders(
        opd_id=order.opd_id,
        vendor_id=vendor_id,
        totals_by_category=checks.category_totals(snapshot),
        rules=rules,
        now=timezone.now(),
        exclude_id=order.pk,
    )
    return CheckoutResult(order, tuple(warning))


def checkout(
    *,
    user: User,
    vendor_id: int,
    delivery_address_id: int,
    kode_rup: str,
    budget_line: str,
    funding_source: str,
    requested_arrival: datetime.date,
    note: str = "",
    accepted_prices: bool = False,
    payment_channel: str = PaymentChannel.VA,
) -> CheckoutResult:
    """A DRAFT order from the buyer's cart lines of one vendor, at today's
    prices (copied into the lines), then those lines leave the cart.

    Refusals: not a buyer → NotFound; nothing of the vendor in the cart →
    NotFound; `invalid` (the order's fields), `line_unavailable`,
    `insufficient_stock`, `price_changed` (a price differs from the one seen,
    unless `accepted_prices`), `ceiling_exceeded` (rules in force today). A
    total that would split a purchase is only a warning here
    (`splitting_orders`)."""
    buyer_check(user)
    assert user.organisation_id is not None
    fields = _draft_fields(
        user=user,
        delivery_address_id=delivery_address_id,
        kode_rup=kode_rup,
        budget_line=budget_line,
        funding_source=funding_source,
        requested_arrival=requested_arrival,
        note=note,
        payment_channel=payment_channel,
    )
    with transaction.atomic():
        _lock_pair(user.organisation_id, vendor_id)
        cart_lines = _cart_lines(user, vendor_id)
        wanted = [
            WantedLine(f"line_{line.pk}", line.product, line.quantity, line.unit_price_seen)
            for line in cart_lines
        ]
        result = _draft_create(
            user=user,
            vendor_id=vendor_id,
            lines=wanted,
            fields=fields,
            accepted_prices=accepted_prices,
        )
        CartLine.objects.filter(pk__in=[line.pk for line in cart_lines]).delete()
    return result


def _requested_lines(requests: Sequence[LineRequest]) -> tuple[int, list[WantedLine]]:
    """The vendor and the lines of a request: at least one line, each product
    once, every product known and buyable (an unknown one is named by its id
    only, like one that is not live), all of one vendor."""
    if not requests:
        message = _("Add at least one line.")
        raise DomainError("invalid", message, {"lines": message})
    ids = [request.product_id for request in requests]
    if len(set(ids)) != len(ids):
        message = _("Name each product once, with its whole quantity.")
        raise DomainError("invalid", message, {"lines": message})
    products = Product.objects.select_related("vendor", "unit", "category").in_bulk(ids)
    unavailable = {
        f"lines.{index}": _("Product %(id)s cannot be bought now.") % {"id": request.product_id}
        for index, request in enumerate(requests)
        if request.product_id not in products
        or not product_is_available(products[request.product_id])
    }
    if unavailable:
        raise DomainError("line_unavailable", _("Some lines cannot be ordered."), unavailable)
    vendors = {products[product_id].vendor_id for product_id in ids}
    if len(vendors) > 1:
        raise DomainError(
            "several_vendors",
            _("An order holds the products of one vendor: send one order per vendor."),
            {"lines": _("These products come from %(count)s vendors.") % {"count": len(vendors)}},
        )
    wanted = []
    for index, request in enumerate(requests):
        product = products[request.product_id]
        seen = product.price if request.price_seen is None else request.price_seen
        wanted.append(WantedLine(f"lines.{index}", product, request.quantity, seen))
    return vendors.pop(), wanted


def order_create(
    *,
    user: User,
    lines: Sequence[LineRequest],
    delivery_address_id: int,
    kode_rup: str,
    budget_line: str,
    funding_source: str,
    requested_arrival: datetime.date,
    note: str = "",
    accepted_prices: bool = False,
    payment_channel: str = PaymentChannel.VA,
) -> CheckoutResult:
    """A DRAFT order from lines named in the request (not the cart, which is
    left alone), with the same checks and snapshot as `checkout`.

    Refusals: not a buyer → NotFound; `invalid` (the order's fields, no line,
    a product twice, a quantity below one), `line_unavailable`,
    `several_vendors`, `insufficient_stock`, `price_changed` (a `price_seen`
    that differs, unless `accepted_prices`), `ceiling_exceeded`."""
    buyer_check(user)
    assert user.organisation_id is not None
    fields = _draft_fields(
        user=user,
        delivery_address_id=delivery_address_id,
        kode_rup=kode_rup,
        budget_line=budget_line,
        funding_source=funding_source,
        requested_arrival=requested_arrival,
        note=note,
        payment_channel=payment_channel,
    )
    for index, request in enumerate(lines):
        if request.quantity < 1:
            message = _("Enter a quantity greater than zero.")
            raise DomainError("invalid", message, {f"lines.{index}": message})
    with transaction.atomic():
        # A product's vendor never changes: it can be read before the lock.
        vendor_id, wanted = _requested_lines(lines)
        _lock_pair(user.organisation_id, vendor_id)
        return _draft_create(
            user=user,
            vendor_id=vendor_id,
            lines=wanted,
            fields=fields,
            accepted_prices=accepted_prices,
        )


# --- submission and signature -------------------------------------------------


def _next_number(year: int) -> str:
    # One statement: the year's row is made by its first submission, then
    # incremented in place; the row stays locked until this transaction ends,
    # so a rolled-back submission gives its number back.
    table = OrderNumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1)"  # noqa: S608 (the model's own table)
            f" ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (last,) = cursor.fetchone()
    return f"BLK/{year}/{last:06d}"


def _still_buyable(order: Order) -> None:
    errors: dict[str, str] = {}
    short: set[str] = set()
    for line in order.lines.select_related("product__vendor"):
        product, key = line.product, f"line_{line.pk}"
        if product is None or not product_is_available(product):
            errors[key] = _("%(name)s cannot be bought now.") % {"name": line.name}
        elif _short_of_stock(product, line.quantity):
            short.add(key)
            errors[key] = _("Only %(stock)s left of %(name)s.") % {
                "stock": product.stock,
                "name": line.name,
            }
    if errors:
        raise _refused_lines(errors, short)


def order_submit(*, user: User, order_id: int) -> Order:
    """The official who built the draft sends it to the PPK; it gets its number.
    Refused while a negotiation of it is open (`negotiation_open`). The lines
    are checked again (buyable, stock without holding it) and the ceiling in
    force today."""
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_submitter(user, order)
        if not _moves(order, S.MENUNGGU_PERSETUJUAN, "submit"):
            return order
        refuse_while_open(order)
        _still_buyable(order)
        today = timezone.localdate()
        rules = rules_in_force(today)
        checks.ceiling_check(order.total, rules)
        number = order.number or _next_number(today.year)
        return _moved(
            order,
            to=S.MENUNGGU_PERSETUJUAN,
            actor=user,
            fields={"number": number},
            known_rules={today: rules},
        )


def order_approve(*, user: User, order_id: int, split_justification: str = "") -> Order:
    """The PPK of the OPD (never the one who built it) approves and signs the
    Surat Pesanan. Judged under the rules in force on the signing day (Asia/
    Jakarta), whose version is stored on the order: the ceiling
    (`ceiling_exceeded`) and splitting (`split_suspected`, unless the PPK
    writes a justification: the order is then flagged). A total near the
    ceiling and a repeated order are flagged, not refused. The stock is taken
    here (`insufficient_stock`), and the vendor's tax facts are copied."""
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_approver(user, order)
        if not _moves(order, S.MENUNGGU_KONFIRMASI, "approve"):
            return order
        if order.vendor.status not in LIVE_VENDOR_STATUSES:
            raise DomainError("vendor_not_active", _("The vendor may not sell now."))
        now = timezone.now()
        today = timezone.localdate(now)
        rules = rules_in_force(today)
        checks.ceiling_check(order.total, rules)
        lines = list(order.lines.order_by("id"))
        earlier = checks.splitting_orders(
            opd_id=order.opd_id,
            vendor_id=order.vendor_id,
            totals_by_category=checks.category_totals(lines),
            rules=rules,
            now=now,
            exclude_id=order.pk,
        )
        justification = split_justification.strip()
        if earlier and not justification:
            raise checks.split_refusal(earlier)
        flags: list[OrderFlag] = []
        detail: dict[str, Any]
        if earlier:
            detail = {"orders": earlier, "justification": justification}
            flags.append(OrderFlag(order=order, kind=FlagKind.SPLIT_JUSTIFIED, detail=detail))
        if rules.is_near_ceiling(order.total):
            detail = {"total": order.total, "ceiling": rules.ceiling_rupiah}
            flags.append(OrderFlag(order=order, kind=FlagKind.NEAR_CEILING, detail=detail))
        repeats = checks.repeated_orders(order, lines, days=rules.repeat_window_days, now=now)
        if repeats:
            detail = {"orders": repeats, "days": rules.repeat_window_days}
            flags.append(OrderFlag(order=order, kind=FlagKind.REPEAT_WITHIN_WINDOW, detail=detail))
        checks.take_stock(lines)
        OrderFlag.objects.bulk_create(flags)
        return _moved(
            order,
            to=S.MENUNGGU_KONFIRMASI,
            actor=user,
            fields={
                "approved_by": user,
                "rules_version": ProcurementRule.objects.get(pk=rules.id),
                "vendor_tax_profile": checks.tax_profile(order.vendor),
                "split_justification": justification if earlier else "",
                "stock_held": True,
            },
            details={"flags": [flag.kind for flag in flags]},
            known_rules={today: rules},
        )


# --- the vendor -------------------------------------------------------------------


def order_accept(*, user: User, order_id: int) -> Order:
    """A user of the order's vendor accepts it and starts preparing it."""
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_vendor(user, order)
        if not _moves(order, S.DIPROSES, "accept"):
            return order
        return _moved(order, to=S.DIPROSES, actor=user)


def order_decline(*, user: User, order_id: int, reason: str) -> Order:
    """A user of the order's vendor declines it, saying why; the stock comes back."""
    reason = _reason_required(reason)
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_vendor(user, order)
        if not _moves(order, S.DITOLAK, "decline"):
            return order
        checks.return_stock(order)
        return _moved(
            order,
            to=S.DITOLAK,
            actor=user,
            reason=reason,
            fields={"decline_reason": reason, "stock_held": False},
        )


def order_ship(
    *,
    user: User,
    order_id: int,
    courier: str = "",
    tracking_number: str = "",
    own_delivery: bool = False,
) -> Order:
    """The vendor ships: by a courier with its tracking number, or delivers itself."""
    courier, tracking_number = courier.strip(), tracking_number.strip()
    with transaction.atomic():
        order = _begin(user, order_id)
        # Who may ship before what they sent: a stranger learns nothing from
        # the form's errors, and the wrong role is told so first.
        access.require_vendor(user, order)
        if not own_delivery and not (courier and tracking_number):
            message = _("Enter the courier and the tracking number, or choose own delivery.")
            raise DomainError("invalid", message, {"tracking_number": message})
        if not _moves(order, S.DIKIRIM, "ship"):
            return order
        return _moved(
            order,
            to=S.DIKIRIM,
            actor=user,
            fields={
                "courier": "" if own_delivery else courier,
                "tracking_number": "" if own_delivery else tracking_number,
                "own_delivery": own_delivery,
            },
        )


# --- the receipt and the BAST -----------------------------------------------------


class Outcome:
    """What the inspector decides about a delivery (pages and the API offer these)."""

    ACCEPT_ALL = "accept_all"
    ACCEPT_PARTIALLY = "accept_partially"
    SEND_BACK = "send_back"
    # order_receive's own rule: complete is accepted, anything else sent back.
    AS_FOUND = "as_found"

    CHOICES = (ACCEPT_ALL, ACCEPT_PARTIALLY, SEND_BACK)


def order_receive(
    *,
    user: User,
    order_id: int,
    received: Mapping[int, int],
    condition_ok: bool,
    note: str = "",
    on_time: bool | None = None,
    accept_partially: bool = False,
    accepted: Mapping[int, int] | None = None,
    send_back: bool = False,
) -> Order:
    """The PPK, or the receiver the PPK appointed, inspects the delivery:
    `received` is the quantity per line (line id → units).

    - Every line fully received in good condition → DITERIMA, all accepted.
    - `accept_partially`: what arrived in good order is accepted (`accepted`,
      line id → units, at most what was received; by default what was
      received) → DITERIMA with the accepted value (`accepted_total`) beside
      the total as ordered; when less than ordered is accepted, `note` is the
      reason (required), the order is flagged and the units never delivered
      go back to the vendor's stock.
    - Otherwise, or with `send_back`, it is a nonconformity: the order goes
      back to the vendor (DIPROSES) with the note saying what is wrong.
    A move the table does not allow is refused before who asks is judged."""
    if accept_partially and send_back:
        raise DomainError("invalid", _("Choose to accept partially or to send back, not both."))
    outcome = Outcome.AS_FOUND
    if accept_partially or send_back:
        outcome = Outcome.ACCEPT_PARTIALLY if accept_partially else Outcome.SEND_BACK
    return order_inspect(
        user=user,
        order_id=order_id,
        outcome=outcome,
        received=received,
        accepted=accepted,
        condition_ok=condition_ok,
        on_time=on_time,
        note=note,
    )


def order_inspect(
    *,
    user: User,
    order_id: int,
    outcome: str,
    received: Mapping[int, int],
    condition_ok: bool,
    accepted: Mapping[int, int] | None = None,
    on_time: bool | None = None,
    note: str = "",
) -> Order:
    """The inspection as the pages and the API ask for it, by `outcome`:
    accept all (everything ordered arrived in good condition, else refused),
    accept partially, or send back; see `order_receive`."""
    if outcome not in (*Outcome.CHOICES, Outcome.AS_FOUND):
        message = _("Choose whether to accept all, accept partially or send it back.")
        raise DomainError("invalid", message, {"outcome": message})
    with transaction.atomic():
        order = _begin(user, order_id)
        if order.status not in ACTION_SOURCES["receive"]:
            _refuse(order, S.DITERIMA)
            access.require_inspector(user, order)
            return order
        access.require_inspector(user, order)
        lines = receiving.record_inspection(order, received, condition_ok)
        complete = receiving.is_complete(lines, condition_ok)
        if outcome == Outcome.ACCEPT_ALL and not complete:
            raise DomainError(
                "incomplete_delivery",
                _(
                    "Not everything ordered arrived in good condition: accept it partially "
                    "or send it back to the vendor."
                ),
            )
        inspected: dict[str, object] = {"received_on_time": on_time}
        if outcome == Outcome.SEND_BACK or (outcome == Outcome.AS_FOUND and not complete):
            note = _reason_required(note, "note")
            fields = inspected | {"receipt_note": note, "accepted_total": None}
            return _moved(order, to=S.DIPROSES, actor=user, reason=note, fields=fields)
        partially = outcome == Outcome.ACCEPT_PARTIALLY
        # The delivery happened, so an agreed delivery cost (ongkos kirim) stays
        # payable whatever part of the goods is accepted.
        value = (
            receiving.record_acceptance(lines, accepted if partially else None)
            + order.delivery_cost
        )
        if value == order.total:
            fields = inspected | {"accepted_total": value}
            return _moved(order, to=S.DITERIMA, actor=user, reason=note.strip(), fields=fields)
        return _accept_partially(order, lines, value, note, user=user, fields=inspected)


def _accept_partially(
    order: Order,
    lines: list[OrderLine],
    value: int,
    note: str,
    *,
    user: User,
    fields: dict[str, object],
) -> Order:
    reason = _reason_required(note, "note")
    detail = receiving.acceptance_detail(order, lines, value, reason)
    detail["stock_returned"] = {
        str(line_id): units for line_id, units in receiving.return_undelivered_stock(lines).items()
    }
    receiving.flag_partial_acceptance(order, detail)
    return _moved(
        order,
        to=S.DITERIMA,
        actor=user,
        reason=reason,
        fields=fields | {"accepted_total": value},
        details=detail,
    )


def order_appoint_receiver(*, user: User, order_id: int, receiver_id: int | None) -> Order:
    """The PPK of the order's OPD appoints an active official of that OPD to
    receive and inspect the delivery, or removes the appointment (None), from
    the signature of the Surat Pesanan until the receipt. The appointed
    official is notified. Appointing the one already appointed changes nothing."""
    with transaction.atomic():
        order = _begin(user, order_id)
        receiving.appointable_check(order)
        access.require_ppk(user, order)
        receiver = None if receiver_id is None else receiving.eligible_receiver(order, receiver_id)
        if order.receiver_id == receiver_id:
            return order
        previous = order.receiver_id
        order.receiver = receiver
        order.save(update_fields=["receiver", "updated_at"])
        audit_record(
            actor=user,
            action="order.receiver_appointed" if receiver else "order.receiver_removed",
            obj=order,
            organisation=order.opd,
            details={"receiver": receiver_id, "previous": previous},
        )
        if receiver is not None:
            notify(
                recipients=[receiver],
                code="order.receiver_appointed",
                params={"order": order.number, "vendor": order.vendor.organisation.name},
                url=reverse("order:inspect", args=[order.pk]),
            )
        return order


def order_send_back(*, user: User, order_id: int, note: str) -> Order:
    """The PPK finds a nonconformity after the receipt, before the BAST: the
    order goes back to the vendor."""
    note = _reason_required(note, "note")
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_ppk(user, order)
        if order.status not in ACTION_SOURCES["send-back"]:
            _refuse(order, S.DIPROSES)
            return order
        # A signature of the BAST, and what was accepted, were of the receipt
        # that no longer stands.
        order.bast_signatures.all().delete()
        receiving.clear_acceptance(order)
        fields = {"receipt_note": note, "accepted_total": None}
        return _moved(order, to=S.DIPROSES, actor=user, reason=note, fields=fields)


def order_sign_bast(*, user: User, order_id: int) -> Order:
    """The PPK and the vendor each sign the BAST once; with both signatures
    the order is BAST_DITANDATANGANI. A party signing again changes nothing."""
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_party(user, order)
        if not _moves(order, S.BAST_DITANDATANGANI, "sign-bast"):
            return order
        party = BastParty.PPK if access.is_ppk_of(user, order) else BastParty.VENDOR
        _signature, created = BastSignature.objects.get_or_create(
            order=order, party=party, defaults={"signed_by": user, "acted_as": acted_as(user)}
        )
        if created:
            audit_record(
                actor=user,
                action="bast.signed",
                obj=order,
                organisation=order.opd,
                details={"party": party},
            )
        if order.bast_signatures.count() < len(BastParty.values):
            if created:
                notices.bast_signed_by_one(order, actor=user, by_ppk=party == BastParty.PPK)
            return order
        return _moved(order, to=S.BAST_DITANDATANGANI, actor=user)


# --- the payment channel -----------------------------------------------------------

# Until the invoice: the invoice's taxes are decided by the channel (a KKPD card:
# nobody collects), so it is fixed from DITAGIH on, and an ended order keeps its own.
PAYMENT_CHANNEL_OPEN = frozenset(
    {
        S.DRAFT,
        S.MENUNGGU_PERSETUJUAN,
        S.MENUNGGU_KONFIRMASI,
        S.DIPROSES,
        S.DIKIRIM,
        S.DITERIMA,
        S.BAST_DITANDATANGANI,
        S.SENGKETA,
    }
)


def order_set_payment_channel(*, user: User, order_id: int, channel: str) -> Order:
    """The bendahara of the order's OPD chooses how it will be paid
    (docs/design/paying.md, section 4), until the invoice
    (`payment_channel_fixed` after). Choosing the current one changes nothing."""
    if channel not in PaymentChannel.values:
        message = _("Choose how the bendahara will pay.")
        raise DomainError("invalid", message, {"payment_channel": message})
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_bendahara(user, order)
        if order.status not in PAYMENT_CHANNEL_OPEN:
            raise DomainError(
                "payment_channel_fixed",
                _("The payment channel can no longer change: the order is invoiced or ended."),
            )
        if order.payment_channel == channel:
            return order
        previous = order.payment_channel
        order.payment_channel = channel
        order.save(update_fields=["payment_channel", "updated_at"])
        audit_record(
            actor=user,
            action="order.payment_channel_changed",
            obj=order,
            organisation=order.opd,
            details={"payment_channel": channel, "previous": previous},
        )
        return order


# --- side exits -------------------------------------------------------------------


def order_cancel(*, user: User, order_id: int, reason: str) -> Order:
    """The buyer (the official who built it, or the PPK) cancels before the
    vendor accepts, saying why; stock taken at the signature comes back."""
    reason = _reason_required(reason)
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_buyer_side(user, order)
        # Not from a dispute: the kab/kota admin resolves it (ACTION_SOURCES).
        if not _moves(order, S.DIBATALKAN, "cancel"):
            return order
        _withdraw_negotiation(order, user)
        return _cancel(order, to=S.DIBATALKAN, actor=user, reason=reason)


def _withdraw_negotiation(order: Order, user: User) -> None:
    """A draft cancelled while its negotiation is open ends the negotiation
    too (withdrawn by the buyer who cancels), so the vendor is not left
    answering an offer on an order that is gone."""
    negotiation = (
        Negotiation.objects.select_for_update()
        .filter(order=order, status=NegotiationStatus.OPEN)
        .first()
    )
    if negotiation is None:
        return
    negotiation.close(NegotiationStatus.WITHDRAWN, user)
    audit_record(
        actor=user,
        action="negotiation.withdrawn",
        obj=order,
        organisation=order.opd,
        details={"negotiation": negotiation.pk, "order_cancelled": True},
    )
    notices.negotiation_withdrawn_with_order(order, user)


def _cancel(order: Order, *, to: str, actor: User | None, reason: str) -> Order:
    checks.return_stock(order)
    fields: dict[str, object] = {"stock_held": False}
    if to == S.DIBATALKAN:
        fields["cancel_reason"] = reason
    return _moved(order, to=to, actor=actor, reason=reason, fields=fields)


def order_time_out(*, order_id: int, expected: str | None = None) -> Order:
    """Cancel an order nobody acted on in time (no actor); stock taken comes
    back. With `expected`, an order no longer in that status is left alone
    (someone acted meanwhile), so a job run twice changes nothing."""
    with transaction.atomic():
        found = Order.objects.filter(pk=order_id).values("opd_id", "vendor_id").first()
        if found is None:
            raise NotFound()
        _lock_pair(found["opd_id"], found["vendor_id"])
        order = Order.objects.select_for_update(of=("self",)).select_related("opd").get(pk=order_id)
        if expected is not None and order.status != expected:
            return order
        if not _moves(order, S.BATAL_OTOMATIS):
            return order
        reason = _("No answer within the time allowed.")
        return _cancel(order, to=S.BATAL_OTOMATIS, actor=None, reason=reason)


def orders_time_out_overdue(*, now: datetime.datetime | None = None) -> int:
    """Cancel every order waiting past its deadline for the PPK's signature or
    the vendor's answer; returns how many. Safe to run twice or late."""
    now = now or timezone.now()
    waiting = Order.objects.filter(status__in=[S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI])
    count = 0
    for order in waiting.only("status", "submitted_at", "approved_at").order_by("id"):
        deadline = deadline_of(order)
        if deadline is not None and now > deadline:
            moved = order_time_out(order_id=order.pk, expected=order.status)
            count += moved.status == S.BATAL_OTOMATIS
    return count


def order_dispute(*, user: User, order_id: int, reason: str) -> Order:
    """The PPK or the vendor opens a dispute after shipping."""
    reason = _reason_required(reason)
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_party(user, order)
        if not _moves(order, S.SENGKETA, "dispute"):
            return order
        order.bast_signatures.all().delete()  # signed before the dispute: signed again after
        return _moved(
            order,
            to=S.SENGKETA,
            actor=user,
            reason=reason,
            fields={"dispute_reason": reason},
        )


def order_resolve_dispute(*, user: User, order_id: int, to: str, reason: str) -> Order:
    """The kab/kota admin of the OPD's pemda ends a dispute: back to shipped or
    received, or cancelled (stock comes back)."""
    reason = _reason_required(reason)
    with transaction.atomic():
        order = _begin(user, order_id)
        access.require_resolver(user, order)
        if order.status not in ACTION_SOURCES["resolve-dispute"]:
            _refuse(order, to)
            return order
        if not _moves(order, to):
            return order
        if to == S.DIBATALKAN:
            return _cancel(order, to=to, actor=user, reason=reason)
        return _moved(order, to=to, actor=user, reason=reason)
