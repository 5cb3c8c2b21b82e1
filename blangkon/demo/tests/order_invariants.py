"""What every bulk-written order of the past must satisfy: the scale's
figures exactly, and what the order services would have guaranteed."""

import datetime
import re
from collections import Counter, defaultdict
from functools import cache

from django.utils import timezone

from blangkon.accounts.models import Organisation
from blangkon.catalog.status import ProductStatus
from blangkon.demo.scales import TOP_CATEGORY, Scale
from blangkon.orders.models import Order, OrderLine, OrderNumberCounter
from blangkon.orders.status import BastParty, FlagKind
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import ORDER_MACHINE
from blangkon.procurement.selectors import rules_in_force as read_rules

STAMPS: dict[str, str] = {
    S.DRAFT: "created_at",
    S.MENUNGGU_PERSETUJUAN: "submitted_at",
    S.MENUNGGU_KONFIRMASI: "approved_at",
    S.DIPROSES: "accepted_at",
    S.DIKIRIM: "shipped_at",
    S.DITERIMA: "received_at",
    S.BAST_DITANDATANGANI: "bast_signed_at",
}
rules_in_force = cache(read_rules)
NUMBER = re.compile(r"^BLK/(\d{4})/(\d{6})$")


def assert_order_history(orders: list[Order], scale: Scale, reference: datetime.date) -> None:
    ids = [order.pk for order in orders]
    orders = list(
        Order.objects.filter(pk__in=ids)
        .select_related("opd", "rules_version")
        .prefetch_related("lines__product__vendor__organisation", "status_changes", "flags")
        .prefetch_related("bast_signatures")
        .order_by("approved_at", "id")
    )
    _figures(ids, scale)
    joined = dict(scale.joining())
    assert {order.opd.region_id for order in orders} == set(scale.transacting_codes())
    for order in orders:
        _one_order(order, joined[order.opd.region_id], reference)
    _numbers(orders)
    _no_unflagged_splitting(orders)


def _figures(ids: list[int], scale: Scale) -> None:
    lines = OrderLine.objects.filter(order_id__in=ids)
    assert sum(Order.objects.filter(pk__in=ids).values_list("total", flat=True)) == (
        scale.transacted_rupiah
    )
    by_category: Counter[str] = Counter()
    for slug, amount in lines.values_list("category__slug", "line_total"):
        by_category[slug] += amount
    assert by_category[TOP_CATEGORY] == scale.top_category_rupiah
    assert by_category.most_common(1)[0][0] == TOP_CATEGORY


def _one_order(order: Order, joined_on: datetime.date, reference: datetime.date) -> None:
    assert order.status == S.BAST_DITANDATANGANI
    approved_on = timezone.localdate(order.approved_at)
    rules = rules_in_force(approved_on)
    assert order.rules_version_id == rules.id
    assert 0 < order.total <= rules.ceiling_rupiah
    lines = list(order.lines.all())
    assert order.total == sum(line.line_total for line in lines) == order.accepted_total
    assert order.received_on_time == (
        timezone.localdate(order.received_at) <= order.requested_arrival
    )
    for line in lines:
        assert line.product is not None
        assert line.product.status == ProductStatus.TAYANG
        assert line.product.vendor_id == order.vendor_id
        assert line.product.vendor.organisation.region_id == order.opd.region_id
        assert timezone.localdate(line.product.published_at) <= timezone.localdate(order.created_at)
        assert line.received_quantity == line.accepted_quantity == line.quantity
        assert line.stock_taken == (0 if line.product.made_to_order else line.quantity)
    # Stamps in order, inside the kab/kota's window.
    moments = [getattr(order, STAMPS[status]) for status in STAMPS]
    assert moments == sorted(moments)
    assert joined_on <= timezone.localdate(order.created_at)
    assert timezone.localdate(order.bast_signed_at) <= reference
    # History: a walk the machine allows, each move at its stamp.
    previous = ""
    for change in order.status_changes.all():
        assert change.from_status == previous
        assert previous == "" or ORDER_MACHINE.can_move(previous, change.to_status)
        assert change.at == getattr(order, STAMPS[change.to_status])
        previous = change.to_status
    assert previous == S.BAST_DITANDATANGANI
    signatures = {s.party: s for s in order.bast_signatures.all()}
    assert set(signatures) == set(BastParty.values)
    assert max(s.signed_at for s in signatures.values()) == order.bast_signed_at
    assert signatures[BastParty.PPK].signed_by_id == order.approved_by_id
    near = {flag.kind for flag in order.flags.all()} >= {FlagKind.NEAR_CEILING}
    assert near == rules.is_near_ceiling(order.total)


def _numbers(orders: list[Order]) -> None:
    by_year: dict[int, list[tuple[datetime.datetime, int]]] = defaultdict(list)
    for order in orders:
        match = NUMBER.match(order.number)
        assert match, order.number
        assert order.submitted_at is not None
        year = int(match[1])
        assert year == timezone.localdate(order.submitted_at).year
        by_year[year].append((order.submitted_at, int(match[2])))
    counters = dict(OrderNumberCounter.objects.values_list("year", "last"))
    for year, numbered in by_year.items():
        sequence = [seq for _, seq in sorted(numbered)]
        assert sequence == sorted(sequence)  # numbered in the order of submission
        assert len(set(sequence)) == len(sequence)
        assert counters[year] >= max(sequence)


def _no_unflagged_splitting(orders: list[Order]) -> None:
    """What the PPK's signature checks: with the OPD's signed orders of the
    same vendor and category in the window before it, within the ceiling."""
    earlier: dict[tuple[int, int, int], list[tuple[datetime.datetime, int]]] = defaultdict(list)
    for order in orders:  # by approval time
        approved_at = order.approved_at
        assert approved_at is not None
        rules = rules_in_force(timezone.localdate(approved_at))
        since = approved_at - datetime.timedelta(days=rules.splitting_window_days)
        totals: Counter[int] = Counter()
        for line in order.lines.all():
            totals[line.category_id] += line.line_total
        flagged = any(flag.kind == FlagKind.SPLIT_JUSTIFIED for flag in order.flags.all())
        for category, own in totals.items():
            key = (order.opd_id, order.vendor_id, category)
            before = sum(amount for at, amount in earlier[key] if at >= since)
            assert flagged or own + before <= rules.ceiling_rupiah, order.number
            earlier[key].append((approved_at, own))


def joined_regions() -> set[str]:
    return set(
        Organisation.objects.filter(kind="pemda", joined_on__isnull=False)
        .exclude(region_id="33")
        .values_list("region_id", flat=True)
    )
