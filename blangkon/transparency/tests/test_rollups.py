"""The rollups the public figures read (MonthlyTotals, CategoryTotals,
OpdTotals, PaymentDays): kept by the database's triggers through every write,
equal to a rebuild, and the medians read from the payment histogram."""

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, catering_input, make_product, market
from blangkon.orders import order_services as services
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order, ppk
from blangkon.payments.payment_core import locked_order, mark_paid
from blangkon.transparency import sql
from blangkon.transparency.aggregation import stats_rebuild
from blangkon.transparency.models import (
    CategoryTotals,
    DailyTotals,
    MonthlyTotals,
    OpdTotals,
    PaymentDays,
)
from blangkon.transparency.selectors import stats_reference, stats_summary

__all__ = ["market"]


def rollups() -> dict[str, list[tuple[Any, ...]]]:
    fields = ("orders", "value")
    return {
        "month": sorted(
            MonthlyTotals.objects.values_list("month", "kab_kota_id", "vendor_scale", *fields)
        ),
        "category": sorted(
            CategoryTotals.objects.values_list("year", "kab_kota_id", "category_id", *fields)
        ),
        "opd": sorted(OpdTotals.objects.values_list("year", "kab_kota_id", "opd_id", *fields)),
        "payment": sorted(
            PaymentDays.objects.values_list("year", "kab_kota_id", "opd_id", "days", "payments")
        ),
    }


def pay(market: Market, order: Any) -> None:
    with transaction.atomic():
        mark_paid(
            order=locked_order(order.pk),
            channel=PaymentChannel.TRANSFER,
            amount=order.invoice.net_to_vendor,
            paid_on=timezone.localdate(),
            reference=f"TRF-{order.pk}",
            actor=ppk(market),
        )


def test_the_triggers_keep_the_rollups_equal_to_a_rebuild(market: Market) -> None:
    atk = live_product(market)
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    make_order(market, S.DIPROSES, atk, 4)
    signed = make_order(market, S.MENUNGGU_KONFIRMASI, nasi, 3)
    paid = make_order(market, S.DITAGIH, atk, 2)
    pay(market, paid)
    services.order_time_out(order_id=signed.pk)  # leaves the counted set again
    kept = rollups()
    # Two orders count: 4 and 2 ballpoints; a month and a year of one kab/kota.
    daily = DailyTotals.objects.all()
    assert sum(row[-1] for row in kept["month"]) == sum(d.value for d in daily) == 6 * 25_000
    assert sum(row[-2] for row in kept["opd"]) == 2
    assert [row[-1] for row in kept["payment"]] == [1]
    assert len(kept["category"]) == 1  # the catering order left: its cell was deleted

    stats_rebuild()
    assert rollups() == kept
    # Emptied by hand, the rebuild derives them again.
    MonthlyTotals.objects.all().delete()
    PaymentDays.objects.all().delete()
    stats_rebuild()
    assert rollups() == kept


def test_median_days_from_the_histogram(client: Client, market: Market) -> None:
    order = make_order(market, S.DIPROSES, live_product(market), 1)
    opd, region = order.opd, order.opd.region_id
    year = timezone.localdate().year
    # An even count (1, 2, 5, 9 days): the mean of the two middle ones.
    for days, payments in ((1, 1), (2, 1), (5, 1), (9, 1)):
        PaymentDays.objects.create(
            year=year, kab_kota_id=region, opd=opd, days=days, payments=payments
        )
    from blangkon.transparency.params import StatsParams

    summary = stats_summary(params=StatsParams(), ref=stats_reference())
    assert summary["payment_days_by_opd"][0]["median_days"] == 3.5
    assert summary["payment_days_by_opd"][0]["payments"] == 4
    # An odd count (three at 2 days, two at 7): the middle one.
    PaymentDays.objects.all().delete()
    PaymentDays.objects.create(year=year, kab_kota_id=region, opd=opd, days=2, payments=3)
    PaymentDays.objects.create(year=year - 1, kab_kota_id=region, opd=opd, days=7, payments=2)
    summary = stats_summary(params=StatsParams(), ref=stats_reference())
    assert summary["payment_days_by_opd"][0]["median_days"] == 2.0
    last_year = stats_summary(params=StatsParams(year=year - 1), ref=stats_reference())
    assert last_year["payment_days_by_opd"][0]["median_days"] == 7.0


def test_the_latest_migration_applies_this_modules_sql() -> None:
    """Each migration that changes the triggers holds a frozen copy of the SQL:
    a change to sql.py without a new migration would reach new databases only."""
    folder = Path(sql.__file__).parent / "migrations"
    copies = [
        module
        for path in sorted(folder.glob("0*.py"))
        if hasattr(
            module := importlib.import_module(f"blangkon.transparency.migrations.{path.stem}"),
            "FORWARD",
        )
    ]
    assert copies[-1].FORWARD == sql.FORWARD
    assert copies[-1].BACKWARD == sql.BACKWARD


@pytest.mark.django_db
def test_no_index_of_the_totals_names_the_sums_their_updates_change() -> None:
    """An index whose condition names a sum (orders, value, payments) would keep
    every update of a cell from being a HOT update: each would add an entry to
    every index, and the tables of a few rows would bloat until autovacuum."""
    tables = ["transparency_dailytotals", *sql.ROLLUP_TABLES]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_expr(indpred, indrelid) FROM pg_index"
            " WHERE indrelid::regclass::text = ANY(%s::text[]) AND indpred IS NOT NULL",
            [tables],
        )
        partial = cursor.fetchall()
    naming_sums = [
        (index, condition)
        for index, condition in partial
        if {"orders", "value", "payments"} & set(re.findall(r"[a-z_]+", condition))
    ]
    assert naming_sums == []
