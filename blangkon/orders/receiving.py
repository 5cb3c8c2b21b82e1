"""The receipt of an order: who may be appointed to receive it, what the
inspection records per line, the value accepted, and the stock of units never
delivered (docs/design/orders.md, section 4, "The receipt").

Helpers for orders/order_services.py, called under its locks (the (OPD,
vendor) lock, then the order row, then product rows by ascending id); they
write lines and products, never the order's status.
"""

from collections.abc import Mapping

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.core.errors import DomainError
from blangkon.orders.models import Order, OrderFlag, OrderLine
from blangkon.orders.order_access import RECEIVER_ROLES
from blangkon.orders.status import FlagKind
from blangkon.orders.status import OrderStatus as S

# From the Surat Pesanan's signature until the receipt: before it there is no
# contract to receive, after it the receipt is recorded.
APPOINTABLE = frozenset({S.MENUNGGU_KONFIRMASI, S.DIPROSES, S.DIKIRIM})


def eligible_receivers(order: Order) -> QuerySet[User]:
    """The active officials of the order's OPD who may receive it
    (order_access.RECEIVER_ROLES), by name."""
    return User.objects.filter(
        organisation_id=order.opd_id, is_active=True, role__in=RECEIVER_ROLES
    ).order_by("first_name", "last_name", "username")


def eligible_receiver(order: Order, receiver_id: int) -> User:
    receiver = eligible_receivers(order).filter(pk=receiver_id).first()
    if receiver is None:
        message = _(
            "Choose an active PP or OPD admin of this order's OPD: the PPK receives without "
            "being appointed, and the bendahara, who pays the order, does not receive it."
        )
        raise DomainError("invalid_receiver", message, {"receiver_id": message})
    return receiver


def appointable_check(order: Order) -> None:
    if order.status not in APPOINTABLE:
        raise DomainError(
            "receiver_not_now",
            _(
                "A receiver may be appointed or removed only after the Surat Pesanan is "
                "signed and before the receipt."
            ),
        )


def _quantity_check(line: OrderLine, quantity: int, most: int) -> None:
    if quantity < 0 or quantity > most:
        message = _("Enter between 0 and %(quantity)s.") % {"quantity": most}
        raise DomainError("invalid", message, {f"line_{line.pk}": message})


def _known_lines(lines: list[OrderLine], given: Mapping[int, int]) -> None:
    if set(given) - {line.pk for line in lines}:
        raise DomainError("invalid", _("A line given is not on this order."))


def record_inspection(
    order: Order, received: Mapping[int, int], condition_ok: bool
) -> list[OrderLine]:
    """Write the quantity received per line (0 for a line not given) and the
    condition; the lines, by id."""
    lines = list(order.lines.order_by("id"))
    _known_lines(lines, received)
    for line in lines:
        quantity = received.get(line.pk, 0)
        _quantity_check(line, quantity, line.quantity)
        line.received_quantity, line.condition_ok = quantity, condition_ok
        line.accepted_quantity = None
    OrderLine.objects.bulk_update(lines, ["received_quantity", "condition_ok", "accepted_quantity"])
    return lines


def is_complete(lines: list[OrderLine], condition_ok: bool) -> bool:
    """Everything ordered arrived, in good condition."""
    return condition_ok and all(line.received_quantity == line.quantity for line in lines)


def record_acceptance(lines: list[OrderLine], accepted: Mapping[int, int] | None) -> int:
    """Write the quantity accepted per line (at most what was received; by
    default all of it) and return the accepted value in whole rupiah: the sum
    of accepted quantity × unit price. Nothing accepted is a send-back, not
    an acceptance."""
    given = accepted or {}
    _known_lines(lines, given)
    for line in lines:
        received = line.received_quantity or 0
        quantity = given.get(line.pk, received)
        _quantity_check(line, quantity, received)
        line.accepted_quantity = quantity
    value = sum(
        line.accepted_quantity * line.unit_price for line in lines if line.accepted_quantity
    )
    if value == 0:
        raise DomainError(
            "nothing_accepted",
            _("Nothing would be accepted: send the order back to the vendor instead."),
        )
    OrderLine.objects.bulk_update(lines, ["accepted_quantity"])
    return value


def return_undelivered_stock(lines: list[OrderLine]) -> dict[int, int]:
    """Give the units that never arrived (ordered − received) back to the
    product's stock: the signature took them, the vendor still holds them and
    the accepted contract no longer needs them. Units that arrived but were
    not accepted (damaged, not as ordered) are not given back: they return to
    the vendor in whatever state they are, and the vendor counts them in its
    stock itself. Product rows locked by ascending id. Returns line id →
    units given back."""
    owed = {
        line.product_id: line
        for line in lines
        if line.product_id is not None
        and line.stock_taken > 0
        and (line.received_quantity or 0) < line.quantity
    }
    given: dict[int, int] = {}
    products = Product.objects.select_for_update().filter(pk__in=owed).order_by("pk")
    for product_id in products.values_list("pk", flat=True):
        line = owed[product_id]
        units = min(line.stock_taken, line.quantity - (line.received_quantity or 0))
        Product.objects.filter(pk=product_id).update(stock=F("stock") + units)
        line.stock_taken -= units
        line.save(update_fields=["stock_taken"])
        given[line.pk] = units
    return given


def acceptance_detail(
    order: Order, lines: list[OrderLine], accepted_total: int, reason: str
) -> dict[str, object]:
    """What a partial acceptance changed, for the flag and the history row."""
    return {
        "partial": True,
        "total": order.total,
        "accepted_total": accepted_total,
        "reason": reason,
        "lines": {
            str(line.pk): {
                "ordered": line.quantity,
                "received": line.received_quantity,
                "accepted": line.accepted_quantity,
            }
            for line in lines
        },
    }


def flag_partial_acceptance(order: Order, detail: dict[str, object]) -> None:
    """One flag per order: a later partial acceptance (after a send-back)
    replaces the detail of the earlier one."""
    OrderFlag.objects.update_or_create(
        order=order, kind=FlagKind.PARTIALLY_ACCEPTED, defaults={"detail": detail}
    )


def clear_acceptance(order: Order) -> None:
    """The receipt no longer stands (sent back after it): no line is accepted."""
    order.lines.update(accepted_quantity=None)
