"""The demo orders: the small scale's orders in every state, each visible to
the demo roles that should see it, and the bulk-written history on a reduced
scale with the seed scale's invariants (the full seed scale is checked in
test_seed_demo.py).

The small scale is seeded once per module (conftest.py), each test in a
savepoint of it.
"""

import dataclasses
import random

import pytest
from django.db import transaction

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.demo.scales import SCALES
from blangkon.demo.seeders.order_history import seed_order_history
from blangkon.demo.seeders.products import REFERENCE_DAY
from blangkon.demo.tests.order_invariants import assert_order_history
from blangkon.orders.models import Order
from blangkon.orders.order_access import may_read
from blangkon.orders.order_services import orders_time_out_overdue
from blangkon.orders.status import BastParty, FlagKind
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import ORDER_MACHINE

FEATURED = {"batang": "33.25", "kendal": "33.24"}
# Who reads every order of their kab/kota's Setda, and who reads all of them.
KAB_KOTA_READERS = ["pp", "ppk", "bendahara", "admin.opd", "admin"]
EVERY_READER = ["pemilik.vendor", "staf.vendor", "auditor.provinsi"]
NOBODY_ELSE = ["pendamping", "admin.provinsi"]


def orders_of(slug: str) -> list[Order]:
    return list(
        Order.objects.filter(opd__region_id=FEATURED[slug], opd__parent__isnull=False)
        .select_related("opd", "vendor")
        .order_by("id")
    )


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.parametrize("slug", list(FEATURED))
def test_every_state_is_there_for_each_featured_kab_kota(demo, slug) -> None:
    statuses = {order.status for order in orders_of(slug)}

    assert statuses == set(S.values)


@pytest.mark.parametrize("slug", list(FEATURED))
def test_each_demo_role_reads_the_orders_of_its_kab_kota_only(demo, slug) -> None:
    other = next(s for s in FEATURED if s != slug)
    orders = orders_of(slug)
    readers = [user(f"{prefix}.{slug}") for prefix in KAB_KOTA_READERS]
    readers += [user(username) for username in EVERY_READER]
    strangers = [user(f"{prefix}.{other}") for prefix in KAB_KOTA_READERS]
    strangers += [user(f"{prefix}.{slug}") for prefix in NOBODY_ELSE[:1]]
    strangers += [user(username) for username in NOBODY_ELSE[1:]]
    strangers += [user("penyedia.kendal")]

    for order in orders:
        for reader in readers:
            assert may_read(reader, order), (reader.username, order.status)
        for stranger in strangers:
            assert not may_read(stranger, order), (stranger.username, order.status)


def test_each_role_has_something_to_act_on(demo) -> None:
    batang = {order.status: order for order in orders_of("batang")}
    ppk = user("ppk.batang")

    # The PP's draft and the PPK's signature wait for the demo users themselves.
    assert batang[S.DRAFT].created_by == user("pp.batang")
    assert batang[S.MENUNGGU_PERSETUJUAN].approved_by is None
    # The received order carries the vendor's BAST signature: the PPK's is next.
    parties = set(batang[S.DITERIMA].bast_signatures.values_list("party", flat=True))
    assert parties == {BastParty.VENDOR}
    signed = batang[S.BAST_DITANDATANGANI]
    assert {s.party for s in signed.bast_signatures.all()} == set(BastParty.values)
    assert signed.approved_by == ppk
    # The dispute is the kab/kota admin's to resolve.
    assert batang[S.SENGKETA].dispute_reason


def test_the_orders_went_through_the_services(demo) -> None:
    for order in orders_of("batang") + orders_of("kendal"):
        changes = list(order.status_changes.order_by("at", "id"))
        previous = ""
        for change in changes:
            assert change.from_status == previous
            assert previous == "" or ORDER_MACHINE.can_move(previous, change.to_status)
            previous = change.to_status
        assert previous == order.status
        audited = AuditEvent.objects.filter(object_type="orders.order", object_id=str(order.pk))
        assert audited.filter(action__startswith="order.").count() == len(changes)
        # Stock is held from the PPK's signature until the order ends without delivery.
        taken = sum(order.lines.values_list("stock_taken", flat=True))
        assert order.stock_held == (taken > 0)
        ended = order.status in (S.DIBATALKAN, S.DITOLAK, S.BATAL_OTOMATIS)
        assert not (ended and order.stock_held)


def test_near_ceiling_and_justified_splitting_are_flagged(demo) -> None:
    flagged = {flag.kind: flag.order for order in orders_of("batang") for flag in order.flags.all()}

    assert set(flagged) == {FlagKind.NEAR_CEILING, FlagKind.SPLIT_JUSTIFIED}
    assert flagged[FlagKind.NEAR_CEILING].total >= 45_000_000
    split = flagged[FlagKind.SPLIT_JUSTIFIED]
    assert split.split_justification
    assert split.status == S.MENUNGGU_KONFIRMASI


def test_waiting_orders_are_not_timed_out_after_seeding(demo) -> None:
    assert orders_time_out_overdue() == 0


def test_bulk_history_on_a_reduced_scale_keeps_the_invariants(demo) -> None:
    # The seed scale's rules on the small world: three transacting kab/kota,
    # whose few caterers limit what the figures can be.
    scale = dataclasses.replace(
        SCALES["small"], orders=80, transacted_rupiah=400_000_000, top_category_rupiah=80_000_000
    )
    reference = REFERENCE_DAY["small"]

    orders = seed_order_history(scale, reference, random.Random(7))

    assert 50 <= len(orders) <= 130
    assert_order_history(orders, scale, reference)


def test_bulk_history_is_deterministic(demo) -> None:
    scale = dataclasses.replace(
        SCALES["small"], orders=30, transacted_rupiah=150_000_000, top_category_rupiah=40_000_000
    )

    def run() -> list[tuple[str, int, str]]:
        with transaction.atomic():
            orders = seed_order_history(scale, REFERENCE_DAY["small"], random.Random(3))
            result = [(o.number, o.total, str(o.approved_at)) for o in orders]
            transaction.set_rollback(True)
        return result

    assert run() == run()
