"""Finished orders of the past, written in bulk: the transactions of the
transacting kab/kota between their joining date and the scale's reference
day, summing exactly to the scale's figures (Scale.transacted_rupiah, of it
Scale.top_category_rupiah in TOP_CATEGORY).

Thousands of orders through the services would take minutes, so the rows are
written directly, keeping what the services guarantee: numbers BLK/<year>/<seq>
in the order of submission with the counter table updated, lines copied from
live products of vendors of the order's kab/kota (listed before the order),
every total within the ceiling of the rules in force that day (whose version
is stored), no splitting (an OPD's orders of one vendor and category within
the splitting window stay within the ceiling), the flags the PPK's signature
would raise, stamps and history rows that agree (each a move the order
machine allows), both BAST signatures and the stock taken. Like the other
bulk seeders it writes no audit rows: this is loading history, not user action.
"""

import datetime
import math
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any

from django.db import models
from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.demo.scales import TOP_CATEGORY, Scale
from blangkon.lifecycles.machine import json_value
from blangkon.orders import order_checks as checks
from blangkon.orders.models import (
    BastSignature,
    Order,
    OrderFlag,
    OrderLine,
    OrderNumberCounter,
    OrderStatusChange,
)
from blangkon.orders.status import BastParty, FlagKind, FundingSource
from blangkon.orders.status import OrderStatus as S
from blangkon.procurement.selectors import ProcurementRules, rules_in_force
from blangkon.vendors.models import Vendor, VendorCertificate
from blangkon.vendors.status import VendorStatus

BATCH = 2_000
OTHER = "other"  # every category but TOP_CATEGORY
# The last order of each group makes its sum exact; the orders before it leave
# between this and twice this for it, which two products can make up.
MIN_LAST = 5_000_000
# Weekdays an order may take from its draft to the BAST (see _timeline), in
# calendar days, so the BAST is signed by the reference day.
LONGEST_JOURNEY = datetime.timedelta(days=18)
# No other category may come close to the top one.
OTHER_CATEGORY_SHARE_OF_TOP = 0.85
# The fiscal year ends in December: buying peaks before it and is slow in January.
MONTH_WEIGHTS = {1: 0.6, 2: 0.8, 10: 1.2, 11: 1.7, 12: 3.2}
COURIERS = ["JNE", "J&T", "SiCepat", "POS Indonesia"]
BUDGET_LINES = {
    TOP_CATEGORY: "5.1.02.01.01.0052",  # belanja makanan dan minuman rapat
    OTHER: "5.1.02.01.01.0024",  # belanja alat/bahan untuk kegiatan kantor
}
MAX_QUANTITY = 5_000
# The cheapest products of a vendor tried for the exact last order.
EXACT_CHOICES = 12
# Near the end, orders keep the rest a multiple of this, which most pairs of
# prices (multiples of Rp500) can make up.
GRANULE = 1_000


@dataclass(frozen=True)
class _Product:
    id: int
    vendor_id: int
    region: str
    category_id: int
    category_slug: str
    tax_class: str
    name: str
    sku: str
    unit: str
    price: int
    stocked: bool
    available_from: datetime.date  # listed, and its vendor verified
    is_pdn: bool

    @property
    def group(self) -> str:
        return TOP_CATEGORY if self.category_slug == TOP_CATEGORY else OTHER


@dataclass
class _Plan:
    region: str
    day: datetime.date
    group: str
    vendor_id: int
    lines: list[tuple[_Product, int]]
    opd_id: int = 0
    number: str = ""
    times: dict[str, datetime.datetime] = field(default_factory=dict)
    flags: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(product.price * quantity for product, quantity in self.lines)

    def category_totals(self) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for product, quantity in self.lines:
            totals[product.category_id] += product.price * quantity
        return dict(totals)


class _Market:
    """The live products of the transacting kab/kota's vendors, by vendor and
    group, each list sorted by the day it became available."""

    def __init__(self, codes: list[str]) -> None:
        rows = (
            Product.objects.filter(
                status=ProductStatus.TAYANG,
                vendor__status=VendorStatus.VERIFIED,
                vendor__organisation__region_id__in=codes,
            )
            .values_list(
                "id",
                "vendor_id",
                "vendor__organisation__region_id",
                "category_id",
                "category__slug",
                "category__tax_class",
                "name",
                "sku",
                "unit__name",
                "price",
                "made_to_order",
                "stock",
                "published_at",
                "vendor__verified_at",
                "is_pdn",
            )
            .order_by("id")
        )
        self.products: dict[tuple[int, str], list[_Product]] = defaultdict(list)
        self.vendors: dict[tuple[str, str], list[int]] = defaultdict(list)
        for row in rows:
            listed, verified = row[12], row[13]
            days = [timezone.localdate(t) for t in (listed, verified) if t is not None]
            available_from = max(days, default=datetime.date.min)
            stocked = not row[10] and row[11] is not None
            product = _Product(
                *row[:10], stocked=stocked, available_from=available_from, is_pdn=row[14]
            )
            self.products[product.vendor_id, product.group].append(product)
        for (vendor_id, group), products in sorted(self.products.items()):
            products.sort(key=lambda p: (p.available_from, p.id))
            self.vendors[products[0].region, group].append(vendor_id)
        self.firsts = {key: [p.available_from for p in ps] for key, ps in self.products.items()}

    def offer(self, vendor_id: int, group: str, day: datetime.date) -> list[_Product]:
        """The vendor's products of the group that were live on `day`."""
        key = (vendor_id, group)
        return self.products[key][: bisect_right(self.firsts.get(key, []), day)]


@dataclass
class _Buyers:
    """Who buys for each OPD of the transacting kab/kota."""

    opds: dict[str, list[int]]  # region -> OPD ids
    pps: dict[int, list[int]]  # OPD -> its PPs
    ppk: dict[int, int]  # OPD -> its PPK
    address: dict[int, int]  # OPD -> a delivery address
    vendor_user: dict[int, int]  # vendor -> its owner

    @classmethod
    def load(cls, codes: list[str]) -> "_Buyers":
        opds: dict[str, list[int]] = defaultdict(list)
        for pk, region in (
            Organisation.objects.filter(kind=OrganisationKind.OPD, region_id__in=codes)
            .order_by("id")
            .values_list("id", "region_id")
        ):
            opds[region].append(pk)
        pps: dict[int, list[int]] = defaultdict(list)
        ppk: dict[int, int] = {}
        officials = User.objects.filter(
            organisation__region_id__in=codes, role__in=[Role.PP, Role.PPK], is_active=True
        )
        for pk, organisation, role in officials.order_by("id").values_list(
            "id", "organisation_id", "role"
        ):
            if role == Role.PP:
                pps[organisation].append(pk)
            else:
                ppk.setdefault(organisation, pk)
        address: dict[int, int] = {}
        for pk, opd in (
            DeliveryAddress.objects.filter(opd__region_id__in=codes, is_active=True)
            .order_by("id")
            .values_list("id", "opd_id")
        ):
            address.setdefault(opd, pk)
        owners = dict(
            User.objects.filter(role=Role.VENDOR_OWNER, is_active=True)
            .order_by("-id")
            .values_list("organisation_id", "id")
        )
        vendor_user = {
            vendor: owners[organisation]
            for vendor, organisation in Vendor.objects.values_list("id", "organisation_id")
            if organisation in owners
        }
        return cls(opds, dict(pps), ppk, address, vendor_user)


class _Planner:
    """Draws the orders: which kab/kota and day, vendor, products and OPD."""

    def __init__(
        self,
        rng: random.Random,
        scale: Scale,
        reference: datetime.date,
        market: _Market,
        buyers: _Buyers,
    ) -> None:
        self.rng = rng
        self.scale = scale
        self.market = market
        self.buyers = buyers
        self.reference = reference
        self.rules = rules_in_force(reference)
        self.other_cap = int(scale.top_category_rupiah * OTHER_CATEGORY_SHARE_OF_TOP)
        self.category_sums: dict[int, int] = defaultdict(int)
        # (OPD, vendor, category) -> [(day, amount)]: the splitting check.
        self.ledger: dict[tuple[int, int, int], list[tuple[datetime.date, int]]] = defaultdict(list)
        self.candidates: list[tuple[str, datetime.date]] = []
        self.slots = self._slots()

    def _slots(self) -> Iterator[tuple[str, datetime.date]]:
        """(kab/kota, day) draws: each transacting kab/kota once first, then
        by month (the December peak) and each kab/kota's own activity."""
        windows: list[tuple[str, list[datetime.date]]] = []
        last = self.reference - LONGEST_JOURNEY
        for code, joined_on in self.scale.joining()[: self.scale.kab_kota_transacting]:
            days = [
                joined_on + datetime.timedelta(days=n) for n in range((last - joined_on).days + 1)
            ]
            windows.append((code, [day for day in days if day.weekday() < 5]))
        for code, days in windows:
            yield code, self.rng.choice(days)
        candidates: list[tuple[str, datetime.date]] = []
        weights: list[float] = []
        for code, days in windows:
            activity = self.rng.uniform(0.5, 1.5)
            for day in days:
                candidates.append((code, day))
                weights.append(activity * MONTH_WEIGHTS.get(day.month, 1.0))
        self.candidates = candidates
        cumulative = list(accumulate(weights))
        while True:
            yield from self.rng.choices(candidates, cum_weights=cumulative, k=256)

    def plan(self) -> list[_Plan]:
        targets = {
            TOP_CATEGORY: self.scale.top_category_rupiah,
            OTHER: self.scale.transacted_rupiah - self.scale.top_category_rupiah,
        }
        assert not any(t % GRANULE for t in targets.values()), "figures in whole thousands"
        remaining = dict(targets)
        mean = self.scale.transacted_rupiah / self.scale.orders
        plans: list[_Plan] = []
        attempts = 0
        while open_groups := [g for g in remaining if remaining[g] > 2 * MIN_LAST]:
            attempts += 1
            if attempts > 50 * self.scale.orders:
                raise AssertionError("The demo market cannot make up the order figures.")
            weights = [remaining[g] for g in open_groups]
            group = self.rng.choices(open_groups, weights=weights)[0]
            amount = min(self._amount(mean), remaining[group] - MIN_LAST)
            region, day = next(self.slots)
            plan = self._order(region, day, group, amount, remaining[group])
            if plan is not None:
                remaining[group] -= plan.total
                plans.append(plan)
        for group, amount in remaining.items():
            if amount:
                plans.append(self._exact_order(group, amount))
        return plans

    def _amount(self, mean: float) -> int:
        # Log-normal: many small orders, a few large ones, `mean` on average.
        sigma = 1.0
        drawn = self.rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)
        return int(min(max(drawn, 50_000), 0.85 * self.rules.ceiling_rupiah))

    def _vendors(self, region: str, group: str, day: datetime.date) -> list[int]:
        return [v for v in self.market.vendors[region, group] if self._offer(v, group, day)]

    def _offer(self, vendor_id: int, group: str, day: datetime.date) -> list[_Product]:
        products = self.market.offer(vendor_id, group, day)
        if group == OTHER:
            products = [p for p in products if self.category_sums[p.category_id] < self.other_cap]
        return products

    def _order(
        self, region: str, day: datetime.date, group: str, amount: int, left: int
    ) -> _Plan | None:
        vendors = self._vendors(region, group, day)
        if not vendors:
            return None
        vendor_id = self.rng.choice(vendors)
        offer = self._offer(vendor_id, group, day)
        chosen = self.rng.sample(offer, min(len(offer), self.rng.choice([1, 1, 2, 2, 3, 4])))
        share = amount / len(chosen)
        lines = [
            (product, min(MAX_QUANTITY, max(1, round(share / product.price))))
            for product in chosen
            if product.price <= amount
        ]
        plan = _Plan(region, day, group, vendor_id, lines)
        while plan.lines and plan.total > amount:
            product, quantity = plan.lines[-1]
            excess = plan.total - amount
            fewer = quantity - math.ceil(excess / product.price)
            plan.lines[-1:] = [(product, fewer)] if fewer > 0 else []
        rest = left - plan.total
        if rest <= 2 * self.rules.ceiling_rupiah and rest % GRANULE:
            return None
        return self._place(plan)

    def _place(self, plan: _Plan) -> _Plan | None:
        """Give the plan an OPD of its kab/kota for which it splits nothing
        (the ledger); None when there is none."""
        if not plan.lines or not self._fits_category_caps(plan):
            return None
        totals = plan.category_totals()
        # Wider than the window: it counts from the PPK's signatures, which
        # follow the orders' days by up to a weekend.
        window = datetime.timedelta(days=self.rules.splitting_window_days + 5)
        opds = list(self.buyers.opds[plan.region])
        self.rng.shuffle(opds)
        for opd_id in opds:
            if opd_id not in self.buyers.ppk or not self.buyers.pps.get(opd_id):
                continue
            keys = {category: (opd_id, plan.vendor_id, category) for category in totals}
            if all(
                own + sum(a for d, a in self.ledger[keys[c]] if abs(d - plan.day) <= window)
                <= self.rules.ceiling_rupiah
                for c, own in totals.items()
            ):
                plan.opd_id = opd_id
                for category, own in totals.items():
                    self.ledger[keys[category]].append((plan.day, own))
                    self.category_sums[category] += own
                return plan
        return None

    def _fits_category_caps(self, plan: _Plan) -> bool:
        if plan.group != OTHER:
            return True
        return all(
            self.category_sums[c] + own <= self.other_cap
            for c, own in plan.category_totals().items()
        )

    def _exact_order(self, group: str, amount: int) -> _Plan:
        """One order of exactly `amount`: two products of one vendor whose
        quantities make it up (a·x + b·y = amount)."""
        drawn = [next(self.slots) for _ in range(50 * self.scale.kab_kota_transacting)]
        # Then every day of every kab/kota, latest first, in a thin market.
        for region, day in drawn + sorted(self.candidates, key=lambda c: c[1], reverse=True):
            vendors = self._vendors(region, group, day)
            self.rng.shuffle(vendors)
            for vendor_id in vendors:
                offer = sorted(self._offer(vendor_id, group, day), key=lambda p: (p.price, p.id))
                for lines in _making_up(offer[:EXACT_CHOICES], amount):
                    placed = self._place(_Plan(region, day, group, vendor_id, lines))
                    if placed is not None:
                        return placed
        raise AssertionError(f"No products make up Rp{amount:,} exactly.")


def _pairs(offer: list[_Product]) -> Iterator[tuple[_Product, _Product]]:
    for i, first in enumerate(offer):
        for second in offer[i + 1 :]:
            if first.price != second.price:
                yield first, second


def _making_up(offer: list[_Product], amount: int) -> Iterator[list[tuple[_Product, int]]]:
    """Lines of two products of `offer`, or else three, worth exactly `amount`."""
    for first, second in _pairs(offer):
        quantities = _exact_quantities(first.price, second.price, amount)
        if quantities is not None:
            yield [(first, quantities[0]), (second, quantities[1])]
    for third in offer:
        for first, second in _pairs([p for p in offer if p is not third]):
            for count in range(1, 20):
                quantities = _exact_quantities(
                    first.price, second.price, amount - third.price * count
                )
                if quantities is not None:
                    yield [(first, quantities[0]), (second, quantities[1]), (third, count)]
                    break


def _exact_quantities(a: int, b: int, amount: int) -> tuple[int, int] | None:
    """Whole x, y ≥ 1 with a·x + b·y = amount and both lines about half of
    it; None when there are none (or a quantity would be absurd)."""
    g = math.gcd(a, b)
    if amount % g:
        return None
    a, b, amount = a // g, b // g, amount // g
    x = amount * pow(a, -1, b) % b or b
    if amount - a * x < b:
        return None
    # Other solutions: x + k·b, y - k·a. Aim at half the amount on each line.
    k = max(0, min(round((amount / 2 / a - x) / b), (amount - a * x - b) // (a * b)))
    x += k * b
    y = (amount - a * x) // b
    if y < 1 or max(x, y) > MAX_QUANTITY:
        return None
    return x, y


# --- the journey of each order ------------------------------------------------------


def _office_time(rng: random.Random, day: datetime.date) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(
        minutes=rng.randint(0, 420)
    )
    return timezone.make_aware(moment)


def _weekdays_after(day: datetime.date, count: int) -> datetime.date:
    while count:
        day += datetime.timedelta(days=1)
        count -= day.weekday() < 5
    return day


def _after(rng: random.Random, moment: datetime.datetime, most_days: int) -> datetime.datetime:
    """A moment in office hours 0 to `most_days` weekdays after `moment`."""
    days = rng.randint(0, most_days)
    if days == 0:
        later = moment + datetime.timedelta(minutes=rng.randint(10, 150))
        if timezone.localtime(later).hour < 16:
            return later
        days = 1
    return _office_time(rng, _weekdays_after(timezone.localdate(moment), days))


def _timeline(rng: random.Random, day: datetime.date) -> dict[str, datetime.datetime]:
    """Draft to BAST in at most 11 weekdays: the PPK signs and the vendor
    answers within a day, well inside their deadlines of working days."""
    times = {"created_at": _office_time(rng, day)}
    steps = [
        ("submitted_at", 0),
        ("approved_at", 1),
        ("accepted_at", 1),
        ("shipped_at", 3),
        ("received_at", 4),
        ("vendor_signed_at", 1),
        ("bast_signed_at", 1),
    ]
    previous = times["created_at"]
    for name, most_days in steps:
        previous = times[name] = _after(rng, previous, most_days)
    return times


# --- writing --------------------------------------------------------------------------


@contextmanager
def _given_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the historical times set on the rows instead of
    stamping "now" into auto_now(_add) fields."""
    switched: list[tuple[models.DateTimeField, bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _number(plans: list[_Plan]) -> None:
    """BLK/<year>/<seq> in the order of submission, after any number given
    already; the counters end at the last number given."""
    plans.sort(key=lambda p: (p.times["submitted_at"], p.opd_id, p.vendor_id))
    last = dict(OrderNumberCounter.objects.values_list("year", "last"))
    for plan in plans:
        year = timezone.localdate(plan.times["submitted_at"]).year
        last[year] = last.get(year, 0) + 1
        plan.number = f"BLK/{year}/{last[year]:06d}"
    for year, value in last.items():
        OrderNumberCounter.objects.update_or_create(year=year, defaults={"last": value})


def _flag(plans: list[_Plan], rules_on: Any) -> None:
    """The flags the PPK's signature raises: near the ceiling, and the same
    products again from the same vendor within the repeat window."""
    seen: dict[tuple[int, int, frozenset[int]], list[_Plan]] = defaultdict(list)
    for plan in sorted(plans, key=lambda p: p.times["approved_at"]):
        rules: ProcurementRules = rules_on(timezone.localdate(plan.times["approved_at"]))
        if rules.is_near_ceiling(plan.total):
            detail = {"total": plan.total, "ceiling": rules.ceiling_rupiah}
            plan.flags.append((FlagKind.NEAR_CEILING, detail))
        key = (plan.opd_id, plan.vendor_id, frozenset(p.id for p, _ in plan.lines))
        since = plan.times["approved_at"] - datetime.timedelta(days=rules.repeat_window_days)
        repeats = sorted(e.number for e in seen[key] if e.times["approved_at"] >= since)
        if repeats:
            repeat: dict[str, Any] = {"orders": repeats, "days": rules.repeat_window_days}
            plan.flags.append((FlagKind.REPEAT_WITHIN_WINDOW, repeat))
        seen[key].append(plan)


def _order_row(
    plan: _Plan, rng: random.Random, buyers: _Buyers, rule_id: int, tax: dict[str, Any]
) -> Order:
    times = plan.times
    own_delivery = rng.random() < 0.4
    requested_arrival = timezone.localdate(times["created_at"]) + datetime.timedelta(
        days=rng.randint(7, 21)
    )
    approved_on = timezone.localdate(times["approved_at"])
    return Order(
        number=plan.number,
        opd_id=plan.opd_id,
        vendor_id=plan.vendor_id,
        created_by_id=rng.choice(buyers.pps[plan.opd_id]),
        approved_by_id=buyers.ppk[plan.opd_id],
        status=S.BAST_DITANDATANGANI,
        kode_rup=f"{rng.randrange(10**7, 10**8)}",
        budget_line=BUDGET_LINES[plan.group],
        # The amended budget (APBD-P) is passed in the autumn.
        funding_source=FundingSource.APBD_P
        if approved_on.month >= 10 and rng.random() < 0.3
        else FundingSource.APBD,
        delivery_address_id=buyers.address[plan.opd_id],
        requested_arrival=requested_arrival,
        total=plan.total,
        # Everything ordered arrived in good condition and was accepted.
        accepted_total=plan.total,
        received_on_time=_on_time(plan, requested_arrival),
        rules_version_id=rule_id,
        vendor_tax_profile=tax,
        stock_held=True,
        courier="" if own_delivery else rng.choice(COURIERS),
        tracking_number="" if own_delivery else f"{rng.randrange(10**11, 10**12)}",
        own_delivery=own_delivery,
        submitted_at=times["submitted_at"],
        approved_at=times["approved_at"],
        accepted_at=times["accepted_at"],
        shipped_at=times["shipped_at"],
        received_at=times["received_at"],
        bast_signed_at=times["bast_signed_at"],
        created_at=times["created_at"],
        updated_at=times["bast_signed_at"],
    )


def _history(order: Order, plan: _Plan, vendor_user: int) -> list[OrderStatusChange]:
    """The moves the services would have written, one per status."""
    times = plan.times
    approval = {
        "approved_by": order.approved_by_id,
        "rules_version": order.rules_version_id,
        "vendor_tax_profile": order.vendor_tax_profile,
        "stock_held": True,
    }
    shipping = (
        {"own_delivery": True}
        if order.own_delivery
        else {"courier": order.courier, "tracking_number": order.tracking_number}
    )
    inspected = {"received_on_time": order.received_on_time, "accepted_total": order.total}
    buyer, ppk = order.created_by_id, order.approved_by_id
    assert ppk is not None
    created = {"total": order.total, "lines": len(plan.lines)}
    numbered = {"fields": {"number": order.number}}
    approved = {"flags": [kind for kind, _ in plan.flags], "fields": json_value(approval)}
    moves: list[tuple[str, str, int, str, dict[str, Any]]] = [
        ("", S.DRAFT, buyer, "created_at", created),
        (S.DRAFT, S.MENUNGGU_PERSETUJUAN, buyer, "submitted_at", numbered),
        (S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI, ppk, "approved_at", approved),
        (S.MENUNGGU_KONFIRMASI, S.DIPROSES, vendor_user, "accepted_at", {}),
        (S.DIPROSES, S.DIKIRIM, vendor_user, "shipped_at", {"fields": shipping}),
        (S.DIKIRIM, S.DITERIMA, ppk, "received_at", {"fields": inspected}),
        # The PPK signs the BAST last, after the vendor.
        (S.DITERIMA, S.BAST_DITANDATANGANI, ppk, "bast_signed_at", {}),
    ]
    return [
        OrderStatusChange(
            order=order,
            from_status=source,
            to_status=target,
            actor_id=actor,
            details=details,
            at=times[stamp],
        )
        for source, target, actor, stamp, details in moves
    ]


def _on_time(plan: _Plan, requested_arrival: datetime.date) -> bool:
    """What the inspector records: the goods arrived by the requested day."""
    return timezone.localdate(plan.times["received_at"]) <= requested_arrival


def _ppk_of(order: Order) -> int:
    assert order.approved_by_id is not None
    return order.approved_by_id


def _lines(order: Order, plan: _Plan) -> list[OrderLine]:
    return [
        OrderLine(
            order=order,
            product_id=product.id,
            name=product.name,
            sku=product.sku,
            unit=product.unit,
            category_id=product.category_id,
            tax_class=product.tax_class,
            is_pdn=product.is_pdn,
            unit_price=product.price,
            quantity=quantity,
            line_total=product.price * quantity,
            stock_taken=quantity if product.stocked else 0,
            received_quantity=quantity,
            accepted_quantity=quantity,
            condition_ok=True,
        )
        for product, quantity in plan.lines
    ]


def _write(plans: list[_Plan], rng: random.Random, buyers: _Buyers) -> list[Order]:
    rules_on = cache(rules_in_force)
    _number(plans)
    _flag(plans, rules_on)
    vendor_ids = {p.vendor_id for p in plans}
    held: dict[int, list[VendorCertificate]] = defaultdict(list)
    for certificate in VendorCertificate.objects.filter(
        vendor_id__in=vendor_ids, kind__in=checks.TAX_CERTIFICATES
    ).order_by("id"):
        held[certificate.vendor_id].append(certificate)
    taxes = {
        vendor.pk: checks.tax_profile(vendor, held[vendor.pk])
        for vendor in Vendor.objects.filter(pk__in=vendor_ids)
    }
    orders = [
        _order_row(
            plan,
            rng,
            buyers,
            rules_on(timezone.localdate(plan.times["approved_at"])).id,
            taxes[plan.vendor_id],
        )
        for plan in plans
    ]
    with _given_timestamps(Order, OrderStatusChange, BastSignature, OrderFlag):
        Order.objects.bulk_create(orders, batch_size=BATCH)
        pairs = list(zip(orders, plans, strict=True))
        OrderLine.objects.bulk_create(
            [line for order, plan in pairs for line in _lines(order, plan)], batch_size=BATCH
        )
        OrderStatusChange.objects.bulk_create(
            [
                change
                for order, plan in pairs
                for change in _history(order, plan, buyers.vendor_user[plan.vendor_id])
            ],
            batch_size=BATCH,
        )
        BastSignature.objects.bulk_create(
            [
                signature
                for order, plan in pairs
                for signature in (
                    BastSignature(
                        order=order,
                        party=BastParty.VENDOR,
                        signed_by_id=buyers.vendor_user[plan.vendor_id],
                        signed_at=plan.times["vendor_signed_at"],
                    ),
                    BastSignature(
                        order=order,
                        party=BastParty.PPK,
                        signed_by_id=_ppk_of(order),
                        signed_at=plan.times["bast_signed_at"],
                    ),
                )
            ],
            batch_size=BATCH,
        )
        OrderFlag.objects.bulk_create(
            [
                OrderFlag(
                    order=order, kind=kind, detail=detail, created_at=plan.times["approved_at"]
                )
                for order, plan in pairs
                for kind, detail in plan.flags
            ],
            batch_size=BATCH,
        )
    return orders


def seed_order_history(scale: Scale, reference: datetime.date, rng: random.Random) -> list[Order]:
    """Write the finished orders of `scale` up to `reference` (its figures
    exactly); returns them."""
    codes = scale.transacting_codes()
    market = _Market(codes)
    buyers = _Buyers.load(codes)
    plans = _Planner(rng, scale, reference, market, buyers).plan()
    for plan in plans:
        plan.times = _timeline(rng, plan.day)
    return _write(plans, rng, buyers)
