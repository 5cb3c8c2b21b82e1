"""The ordering benchmark's world, load and invariant checker.

Imported after Django is set up: by bench/orders.py (the benchmark, its own
database) and by blangkon/orders/tests/test_order_bench.py (a tiny run whose
invariants are asserted). Everything goes through the project's services:
the cart (`cart_add`), `checkout`, `order_submit`, `order_approve`, each
behind `idempotency.once()` as the pages and the API call them, so the
checks, locks and audit rows are the ones users get.

The load is adversarial on purpose:
- about half the orders want the same few "hot" products, whose stock runs out;
- most other orders go to two "busy" vendors in one category, so the same
  OPD–vendor–category sums pass the ceiling and the splitting guard refuses
  (the PPK then writes a justification for half of those refusals);
- a fifth of the orders are priced near, at or above the Rp50 juta ceiling;
- about 5 % of the requests are sent again with the same idempotency key.
"""

import datetime
import random
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.accounts.roles import Role
from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.models import Product
from blangkon.catalog.services import product_upsert_by_sku
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.transitions import product_transition
from blangkon.core.errors import DomainError
from blangkon.orders import order_services
from blangkon.orders.idempotency import once
from blangkon.orders.models import IdempotencyKey, Order, OrderFlag, OrderLine, OrderStatusChange
from blangkon.orders.services import cart_add, cart_clear_vendor
from blangkon.orders.status import SIGNED, FlagKind
from blangkon.procurement.models import ProcurementRule
from blangkon.regions.jateng import KAB_KOTA
from blangkon.vendors.models import LegalForm, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus
from conftest import make_user

# The idempotency actions that create an order: the cart's checkout, the API's draft.
CREATING_ACTIONS = ("checkout", "order-create")
STEPS = ("cart_add", "checkout", "submit", "approve", "approve_justified")
REPLAY_SHARE = 0.05
JUSTIFY_SHARE = 0.5
HOT_SHARE = 0.45
PRICEY_SHARE = 0.20
BUSY_VENDORS = 2  # the vendors most plain orders go to
PLAIN_CATEGORIES = {"atk": "dos", "kertas-bahan-cetak": "rim", "perlengkapan-kantor": "set"}
PRICEY_CATEGORY = "komputer"
SPECIFICATIONS = {
    "kertas-bahan-cetak": {"ukuran": "A4", "gramatur": "70 gsm"},
    "komputer": {"prosesor": "Core i5", "ram": "8 GB", "penyimpanan": "512 GB SSD"},
}
# Quantity × price of the pricey products: below the band, in the near-ceiling
# band, exactly at the ceiling, and above it (refused at checkout).
PRICEY_PRICES = (9_800_000, 12_500_000)
PRICEY_QUANTITIES = (1, 2, 4, 5)


@dataclass(frozen=True)
class Size:
    clients: int = 50
    kab_kota: int = 4
    opds_per_kab_kota: int = 3
    vendors: int = 10
    hot_products: int = 4
    hot_stock: int = 40


@dataclass(frozen=True)
class Item:
    product_id: int
    vendor_id: int
    price: int


@dataclass(frozen=True)
class Buyer:
    """One client: a PP of an OPD, and the PPK who signs that OPD's SPs."""

    pp_id: int
    ppk_id: int
    address_id: int


@dataclass
class BenchWorld:
    buyers: list[Buyer]
    hot: list[Item]
    plain: dict[int, list[Item]]  # vendor id → products, one per plain category
    pricey: list[Item]
    vendor_ids: list[int]
    initial_stock: dict[int, int]  # stocked product id → stock at the start


# --- the world -------------------------------------------------------------------


def _opds(size: Size) -> list[tuple[Organisation, User, DeliveryAddress]]:
    """Kab/kota pemda with their OPDs; each OPD has a PPK and an address."""
    Organisation.objects.create(kind="pemda", name="Pemerintah Provinsi Bench", region_id="33")
    opds = []
    for code, name in KAB_KOTA[: size.kab_kota]:
        pemda = Organisation.objects.create(kind="pemda", name=f"Pemerintah {name}", region_id=code)
        for number in range(1, size.opds_per_kab_kota + 1):
            opd = Organisation.objects.create(
                kind="opd", name=f"Dinas Bench {number}", parent=pemda, region_id=code
            )
            ppk = make_user(f"ppk.{opd.pk}", Role.PPK, opd)
            address = DeliveryAddress.objects.create(
                opd=opd,
                label="Kantor utama",
                street="Jl. Bench No. 1",
                kab_kota_id=code,
                postal_code="51215",
            )
            opds.append((opd, ppk, address))
    return opds


def _product(owner: User, vendor: Vendor, curator: User, data: ProductInput) -> Item:
    product, _created = product_upsert_by_sku(actor=owner, vendor=vendor, data=data)
    for step in (ProductStatus.SUBMITTED, ProductStatus.TAYANG):
        product = product_transition(product_id=product.pk, to=step, actor=curator)
    return Item(product.pk, vendor.pk, product.price)


def _vendor(number: int, region: str) -> tuple[Vendor, User]:
    organisation = Organisation.objects.create(
        kind="vendor", name=f"CV Bench Makmur {number}", region_id=region
    )
    owner = make_user(f"pemilik.bench{number}", Role.VENDOR_OWNER, organisation)
    vendor = Vendor.objects.create(
        organisation=organisation,
        kind=VendorKind.BADAN_USAHA,
        legal_form=LegalForm.CV,
        status=VendorStatus.VERIFIED,
        is_pkp=True,
    )
    return vendor, owner


def build_world(size: Size) -> BenchWorld:
    """OPDs with their PPs and PPKs, vendors with live, stocked products,
    through the catalog's services (the tests' factories do the same)."""
    opds = _opds(size)
    province = Organisation.objects.get(kind="pemda", region_id="33")
    curator = make_user("admin.provinsi.bench", Role.PROVINCE_ADMIN, province)
    buyers = []
    for index in range(size.clients):
        opd, ppk, address = opds[index % len(opds)]
        pp = make_user(f"pp.{opd.pk}.{index}", Role.PP, opd)
        buyers.append(Buyer(pp.pk, ppk.pk, address.pk))
    hot: list[Item] = []
    plain: dict[int, list[Item]] = {}
    pricey: list[Item] = []
    regions = [code for code, _name in KAB_KOTA[: size.kab_kota]]
    coverage = tuple(regions)
    for number in range(size.vendors):
        vendor, owner = _vendor(number, regions[number % len(regions)])

        def add(sku: str, name: str, category: str, unit: str, price: int, stock: int) -> Item:
            data = ProductInput(
                sku=sku,
                name=name,
                category_slug=category,
                unit_code=unit,
                price=price,
                description="Produk untuk uji beban pemesanan.",
                stock=stock,
                specifications=SPECIFICATIONS.get(category, {}),
                coverage_codes=coverage,
            )
            return _product(owner, vendor, curator, data)  # noqa: B023 (called at once)

        plain[vendor.pk] = [
            add(f"PL-{slug}", f"Barang {slug} {number}", slug, unit, 50_000 + 25_000 * i, 10**6)
            for i, (slug, unit) in enumerate(PLAIN_CATEGORIES.items())
        ]
        price = PRICEY_PRICES[number % len(PRICEY_PRICES)]
        pricey.append(
            add("KOMP-1", f"Laptop kantor {number}", PRICEY_CATEGORY, "unit", price, 10**6)
        )
        if number < size.hot_products:
            hot.append(
                add(
                    "HOT-1",
                    f"Kertas HVS A4 {number}",
                    "kertas-bahan-cetak",
                    "rim",
                    55_000,
                    size.hot_stock,
                )
            )
    stocked = Product.objects.filter(vendor_id__in=plain, stock__isnull=False)
    return BenchWorld(
        buyers=buyers,
        hot=hot,
        plain=plain,
        pricey=pricey,
        vendor_ids=list(plain),
        initial_stock={
            pk: stock for pk, stock in stocked.values_list("pk", "stock") if stock is not None
        },
    )


# --- the load ----------------------------------------------------------------------


@dataclass
class Tally:
    """What one client (or all of them, merged) saw."""

    latency: dict[str, list[float]] = field(default_factory=dict)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    queries: Counter[str] = field(default_factory=Counter)  # per step
    sql_seconds: dict[str, float] = field(default_factory=dict)  # per kind of statement
    errors: list[str] = field(default_factory=list)  # the first few, in full
    replays: int = 0
    replay_mismatches: int = 0
    checkouts: int = 0
    signed: int = 0
    attempts: int = 0

    def merge(self, other: "Tally") -> None:
        for step, values in other.latency.items():
            self.latency.setdefault(step, []).extend(values)
        self.outcomes.update(other.outcomes)
        self.queries.update(other.queries)
        for kind, seconds in other.sql_seconds.items():
            self.sql_seconds[kind] = self.sql_seconds.get(kind, 0.0) + seconds
        self.errors.extend(other.errors)
        self.replays += other.replays
        self.replay_mismatches += other.replay_mismatches
        self.checkouts += other.checkouts
        self.signed += other.signed
        self.attempts += other.attempts


# The statements that may wait on another transaction, by what they wait for
# (marker in the SQL, whether it must be a locking read, label).
SQL_KINDS = (
    ("pg_advisory_xact_lock", False, "advisory lock (OPD, vendor)"),
    ('INSERT INTO "audit_auditevent"', False, "audit row (waits for the chain's head row)"),
    ("INSERT INTO orders_ordernumbercounter", False, "order number counter (the year's row)"),
    ('UPDATE "catalog_product" SET "stock"', False, "stock UPDATE (fires the search refresh)"),
    ('FROM "catalog_product"', True, "product rows FOR NO KEY UPDATE"),
    ('FROM "orders_order" ', True, "order row FOR UPDATE"),
)


def _sql_kind(sql: str) -> str:
    locking = " FOR UPDATE" in sql or " FOR NO KEY UPDATE" in sql
    for marker, must_lock, kind in SQL_KINDS:
        if marker in sql and (locking or not must_lock):
            return kind
    if locking:
        return "other SELECT … FOR UPDATE (cart, idempotency key)"
    return sql.split(None, 1)[0].upper() if sql else "?"


@contextmanager
def _sql_watch(tally: Tally, step: list[str]) -> Iterator[None]:
    """Count this thread's statements per step, and time them by kind: the
    time in the advisory lock and in FOR UPDATE is mostly waiting."""

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            tally.queries[step[0]] += 1
            kind = _sql_kind(sql)
            spent = time.perf_counter() - started
            tally.sql_seconds[kind] = tally.sql_seconds.get(kind, 0.0) + spent

    with connection.execute_wrapper(watch):
        yield


def pick_lines(rng: random.Random, world: BenchWorld) -> list[tuple[Item, int]]:
    """What to order: hot products, a busy pair's plain product, or a pricey one
    (the same mix in-process and over HTTP)."""
    draw = rng.random()
    if draw < HOT_SHARE and world.hot:
        first = rng.choice(world.hot)
        return [(first, rng.randint(1, 3))]
    if draw < HOT_SHARE + PRICEY_SHARE:
        item = rng.choice(world.pricey)
        return [(item, rng.choice(PRICEY_QUANTITIES))]
    if rng.random() < 0.8:
        # A busy pair's first category: its sum passes Rp50 juta within a few orders.
        picked = [world.plain[rng.choice(world.vendor_ids[:BUSY_VENDORS])][0]]
    else:
        picked = rng.sample(world.plain[rng.choice(world.vendor_ids)], rng.randint(1, 2))
    return [(item, max(1, rng.randint(5_000_000, 20_000_000) // item.price)) for item in picked]


class Client:
    """One buyer placing orders in a loop, on its own connection (thread)."""

    def __init__(self, world: BenchWorld, index: int, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed * 1000 + index)  # noqa: S311 (a reproducible mix)
        buyer = world.buyers[index]
        self.pp = User.objects.get(pk=buyer.pp_id)
        self.ppk = User.objects.get(pk=buyer.ppk_id)
        self.address_id = buyer.address_id
        self.tally = Tally()
        self.step = ["setup"]

    def _timed(self, step: str, call: Callable[[], Any]) -> tuple[str, Any]:
        """(outcome, value): "ok" or the refusal's code."""
        self.step[0] = step
        started = time.perf_counter()
        try:
            value, outcome = call(), "ok"
        except DomainError as refused:
            value, outcome = None, refused.code
        except DatabaseError as error:  # a deadlock would land here: a finding
            value, outcome = None, f"error: {type(error).__name__}"
            if len(self.tally.errors) < 5:
                self.tally.errors.append(f"{step}: {error}")
        self.tally.latency.setdefault(step, []).append(time.perf_counter() - started)
        self.tally.outcomes[(step, outcome)] += 1
        return outcome, value

    def _once(self, step: str, user: User, run: Callable[[], Mapping[str, Any]]) -> tuple[str, Any]:
        """A request through once() with a fresh key; about 5 % are sent again
        with the same key, which must get the first answer."""
        key = uuid.uuid4().hex
        outcome, value = self._timed(
            step, lambda: once(user=user, key=key, action=step, run=run)[1]
        )
        if self.rng.random() < REPLAY_SHARE:
            self.tally.replays += 1
            again, repeated = self._timed(
                f"{step} (replayed)", lambda: once(user=user, key=key, action=step, run=run)[1]
            )
            # A refusal stored nothing: the replay runs again and may differ.
            if outcome == "ok" and (again != "ok" or repeated != value):
                self.tally.replay_mismatches += 1
        return outcome, value

    def _lines(self) -> list[tuple[Item, int]]:
        return pick_lines(self.rng, self.world)

    def order_once(self) -> None:
        self.tally.attempts += 1
        lines = self._lines()
        vendor_id = lines[0][0].vendor_id
        added = 0
        for item, quantity in lines:
            outcome, _line = self._timed(
                "cart_add",
                lambda: cart_add(user=self.pp, product_id=item.product_id, quantity=quantity),  # noqa: B023
            )
            added += outcome == "ok"
        if not added:
            return
        outcome, answer = self._once("checkout", self.pp, self._checkout(vendor_id))
        if outcome != "ok":
            cart_clear_vendor(user=self.pp, vendor_id=vendor_id)
            return
        self.tally.checkouts += 1
        order_id = answer["order_id"]
        outcome, _answer = self._once("submit", self.pp, self._submit(order_id))
        if outcome != "ok":
            return
        outcome, _answer = self._once("approve", self.ppk, self._approve(order_id, ""))
        if outcome == "split_suspected" and self.rng.random() < JUSTIFY_SHARE:
            reason = "Kebutuhan kegiatan yang berbeda, anggaran terpisah."
            outcome, _answer = self._once(
                "approve_justified", self.ppk, self._approve(order_id, reason)
            )
        self.tally.signed += outcome == "ok"

    def _checkout(self, vendor_id: int) -> Callable[[], Mapping[str, Any]]:
        def run() -> Mapping[str, Any]:
            result = order_services.checkout(
                user=self.pp,
                vendor_id=vendor_id,
                delivery_address_id=self.address_id,
                kode_rup="12345678",
                budget_line="5.1.02.01.01.0024",
                funding_source="APBD",
                requested_arrival=timezone.localdate() + datetime.timedelta(days=7),
                accepted_prices=True,
            )
            return {"order_id": result.order.pk}

        return run

    def _submit(self, order_id: int) -> Callable[[], Mapping[str, Any]]:
        def run() -> Mapping[str, Any]:
            order = order_services.order_submit(user=self.pp, order_id=order_id)
            return {"order_id": order.pk, "status": order.status}

        return run

    def _approve(self, order_id: int, justification: str) -> Callable[[], Mapping[str, Any]]:
        def run() -> Mapping[str, Any]:
            order = order_services.order_approve(
                user=self.ppk, order_id=order_id, split_justification=justification
            )
            return {"order_id": order.pk, "status": order.status}

        return run

    def run(self, *, orders: int | None, until: float | None) -> Tally:
        with _sql_watch(self.tally, self.step):
            while True:
                if orders is not None and self.tally.attempts >= orders:
                    break
                if until is not None and time.monotonic() >= until:
                    break
                self.order_once()
        return self.tally


def run_clients(
    world: BenchWorld,
    indexes: list[int],
    *,
    seed: int,
    orders_each: int | None = None,
    seconds: float | None = None,
    start_at: float | None = None,
) -> Tally:
    """Run the clients `indexes` as threads, each on its own connection,
    released together (at `start_at`, time.time(), when given)."""
    barrier = threading.Barrier(len(indexes))
    tallies: list[Tally] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        try:
            worker = Client(world, index, seed)
            barrier.wait()
            if start_at is not None:
                time.sleep(max(0.0, start_at - time.time()))
            until = time.monotonic() + seconds if seconds is not None else None
            tally = worker.run(orders=orders_each, until=until)
            with lock:
                tallies.append(tally)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in indexes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


# --- the invariants -------------------------------------------------------------------


@dataclass
class Invariants:
    over_ceiling: int
    oversold: int
    unflagged_splits: int
    duplicates: int
    details: list[str]

    @property
    def violations(self) -> int:
        return self.over_ceiling + self.oversold + self.unflagged_splits + self.duplicates


def _over_ceiling(details: list[str]) -> int:
    """Signed orders above the ceiling of the rules version that judged them
    (or with no version at all)."""
    signed = Order.objects.filter(status__in=SIGNED)
    over = Q(rules_version__isnull=True) | Q(total__gt=F("rules_version__ceiling_rupiah"))
    bad = list(signed.filter(over).order_by("pk").values_list("pk", flat=True))
    details.extend(f"order {pk}: signed above its ceiling" for pk in bad)
    return len(bad)


def _oversold(world: BenchWorld, details: list[str]) -> int:
    """Products below zero, and stock taken that is not the sum of the signed
    lines (nor held by an unsigned order)."""
    bad = 0
    below = list(Product.objects.filter(stock__lt=0).values_list("pk", flat=True))
    details.extend(f"product {pk}: stock below zero" for pk in below)
    bad += len(below)
    signed_lines = OrderLine.objects.filter(order__status__in=SIGNED)
    taken = dict(
        signed_lines.filter(product_id__in=world.initial_stock)
        .values("product_id")
        .annotate(quantity=Sum("quantity"))
        .values_list("product_id", "quantity")
    )
    now = dict(Product.objects.filter(pk__in=world.initial_stock).values_list("pk", "stock"))
    for product_id, initial in world.initial_stock.items():
        current = now[product_id]
        if current is None or initial - current != taken.get(product_id, 0):
            bad += 1
            details.append(
                f"product {product_id}: {initial} - {current} taken,"
                f" {taken.get(product_id, 0)} on signed lines"
            )
    wrong_lines = signed_lines.exclude(stock_taken=F("quantity")).count()
    unsigned = OrderLine.objects.exclude(order__status__in=SIGNED).filter(stock_taken__gt=0).count()
    if wrong_lines or unsigned:
        details.append(
            f"{wrong_lines} signed lines took another quantity, {unsigned} unsigned hold"
        )
    return bad + wrong_lines + unsigned


def _unflagged_splits(details: list[str]) -> int:
    """Signed orders whose OPD–vendor–category sum within the splitting window
    (up to their own signature) passes the ceiling without a split_justified flag."""
    rules = {rule.pk: rule for rule in ProcurementRule.objects.all()}
    flagged = set(
        OrderFlag.objects.filter(kind=FlagKind.SPLIT_JUSTIFIED).values_list("order_id", flat=True)
    )
    rows = (
        OrderLine.objects.filter(order__status__in=SIGNED)
        .values("order_id", "order__opd_id", "order__vendor_id", "category_id")
        .annotate(amount=Sum("line_total"))
        .values_list(
            "order_id",
            "order__opd_id",
            "order__vendor_id",
            "category_id",
            "amount",
            "order__approved_at",
            "order__rules_version_id",
        )
    )
    windows: dict[tuple[int, int, int], list[tuple[datetime.datetime, int, int, int]]] = (
        defaultdict(list)
    )
    for order_id, opd_id, vendor_id, category_id, amount, approved_at, version in rows:
        assert approved_at is not None  # every signed order has its signature's time
        windows[(opd_id, vendor_id, category_id)].append((approved_at, order_id, amount, version))
    bad: set[int] = set()
    for entries in windows.values():
        entries.sort()
        for position, (approved_at, order_id, amount, version) in enumerate(entries):
            rule = rules[version]
            since = approved_at - datetime.timedelta(days=rule.splitting_window_days)
            earlier = sum(e[2] for e in entries[:position] if e[0] >= since)
            if earlier + amount > rule.ceiling_rupiah and order_id not in flagged:
                bad.add(order_id)
    details.extend(f"order {pk}: a split above the ceiling without a flag" for pk in sorted(bad))
    return len(bad)


def _duplicates(details: list[str]) -> int:
    """Orders no stored checkout answer names (a replayed key that created a
    second order), and moves written twice for one order."""
    # The cart's checkout answers {"order_id"}, the API's draft the order itself.
    answered = [
        row.get("order_id", row.get("id"))
        for row in IdempotencyKey.objects.filter(action__in=CREATING_ACTIONS).values_list(
            "response", flat=True
        )
    ]
    orders = set(Order.objects.values_list("pk", flat=True))
    extra = len(orders - set(answered)) + (len(answered) - len(set(answered)))
    twice = (
        OrderStatusChange.objects.values("order_id", "to_status")
        .annotate(moves=Count("id"))
        .filter(moves__gt=1)
        .count()
    )
    if extra or twice:
        details.append(
            f"{extra} orders without their own checkout key, {twice} moves written twice"
        )
    return extra + twice


def check_invariants(world: BenchWorld) -> Invariants:
    details: list[str] = []
    return Invariants(
        over_ceiling=_over_ceiling(details),
        oversold=_oversold(world, details),
        unflagged_splits=_unflagged_splits(details),
        duplicates=_duplicates(details),
        details=details,
    )
