"""The public statistics on a small planted world, with exact numbers: which
orders count, the filters, bad values, and the running totals against a
rebuild after a series of moves."""

import io
from typing import Any

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, catering_input, make_product, market
from blangkon.orders import order_services as services
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import (
    PATHS,
    checkout,
    live_product,
    make_order,
    ppk,
)
from blangkon.payments.payment_core import locked_order, mark_paid
from blangkon.transparency.aggregation import stats_rebuild
from blangkon.transparency.models import CountedOrder, DailyTotals
from blangkon.transparency.tables import PAGE_PAYMENT_DAYS_ROWS, TABLES, stats_tables

__all__ = ["market"]

URL = "/api/v1/stats/summary"
ATK = 25_000  # the ballpoints' price
NASI = 35_000  # a box of nasi kotak


def summary(client: Client, **query: Any) -> dict[str, Any]:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()


def totals() -> list[tuple[Any, ...]]:
    return sorted(
        DailyTotals.objects.values_list(
            "day",
            "kab_kota_id",
            "opd_id",
            "category_id",
            "vendor_kind",
            "vendor_scale",
            "channel",
            "orders",
            "value",
        )
    )


def counted() -> list[tuple[Any, ...]]:
    return sorted(CountedOrder.objects.values_list("order_id", "value", "parts", "day"))


@pytest.fixture
def planted(market: Market) -> dict[str, Any]:
    """Two counted orders (Rp100.000 of ATK at the BAST; Rp70.000 of catering
    being prepared) and five that do not count: a draft, one waiting for the
    PPK, one the vendor declined after the PPK signed, one timed out waiting
    for the PPK, one cancelled before submitting."""
    atk = live_product(market)
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    orders = {
        "bast": make_order(market, S.BAST_DITANDATANGANI, atk, 4),
        "diproses": make_order(market, S.DIPROSES, nasi, 2),
        "draft": make_order(market, S.DRAFT, atk, 1),
        "waiting": make_order(market, S.MENUNGGU_PERSETUJUAN, atk, 3),
        "declined": make_order(market, S.DITOLAK, atk, 5),
        "timed_out": make_order(market, S.BATAL_OTOMATIS, atk, 6),
    }
    # The draft stays in the cart's way otherwise: cancel it after the others.
    orders["cancelled"] = make_order(market, S.DIBATALKAN, atk, 7)
    return {"atk": atk, "nasi": nasi, **orders}


def test_counts_signed_orders_that_were_not_cancelled(client: Client, planted, market) -> None:
    body = summary(client)
    assert body["transactions"] == {"count": 2, "value": 4 * ATK + 2 * NASI}
    assert body["average_order_value"] == (4 * ATK + 2 * NASI) // 2
    atk, nasi = planted["atk"].category, planted["nasi"].category
    # Largest first: Rp100.000 of ballpoints, then Rp70.000 of nasi kotak.
    assert body["by_category"] == [
        {"category": atk.name, "slug": "atk", "value": 4 * ATK},
        {"category": nasi.name, "slug": "katering", "value": 2 * NASI},
    ]
    batang = planted["bast"].opd
    assert body["by_kab_kota"] == [
        {"code": batang.region_id, "name": "Kabupaten Batang", "value": 170_000, "count": 2}
    ]
    assert body["by_opd"] == [
        {"opd": batang.name, "kab_kota": "Kabupaten Batang", "value": 170_000, "count": 2}
    ]
    month = timezone.localdate().strftime("%Y-%m")
    assert body["by_month"] == [{"month": month, "value": 170_000, "count": 2}]
    assert body["regions"] == {"total": 35, "joined": body["regions"]["joined"], "transacting": 1}
    this_year = timezone.localdate().year
    assert body["fiscal_year_to_date"] == {"year": this_year, "count": 2, "value": 170_000}
    assert body["vendors"]["total"] == 2
    assert body["vendors"]["perorangan"] == 1
    assert body["vendors"]["badan_usaha"] == 1
    assert body["vendors"]["verified"] == 2
    assert body["products"]["tayang"] == Product.objects.filter(status="tayang").count() == 2


def test_filters_by_year_channel_and_kab_kota(client: Client, planted) -> None:
    this_year = timezone.localdate().year
    assert summary(client, year=this_year)["transactions"] == {"count": 2, "value": 170_000}
    assert summary(client, year=this_year - 1)["transactions"] == {"count": 0, "value": 0}
    assert summary(client, year=this_year - 1)["by_category"] == []
    # No INAPROC purchases are imported yet: zeros, not an error.
    inaproc = summary(client, channel="inaproc")
    assert inaproc["transactions"] == {"count": 0, "value": 0}
    assert inaproc["regions"]["transacting"] == 0
    assert summary(client, channel="all")["transactions"] == {"count": 2, "value": 170_000}
    assert summary(client, kab_kota="33.25")["transactions"]["value"] == 170_000
    kendal = summary(client, kab_kota="33.24")
    assert kendal["transactions"] == {"count": 0, "value": 0}
    assert kendal["vendors"]["total"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "dua ribu"}, "year"),
        ({"year": "1999"}, "year"),
        ({"year": "２０２２"}, "year"),
        ({"channel": "lkpp"}, "channel"),
        ({"kab_kota": "99.99"}, "kab_kota"),
    ],
)
def test_bad_filters_are_400_naming_the_field(client: Client, db, query, field) -> None:
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]


def test_running_totals_equal_a_rebuild_after_moves_and_a_cancellation(
    client: Client, market: Market
) -> None:
    atk = live_product(market)
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    kept = make_order(market, S.DITERIMA, atk, 4)
    signed = make_order(market, S.MENUNGGU_KONFIRMASI, nasi, 3)
    assert summary(client)["transactions"] == {"count": 2, "value": 4 * ATK + 3 * NASI}
    # Signed, then nobody answered: it leaves the counted set again.
    services.order_time_out(order_id=signed.pk)
    assert summary(client)["transactions"] == {"count": 1, "value": 4 * ATK}
    disputed = make_order(market, S.SENGKETA, atk, 2)
    assert summary(client)["transactions"]["count"] == 2
    # A dispute the kab/kota admin ends by cancelling leaves it too.
    services.order_resolve_dispute(
        user=market.world.user("admin.batang"),
        order_id=disputed.pk,
        to=S.DIBATALKAN,
        reason="Barang tidak pernah sesuai",
    )
    assert summary(client)["transactions"] == {"count": 1, "value": 4 * ATK}
    kept = PATHS[S.BAST_DITANDATANGANI][-1](market, kept)
    running, rows = counted(), totals()
    assert stats_rebuild() == CountedOrder.objects.count()
    assert (counted(), totals()) == (running, rows)
    assert sum(row[-1] for row in rows) == summary(client)["transactions"]["value"]


def test_partial_acceptance_lowers_the_value(client: Client, market: Market) -> None:
    atk = live_product(market)
    order = make_order(market, S.DIKIRIM, atk, 4)
    line = order.lines.get()
    services.order_receive(
        user=ppk(market),
        order_id=order.pk,
        received={line.pk: 4},
        accepted={line.pk: 3},
        accept_partially=True,
        condition_ok=True,
        note="Satu kotak rusak",
    )
    assert summary(client)["transactions"] == {"count": 1, "value": 3 * ATK}
    rows = totals()
    stats_rebuild()
    assert totals() == rows


def test_rebuild_counts_orders_written_without_the_machine(client: Client, market) -> None:
    atk = live_product(market)
    order = checkout(market, atk, 2).order
    make_order(market, S.DIPROSES, atk, 1)
    DailyTotals.objects.all().delete()
    CountedOrder.objects.all().delete()
    assert summary(client)["transactions"]["count"] == 0
    assert stats_rebuild() == 1
    assert summary(client)["transactions"] == {"count": 1, "value": ATK}
    assert order.status == S.DRAFT


def test_the_dashboard_shows_the_figures_and_their_tables(client: Client, planted) -> None:
    page = client.get("/transparansi/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rp170.000" in html
    assert 'id="stats-charts"' in html  # the charts' data, for the static script
    assert "<script>" not in html  # no inline script (CSP)
    assert html.count("<canvas") == 8  # no payments yet: that chart has no figures
    assert planted["bast"].opd.name in html
    assert html.count('<li class="map-tile') == 35
    assert 'shade-4" title="Kabupaten Batang: Rp170.000"' in html


def test_a_bad_filter_on_the_dashboard_is_explained(client: Client, planted) -> None:
    page = client.get("/transparansi/", {"year": "kemarin"}, HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 400
    assert "Masukkan tahun anggaran antara 2000 dan 2100." in page.content.decode()
    assert client.get("/transparansi/unduh/category.csv", {"channel": "x"}).status_code == 400
    assert client.get("/transparansi/unduh/nothing.csv").status_code == 404


def test_each_table_downloads_as_csv_and_xlsx(client: Client, planted) -> None:
    csv_answer = client.get("/transparansi/unduh/kab_kota.csv", HTTP_ACCEPT_LANGUAGE="id")
    assert csv_answer.status_code == 200
    assert "attachment" in csv_answer["Content-Disposition"]
    rows = _csv(csv_answer).splitlines()
    assert rows == ["Kabupaten/kota,Transaksi,Nilai", "Kabupaten Batang,2,170000"]

    xlsx_answer = client.get("/transparansi/unduh/category.xlsx", {"year": timezone.now().year})
    assert xlsx_answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_answer.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1:] == [
        [planted["atk"].category.name, 4 * ATK],
        [planted["nasi"].category.name, 2 * NASI],
    ]


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_median_days_from_the_bast_to_the_payment_per_opd(client: Client, market) -> None:
    atk = live_product(market)
    for quantity in (1, 2, 3):
        order = make_order(market, S.DITAGIH, atk, quantity)
        with transaction.atomic():
            mark_paid(
                order=locked_order(order.pk),
                channel=PaymentChannel.TRANSFER,
                amount=order.invoice.net_to_vendor,
                paid_on=timezone.localdate(),
                reference=f"TRF-{quantity}",
                actor=ppk(market),
            )
    # Paid the day of the BAST, three times: a median of zero days; still counted.
    body = summary(client)
    assert body["transactions"] == {"count": 3, "value": 6 * ATK}
    assert body["payment_days_by_opd"] == [
        {"opd": order.opd.name, "kab_kota": "Kabupaten Batang", "payments": 3, "median_days": 0.0}
    ]
    assert summary(client, channel="inaproc")["payment_days_by_opd"] == []
    assert summary(client, year=timezone.localdate().year - 1)["payment_days_by_opd"] == []


def test_the_page_shows_the_slowest_payers_and_the_downloads_every_opd() -> None:
    medians = [float(days) for days in range(1, 21)]  # the summary lists the fastest first
    summary: dict[str, Any] = {"payment_days_by_opd": [], "by_category": [], "by_kab_kota": []}
    summary |= {"by_month": [], "by_opd": [], "micro_small": {"percent": 0, "target_percent": 40}}
    summary["pdn"] = {"unknown_value": 0, "target_percent": 97, "by_kab_kota": []}
    summary["concentration"] = {"vendors": 0, "top_vendors": []}
    summary["payment_days_by_opd"] = [
        {"opd": f"OPD {days:g}", "kab_kota": "Batang", "payments": 2, "median_days": days}
        for days in medians
    ]
    page = {table.key: table for table in stats_tables(summary, page=True)}["payment_days"]
    assert [row[3] for row in page.rows] == medians[::-1][:PAGE_PAYMENT_DAYS_ROWS]
    assert page.more == len(medians) - PAGE_PAYMENT_DAYS_ROWS
    download = TABLES["payment_days"](summary)
    assert [row[3] for row in download.rows] == medians
    assert download.more == 0
