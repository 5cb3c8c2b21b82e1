"""The rules an order must pass (docs/domain/rules.md, docs/design/orders.md
section 4): the ceiling, splitting, the flags, and the stock taken at the
PPK's signature. Called by orders/order_services.py under its locks: the
(OPD, vendor) advisory lock serialises the splitting sums, and product rows
are locked by ascending id before their stock changes."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from blangkon.catalog.models import Product
from blangkon.core.errors import DomainError
from blangkon.core.money import format_rupiah
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import SIGNED
from blangkon.procurement.selectors import ProcurementRules
from blangkon.vendors.models import CertificateKind, Vendor, VendorCertificate


def ceiling_check(total: int, rules: ProcurementRules) -> None:
    """Over the ceiling is always refused, whoever asks."""
    if total > rules.ceiling_rupiah:
        raise DomainError(
            "ceiling_exceeded",
            _(
                "The order's total of %(total)s is above the ceiling of %(ceiling)s for one "
                "purchase (rules in force since %(since)s)."
            )
            % {
                "total": format_rupiah(total),
                "ceiling": format_rupiah(rules.ceiling_rupiah),
                "since": rules.effective_from.isoformat(),
            },
        )


def category_totals(lines: Iterable[OrderLine]) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for line in lines:
        totals[line.category_id] += line.line_total
    return dict(totals)


def splitting_orders(
    *,
    opd_id: int,
    vendor_id: int,
    totals_by_category: dict[int, int],
    rules: ProcurementRules,
    now: datetime.datetime,
    exclude_id: int | None = None,
) -> list[str]:
    """The numbers of the signed orders of the same OPD and vendor, within the
    splitting window, that share a category with this order and whose lines of
    that category, with this order's, exceed the ceiling. Empty: no splitting."""
    since = now - datetime.timedelta(days=rules.splitting_window_days)
    earlier = OrderLine.objects.filter(
        order__opd_id=opd_id,
        order__vendor_id=vendor_id,
        order__status__in=SIGNED,
        order__approved_at__gte=since,
    )
    if exclude_id is not None:
        earlier = earlier.exclude(order_id=exclude_id)
    found: set[str] = set()
    for category_id, own in totals_by_category.items():
        # The sum first, in SQL; the numbers only when it is over the ceiling
        # (a busy OPD and vendor have dozens of orders in the window).
        shared = earlier.filter(category_id=category_id).order_by()
        before = shared.aggregate(amount=Sum("line_total"))["amount"] or 0
        if own + before > rules.ceiling_rupiah:
            found.update(shared.values_list("order__number", flat=True).distinct())
    return sorted(found)


def split_refusal(numbers: list[str]) -> DomainError:
    listed = ", ".join(numbers)
    return DomainError(
        "split_suspected",
        _(
            "With the orders %(orders)s signed in the last days for the same vendor and "
            "category, this purchase is above the ceiling: it looks like one purchase split "
            "into parts. Only the PPK may proceed, by writing why."
        )
        % {"orders": listed},
        {"orders": listed, "split_justification": _("Explain why these are separate purchases.")},
    )


def repeated_orders(
    order: Order, lines: list[OrderLine], *, days: int, now: datetime.datetime
) -> list[str]:
    """Signed orders of the same OPD and vendor within `days` with the same
    products: a near-identical order again."""
    products = {line.product_id for line in lines}
    known = sorted(product for product in products if product is not None)
    since = now - datetime.timedelta(days=days)
    candidates = Order.objects.filter(
        opd_id=order.opd_id, vendor_id=order.vendor_id, status__in=SIGNED, approved_at__gte=since
    ).exclude(pk=order.pk)
    # The set comparison in SQL, one row per candidate: a busy OPD and vendor
    # sign dozens of orders a week, and loading each one with its lines at
    # every signature grew with each one (and cost most of a signature's CPU
    # under load). A line whose product was deleted has no product id: it
    # matches only such a line.
    lost = Q(lines__product_id__isnull=True)
    same = candidates.annotate(lost=Count("lines", filter=lost))
    if known:
        ours = Q(lines__product_id__in=known)
        same = same.annotate(
            shared=Count("lines__product_id", filter=ours, distinct=True),
            others=Count("lines", filter=~ours & ~lost),
        ).filter(shared=len(known), others=0)
    else:
        same = same.annotate(others=Count("lines", filter=~lost)).filter(others=0)
    same = same.filter(lost__gt=0) if None in products else same.filter(lost=0)
    return sorted(same.values_list("number", flat=True))


def take_stock(lines: list[OrderLine]) -> None:
    """Take each line's quantity from its product's stock with one conditional
    UPDATE (`stock >= q`), product rows locked by ascending id first; made to
    order (or untracked) stock is not taken. Any line short: insufficient_stock,
    and the caller's transaction gives back what was taken."""
    by_product: dict[int, OrderLine] = {}
    for line in lines:
        if line.product_id is not None:
            by_product[line.product_id] = line
    # FOR NO KEY UPDATE, the lock the stock UPDATE takes anyway: a plain FOR
    # UPDATE would also block the FOR KEY SHARE that inserting an order or cart
    # line referencing the product takes, and a checkout holding the audit
    # chain's head while it waits for that deadlocks with this approval, which
    # waits for the head to write its own audit row.
    products = (
        Product.objects.select_for_update(no_key=True).filter(pk__in=by_product).order_by("pk")
    )
    for product in products:
        line = by_product[product.pk]
        if product.made_to_order or product.stock is None:
            continue
        taken = Product.objects.filter(pk=product.pk, stock__gte=line.quantity).update(
            stock=F("stock") - line.quantity
        )
        if not taken:
            message = _("Only %(stock)s left of %(name)s.") % {
                "stock": product.stock,
                "name": line.name,
            }
            raise DomainError("insufficient_stock", message, {f"line_{line.pk}": message})
        line.stock_taken = line.quantity
        line.save(update_fields=["stock_taken"])


def return_stock(order: Order) -> None:
    """Give back what the signature took (cancellation, decline, timeout)."""
    lines = order.lines.filter(stock_taken__gt=0, product__isnull=False).order_by("product_id")
    for line in lines:
        assert line.product_id is not None  # filtered above
        Product.objects.filter(pk=line.product_id).update(stock=F("stock") + line.stock_taken)
        line.stock_taken = 0
        line.save(update_fields=["stock_taken"])


TAX_CERTIFICATES = (CertificateKind.PKP, CertificateKind.PP55)


def tax_profile(
    vendor: Vendor, certificates: Iterable[VendorCertificate] | None = None
) -> dict[str, Any]:
    """The vendor's tax facts at the signature, kept for the invoice.
    `certificates`: the vendor's TAX_CERTIFICATES when already read (bulk
    loading), else they are read here."""
    if certificates is None:
        certificates = vendor.certificates.filter(kind__in=TAX_CERTIFICATES)
    held = {
        certificate.kind: {
            "number": certificate.number,
            "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
            "status": certificate.status,
        }
        for certificate in certificates
    }
    return {
        "is_pkp": vendor.is_pkp,
        "npwp": vendor.npwp,
        "kind": vendor.kind,
        "scale": vendor.scale,
        "certificates": held,
    }
