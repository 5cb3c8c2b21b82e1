"""The domestic-product (PDN) share and the vendor concentration: the order
lines' PDN snapshot, the PDN value and VendorTotals in the running totals as
orders move (equal to a rebuild), INAPROC's share "not known", and the two
charts' tables and downloads."""

import io
from typing import Any

import openpyxl
from django.test import Client

from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, catering_input, make_product, market
from blangkon.inaproc.services import packages_import
from blangkon.inaproc.tests.samples import sample
from blangkon.orders import order_services as services
from blangkon.orders.models import OrderLine
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import checkout, live_product, make_order
from blangkon.transparency.aggregation import stats_rebuild
from blangkon.transparency.models import (
    DailyTotals,
    MonthlyTotals,
    VendorTotals,
    VendorYearTotals,
)

__all__ = ["market"]

URL = "/api/v1/stats/summary"
ATK = 25_000  # the ballpoints' price (PDN here)
NASI = 35_000  # a box of nasi kotak (not PDN)


def summary(client: Client, **query: Any) -> dict[str, Any]:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()


def pdn_sums() -> tuple[int, int]:
    """The PDN value in DailyTotals and in MonthlyTotals."""
    daily = sum(DailyTotals.objects.values_list("value_pdn", flat=True))
    monthly = sum(MonthlyTotals.objects.values_list("value_pdn", flat=True))
    return daily, monthly


def vendor_rows() -> list[tuple[Any, ...]]:
    return sorted(
        VendorTotals.objects.values_list(
            "year", "kab_kota_id", "vendor_id", "inaproc_vendor", "channel", "orders", "value"
        ),
        key=str,
    )


def year_rows_are_vendor_rows_without_the_kab_kota() -> bool:
    """VendorYearTotals equals VendorTotals summed over the kab/kota."""
    summed: dict[tuple[Any, ...], list[int]] = {}
    for year, _kab, vendor, inaproc, channel, orders, value in vendor_rows():
        cell = summed.setdefault((year, vendor, inaproc, channel), [0, 0])
        cell[0] += orders
        cell[1] += value
    years = VendorYearTotals.objects.values_list(
        "year", "vendor_id", "inaproc_vendor", "channel", "orders", "value"
    )
    return sorted(years, key=str) == sorted(((*k, *v) for k, v in summed.items()), key=str)


def test_the_line_keeps_the_pdn_of_the_product_when_ordered(client: Client, market: Market) -> None:
    pdn = live_product(market, is_pdn=True)
    order = make_order(market, S.DIPROSES, pdn, 4)
    line = OrderLine.objects.get(order=order)
    assert line.is_pdn is True
    # The vendor says later that it is imported after all: the order does not change.
    Product.objects.filter(pk=pdn.pk).update(is_pdn=False)
    line.refresh_from_db()
    assert line.is_pdn is True
    assert summary(client)["pdn"]["value"] == 4 * ATK
    stats_rebuild()  # a rebuild reads the lines' snapshot, not the product
    assert summary(client)["pdn"]["value"] == 4 * ATK
    # A new order of the edited product is not PDN.
    later = checkout(market, Product.objects.get(pk=pdn.pk), 1).order
    assert OrderLine.objects.get(order=later).is_pdn is False


def test_the_pdn_value_counts_from_the_signature_and_leaves_with_a_cancellation(
    client: Client, market: Market
) -> None:
    pdn = live_product(market, is_pdn=True)
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    waiting = make_order(market, S.MENUNGGU_PERSETUJUAN, pdn, 2)
    assert pdn_sums() == (0, 0)  # not signed: no transaction yet
    signed = make_order(market, S.MENUNGGU_KONFIRMASI, pdn, 4)
    make_order(market, S.DIPROSES, nasi, 2)
    assert pdn_sums() == (4 * ATK, 4 * ATK)
    body = summary(client)["pdn"]
    assert body["value"] == 4 * ATK
    assert body["known_value"] == 4 * ATK + 2 * NASI
    assert body["unknown_value"] == 0
    assert body["percent"] == round(100 * 4 * ATK / (4 * ATK + 2 * NASI), 1) == 58.8
    assert body["by_kab_kota"] == [
        {
            "code": "33.25",
            "name": "Kabupaten Batang",
            "value": 4 * ATK + 2 * NASI,
            "value_pdn": 4 * ATK,
            "percent": 58.8,
        }
    ]
    # Signed, then nobody answered: its PDN value leaves with its value.
    services.order_time_out(order_id=signed.pk)
    assert pdn_sums() == (0, 0)
    assert summary(client)["pdn"]["percent"] == 0.0
    assert summary(client)["transactions"]["value"] == 2 * NASI
    assert waiting.lines.get().is_pdn is True
    rows = sorted(DailyTotals.objects.values_list("day", "category_id", "value", "value_pdn"))
    stats_rebuild()
    assert sorted(DailyTotals.objects.values_list("day", "category_id", "value", "value_pdn")) == (
        rows
    )


def test_inaproc_packages_have_no_known_pdn_share(client: Client, market: Market) -> None:
    make_order(market, S.DIPROSES, live_product(market, is_pdn=True), 4)
    packages = sample()
    packages_import(packages, actor=None)
    inaproc_value = sum(p["total_harga"] for p in packages)
    only = summary(client, channel="inaproc")["pdn"]
    assert only == {
        "value": 0,
        "known_value": 0,
        "unknown_value": inaproc_value,
        "percent": None,
        "target_percent": 97,
        "by_kab_kota": [],
    }
    both = summary(client, channel="all")["pdn"]
    assert (both["value"], both["known_value"], both["percent"]) == (4 * ATK, 4 * ATK, 100.0)
    assert both["unknown_value"] == inaproc_value
    page = client.get("/transparansi/", {"channel": "inaproc"}, HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert 'data-tile="pdn">tidak diketahui<' in html
    assert "tidak membawa informasi PDN" in html
    # INAPROC's vendors by their INAPROC code, in the concentration too.
    top = summary(client, channel="inaproc")["concentration"]["top_vendors"]
    assert top[0]["name"].startswith("Penyedia INAPROC ")
    assert top[0]["channel"] == "inaproc"
    assert year_rows_are_vendor_rows_without_the_kab_kota()
    assert VendorYearTotals.objects.filter(channel="inaproc").exists()


def kendal_product(market: Market) -> Product:
    return make_product(
        market,
        ProductStatus.TAYANG,
        vendor=market.kendal_vendor,
        data=atk_input(sku="ATK-KDL", name="Map plastik", price=10_000),
    )


def test_vendor_totals_follow_the_orders_and_equal_a_rebuild(
    client: Client, market: Market
) -> None:
    atk = live_product(market)
    maps = kendal_product(market)
    make_order(market, S.DIPROSES, atk, 4)  # Rp100.000 to CV Sumber Rejeki (Batang)
    make_order(market, S.BAST_DITANDATANGANI, atk, 2)  # Rp50.000 more
    cancelled = make_order(market, S.MENUNGGU_KONFIRMASI, maps, 5)  # Rp50.000 to Kendal's
    assert cancelled.approved_at is not None
    year = cancelled.approved_at.year
    batang, kendal = market.batang_vendor.pk, market.kendal_vendor.pk
    region = cancelled.opd.region_id  # the buyer's kab/kota
    expected = [
        (year, region, batang, "", "blangkon", 2, 6 * ATK),
        (year, region, kendal, "", "blangkon", 1, 50_000),
    ]
    assert vendor_rows() == sorted(expected, key=str)
    assert year_rows_are_vendor_rows_without_the_kab_kota()
    assert VendorYearTotals.objects.count() == 2
    c = summary(client)["concentration"]
    assert (c["vendors"], c["value"]) == (2, 200_000)
    assert (c["top1_percent"], c["top5_percent"], c["top10_percent"]) == (75.0, 100.0, 100.0)
    assert c["hhi"] == 75**2 + 25**2 == 6250
    assert c["hhi_level"] == "high"
    assert [(v["name"], v["kind"], v["count"], v["percent"]) for v in c["top_vendors"]] == [
        ("CV Sumber Rejeki", "badan_usaha", 2, 75.0),
        ("UD Kendal Makmur", "perorangan", 1, 25.0),
    ]
    # Cancelled by nobody answering: its vendor's cell goes.
    services.order_time_out(order_id=cancelled.pk)
    assert vendor_rows() == sorted(expected[:1], key=str)
    assert year_rows_are_vendor_rows_without_the_kab_kota()
    assert summary(client)["concentration"]["hhi"] == 10_000
    # The buyer's kab/kota reads VendorTotals, the province VendorYearTotals: the same.
    assert summary(client, kab_kota=region)["concentration"] == summary(client)["concentration"]
    kept = vendor_rows()
    VendorTotals.objects.all().delete()
    VendorYearTotals.objects.all().delete()
    stats_rebuild()
    assert vendor_rows() == kept
    assert year_rows_are_vendor_rows_without_the_kab_kota()
    # Filters: another year or kab/kota has no vendor.
    assert summary(client, year=year - 1)["concentration"]["vendors"] == 0
    assert summary(client, kab_kota="33.24")["concentration"]["top_vendors"] == []


def test_the_two_charts_tables_and_downloads(client: Client, market: Market) -> None:
    make_order(market, S.DIPROSES, live_product(market, is_pdn=True), 4)
    make_order(market, S.MENUNGGU_KONFIRMASI, kendal_product(market), 5)
    page = client.get("/transparansi/", HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    for key in ("pdn", "concentration", "vendors"):
        assert f'id="chart-{key}"' in html
        assert f"/transparansi/unduh/{key}.csv?channel=blangkon" in html
    assert "Herfindahl-Hirschman" in html
    assert "UD Kendal Makmur" in html
    # The perorangan's owner is a person: never named on the public page.
    owner = market.kendal_owner
    assert owner.get_full_name()
    assert owner.get_full_name() not in html

    pdn_csv = client.get("/transparansi/unduh/pdn.csv", HTTP_ACCEPT_LANGUAGE="id")
    assert pdn_csv.status_code == 200
    streamed: Any = pdn_csv
    lines = b"".join(streamed.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1] == "Kabupaten Batang,150000,100000,66.7"

    def sheet(table: str, **query: Any) -> list[list[Any]]:
        answer = client.get(f"/transparansi/unduh/{table}.xlsx", query)
        assert answer.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(answer.content)).active
        assert book is not None
        return [[cell.value for cell in row] for row in book.iter_rows()]

    assert sheet("concentration")[1:] == [
        ["Penyedia terbesar", 66.7],
        ["5 penyedia terbesar", 100.0],
        ["10 penyedia terbesar", 100.0],
    ]
    vendors = sheet("vendors")
    assert vendors[0][2:] == ["Transaksi", "Nilai", "Persen dari nilai"]
    assert vendors[1:] == [
        ["CV Sumber Rejeki", "Badan usaha", 1, 100_000, 66.7],
        ["UD Kendal Makmur", "Perorangan", 1, 50_000, 33.3],
    ]
    assert sheet("vendors", kab_kota="33.24")[1:] == []
