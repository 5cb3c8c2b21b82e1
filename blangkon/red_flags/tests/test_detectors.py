"""Each kind of red flag planted and found with its evidence; clean data finds
none; a second run changes nothing; a finding that disappears is kept."""

import datetime
import json
from typing import Any

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from blangkon.catalog.models import Product, ProductStatusChange
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.catalog.transitions import product_transition
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus
from blangkon.orders.tests.order_factories import make_order, new_rules
from blangkon.payments.models import Payment, PaymentClockNotice
from blangkon.red_flags.models import FlagStatus, RedFlag
from blangkon.red_flags.refresh import red_flags_refresh
from blangkon.red_flags.tests.planting import (
    at,
    line_for,
    package,
    satker,
    signed_order,
)
from blangkon.red_flags.transitions import red_flag_transition
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import make_vendor

__all__ = ["market"]

DAY = datetime.date(2025, 3, 3)
M = 1_000_000


def days(n: int) -> datetime.date:
    return DAY + datetime.timedelta(days=n)


def flags(kind: str | None = None) -> list[RedFlag]:
    rows = RedFlag.objects.order_by("key")
    return list(rows.filter(kind=kind) if kind else rows)


def only(kind: str) -> RedFlag:
    found = flags(kind)
    assert len(found) == 1, [f.key for f in found]
    return found[0]


def test_clean_purchases_raise_no_flag(market: Market) -> None:
    """Ordinary buying: small orders of two OPDs from two vendors, weeks
    apart, none near the ceiling, paid on time, distinct contacts."""
    kendal = market.world.opd_kendal
    for n in range(4):
        signed_order(market, 3 * M, days(40 * n))
        signed_order(market, 2 * M, days(40 * n + 1), opd=kendal, vendor=market.kendal_vendor)
    Payment.objects.create(
        order=Order.objects.earliest("id"),
        channel="transfer",
        amount=3 * M,
        paid_on=DAY,
        reference="TRF-1",
        days_from_bast=3,
        late=False,
    )
    unit = satker()
    package(unit, "V-1", 10 * M, DAY, "PKT-1")
    package(unit, "V-1", 12 * M, days(45), "PKT-2")
    red_flags_refresh()
    assert flags() == []


def test_split_purchase_names_its_orders_buyer_vendor_and_value(market: Market) -> None:
    first = signed_order(market, 20 * M, DAY)
    second = signed_order(market, 20 * M, days(10))
    third = signed_order(market, 15 * M, days(25))
    signed_order(market, 30 * M, days(20), vendor=market.kendal_vendor)  # another vendor
    signed_order(market, 60 * M, days(5), status=OrderStatus.DIBATALKAN)  # not counted
    red_flags_refresh()
    flag = only("split_purchase")
    assert flag.channel == "blangkon"
    assert flag.opd == market.world.opd_batang
    assert flag.vendor == market.batang_vendor
    assert flag.value == 55 * M
    assert flag.evidence["orders"] == [first.number, second.number, third.number]
    assert flag.evidence["ceiling"] == 50 * M
    assert flag.evidence["window_days"] == 30
    assert flag.status == FlagStatus.OPEN
    assert flag.still_present


def test_orders_further_apart_than_the_window_are_no_split(market: Market) -> None:
    signed_order(market, 30 * M, DAY)
    signed_order(market, 30 * M, days(31))
    red_flags_refresh(["split_purchase"])
    assert flags() == []


def test_near_ceiling_uses_the_rules_in_force_on_the_orders_day(market: Market) -> None:
    near = signed_order(market, 46 * M, DAY)  # 92 % of Rp50 juta
    signed_order(market, 44 * M, days(60))  # 88 %
    new_rules(datetime.date(2025, 6, 1), ceiling=100 * M)
    signed_order(market, 46 * M, datetime.date(2025, 7, 1))  # 46 % of the new ceiling
    later = signed_order(market, 95 * M, datetime.date(2025, 9, 1))
    red_flags_refresh(["near_ceiling"])
    found = flags("near_ceiling")
    assert [f.evidence["orders"] for f in found] == [[near.number], [later.number]]
    assert [f.value for f in found] == [46 * M, 95 * M]
    assert [f.evidence["ceiling"] for f in found] == [50 * M, 100 * M]
    assert found[0].evidence["percent"] == "92.0"


def test_inaproc_packages_are_judged_alike(market: Market) -> None:
    unit = satker()
    package(unit, "V-77", 30 * M, DAY, "01HPKT-A")
    package(unit, "V-77", 25 * M, days(12), "01HPKT-B")
    package(unit, "V-88", 48 * M, days(100), "01HPKT-C")
    red_flags_refresh(["split_purchase", "near_ceiling"])
    split = only("split_purchase")
    assert (split.channel, split.satker, split.vendor_code) == ("inaproc", unit, "V-77")
    assert split.evidence["orders"] == ["01HPKT-A", "01HPKT-B"]
    assert split.value == 55 * M
    assert split.region_id == "33.25"
    near = only("near_ceiling")
    assert near.evidence["orders"] == ["01HPKT-C"]
    assert (near.vendor_code, near.value) == ("V-88", 48 * M)


def test_a_product_listed_bought_and_taken_down_within_a_day(market: Market) -> None:
    quick = make_product(market, ProductStatus.TAYANG)
    order = make_order(market, OrderStatus.DIPROSES, quick, 2)
    slow = make_product(market, ProductStatus.TAYANG, data=atk_input(sku="ATK-002"))
    # The second product went live two days before it was bought.
    ProductStatusChange.objects.filter(product=slow, to_status=ProductStatus.TAYANG).update(
        at=timezone.now() - datetime.timedelta(days=2)
    )
    # The PP's cart holds one vendor's lines per order; the second order is its own.
    slow_order = make_order(market, OrderStatus.DIPROSES, slow, 1)
    admin = market.world.user("admin.provinsi")
    for product in (quick, slow):
        product_transition(
            product_id=product.pk,
            to=ProductStatus.TURUN_TAYANG,
            actor=admin,
            takedown_reason="vendor",
        )
    red_flags_refresh(["quick_listing"])
    flag = only("quick_listing")
    assert flag.evidence["products"] == [quick.pk]
    assert flag.evidence["orders"] == [order.number]
    assert slow_order.number not in flag.evidence["orders"]
    assert flag.vendor == market.batang_vendor
    assert flag.opd == market.world.opd_batang
    assert flag.value == 2 * quick.price


def test_a_product_still_live_is_no_quick_listing(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    make_order(market, OrderStatus.DIPROSES, product, 1)
    red_flags_refresh(["quick_listing"])
    assert flags() == []


def _comparable(market: Market, prices: list[int]) -> list[Product]:
    return [
        make_product(market, ProductStatus.TAYANG, data=atk_input(sku=f"CMP-{n}", price=price))
        for n, price in enumerate(prices)
    ]


def test_a_unit_price_above_the_upper_fence_of_comparable_products(market: Market) -> None:
    products = _comparable(market, [20_000, 21_000, 22_000, 23_000, 24_000, 25_000, 26_000, 27_000])
    # percentile_disc takes the first price at or past the quartile's share:
    # Q1 = 21.000 (2nd of 8), Q3 = 25.000 (6th), fence = 25.000 + 1,5 × 4.000 = 31.000.
    dear = signed_order(market, 1, DAY)
    line = line_for(dear, products[0], 34_000, 3)
    fair = signed_order(market, 1, days(1))
    line_for(fair, products[1], 31_000, 3)  # on the fence, not above it
    red_flags_refresh(["price_outlier"])
    flag = only("price_outlier")
    assert flag.evidence["orders"] == [dear.number]
    assert flag.evidence["products"] == [products[0].pk]
    assert (flag.evidence["q1"], flag.evidence["q3"], flag.evidence["fence"]) == (
        21_000,
        25_000,
        31_000,
    )
    assert flag.evidence["sample"] == 8
    assert flag.value == line.line_total == 102_000


def test_too_few_comparable_products_judge_no_price(market: Market) -> None:
    products = _comparable(market, [20_000, 21_000, 22_000, 23_000, 24_000, 25_000, 26_000])
    line_for(signed_order(market, 1, DAY), products[0], 90_000)
    red_flags_refresh(["price_outlier"])
    assert flags() == []


def _vendors(count: int) -> list[Any]:
    return [
        make_vendor(name=f"Toko {n}", status=VendorStatus.VERIFIED, nik=f"33250101010100{n:02d}")
        for n in range(count)
    ]


def test_concentration_per_opd_and_year(market: Market) -> None:
    for n in range(10):
        signed_order(market, 2 * M, days(n * 20))  # all of Batang's to one vendor in 2025
    kendal = market.world.opd_kendal
    for n, vendor in enumerate(_vendors(5) * 2):  # Kendal's spread over five: HHI 2.000
        signed_order(market, 2 * M, days(n * 20), opd=kendal, vendor=vendor)
    red_flags_refresh(["concentration"])
    flag = only("concentration")
    assert (flag.opd, flag.vendor) == (market.world.opd_batang, market.batang_vendor)
    assert flag.value == 20 * M
    assert flag.evidence["hhi"] == 10_000
    assert flag.evidence["top_share"] == "100.0"
    assert flag.evidence["year"] == 2025
    assert flag.evidence["buyer_orders"] == 10


def test_shared_contacts_are_found_and_shown_masked(market: Market) -> None:
    a, b = market.batang_vendor, market.kendal_vendor
    a.bank_name, a.bank_account_number = "BRI", "0123-4567-8901"
    b.bank_name, b.bank_account_number = "bri", "012345678901"
    a.phone = "+62 812-3456-7890"
    a.save()
    b.save()
    ppk = market.world.user("ppk.batang")
    ppk.phone = "081234567890"
    ppk.save()
    red_flags_refresh(["shared_contact"])
    found = {f.evidence["what"]: f for f in flags("shared_contact")}
    assert set(found) == {"bank_account", "phone"}
    account = found["bank_account"]
    assert [v["id"] for v in account.evidence["vendors"]] == sorted([a.pk, b.pk])
    assert account.evidence["masked"] == "•••• 8901"
    phone = found["phone"]
    assert phone.evidence["officials"] == [
        {"id": ppk.pk, "role": "ppk", "opd_id": market.world.opd_batang.pk}
    ]
    assert phone.opd == market.world.opd_batang
    stored = json.dumps([f.evidence for f in found.values()]) + "".join(
        f.key for f in found.values()
    )
    for secret in ("012345678901", "81234567890", "0123-4567-8901"):
        assert secret not in stored


def test_late_payers(market: Market) -> None:
    orders = [
        signed_order(market, 2 * M, days(n), status=OrderStatus.DIBAYAR, bast_signed_at=at(days(n)))
        for n in range(5)
    ]
    for n, order in enumerate(orders[:4]):
        Payment.objects.create(
            order=order,
            channel="transfer",
            amount=order.total,
            paid_on=days(n + 20),
            reference=f"TRF-{n}",
            days_from_bast=20,
            late=n < 2,
        )
    # The fifth is unpaid past its deadline: the payment clock noted it.
    PaymentClockNotice.objects.create(order=orders[4], kind="overdue", due_on=days(14))
    red_flags_refresh(["late_payer"])
    flag = only("late_payer")
    assert flag.opd == market.world.opd_batang
    assert flag.evidence["orders"] == [orders[0].number, orders[1].number, orders[4].number]
    assert (flag.evidence["late"], flag.evidence["due"], flag.evidence["percent"]) == (3, 5, "60.0")
    assert flag.value == 6 * M


def _rows() -> list[tuple[Any, ...]]:
    return list(
        RedFlag.objects.order_by("key").values_list(
            "pk", "key", "value", "evidence", "status", "still_present", "first_raised_at"
        )
    )


def test_a_second_run_changes_nothing_and_a_gone_finding_is_kept(market: Market) -> None:
    signed_order(market, 20 * M, DAY)
    second = signed_order(market, 35 * M, days(3))
    red_flags_refresh()
    before = _rows()
    assert [row[1].split(":")[0] for row in before] == ["split_purchase"]
    red_flags_refresh()
    assert _rows() == before
    flag = only("split_purchase")
    red_flag_transition(
        flag_id=flag.pk,
        to=FlagStatus.REVIEWED,
        actor=market.world.user("auditor.provinsi"),
        note="Dua kebutuhan berbeda.",
    )
    Order.objects.filter(pk=second.pk).update(status=OrderStatus.DIBATALKAN)
    red_flags_refresh()
    kept = only("split_purchase")
    assert kept.pk == flag.pk
    assert not kept.still_present
    assert kept.status == FlagStatus.REVIEWED
    assert kept.review_note == "Dua kebutuhan berbeda."
    Order.objects.filter(pk=second.pk).update(status=OrderStatus.DIPROSES)
    red_flags_refresh()
    back = only("split_purchase")
    assert back.pk == flag.pk
    assert back.still_present
    assert back.first_raised_at == flag.first_raised_at


def test_an_order_signed_refreshes_its_buyer_and_vendor(
    market: Market, django_capture_on_commit_callbacks
) -> None:  # noqa: E501
    product = make_product(
        market, ProductStatus.TAYANG, data=atk_input(price=46 * M // 10, stock=50)
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(market, OrderStatus.MENUNGGU_KONFIRMASI, product, 10)
    flag = only("near_ceiling")
    assert flag.evidence["orders"] == [order.number]
    assert flag.opd == market.world.opd_batang


def test_a_signature_queues_the_pair_refresh_for_the_worker(
    market: Market, settings, django_capture_on_commit_callbacks
) -> None:
    """Served as `make run` serves: the tasks go to the database queue, so the
    signing request leaves the detectors to the worker, whose run raises the
    flag."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    product = make_product(
        market, ProductStatus.TAYANG, data=atk_input(price=46 * M // 10, stock=50)
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(market, OrderStatus.MENUNGGU_KONFIRMASI, product, 10)
    queued = DBTaskResult.objects.filter(task_path__endswith=".red_flags_refresh_pair_task")
    assert [task.args_kwargs["args"] for task in queued] == [[order.opd_id, order.vendor_id]]
    assert not RedFlag.objects.exists()

    # The worker's own code for one task (its loop would close the test's
    # connection between tasks).
    worker = Worker(
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run_task(queued.get())

    assert queued.get().status == "SUCCESSFUL"
    flag = only("near_ceiling")
    assert flag.evidence["orders"] == [order.number]
