"""The public register of transactions on real orders moved by the services:
which orders appear (from the PPK's signature, also when they ended later),
the filters, sorting and cursor paging through the API and the page, bad input
(400, never 500), the downloads read back, and no personal data anywhere."""

import csv
import datetime
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, catering_input, make_product, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.transparency.tests.personal_data import FORBIDDEN, plant_personal_data

__all__ = ["market"]

API = "/api/v1/transactions"
PAGE = "/transparansi/transaksi/"
ATK = 25_000  # the ballpoints' price
NASI = 35_000  # a box of nasi kotak


@pytest.fixture
def planted(market: Market) -> dict[str, Any]:
    """Orders in every kind of state: five the PPK signed (one declined by the
    vendor after it, one paid) and three never signed."""
    plant_personal_data(market.batang_vendor)
    atk = live_product(market)
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    orders = {
        "bast": make_order(market, S.BAST_DITANDATANGANI, atk, 4),
        "paid": make_order(market, S.DIBAYAR, atk, 2),
        "nasi": make_order(market, S.DIPROSES, nasi, 3),
        "declined": make_order(market, S.DITOLAK, atk, 5),
        "draft": make_order(market, S.DRAFT, atk, 1),
        "waiting": make_order(market, S.MENUNGGU_PERSETUJUAN, atk, 6),
    }
    orders["cancelled"] = make_order(market, S.DIBATALKAN, atk, 7)
    return {"atk": atk, "nasi": nasi, **orders}


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def rows(client: Client, **query: Any) -> list[dict[str, Any]]:
    response = client.get(API, query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def numbers(found: list[dict[str, Any]]) -> list[str]:
    return [row["number"] for row in found]


def signed(planted: dict[str, Any], *names: str) -> list[str]:
    return [planted[name].number for name in names]


def test_every_order_from_the_ppks_signature_with_its_status(client: Client, planted) -> None:
    body = client.get(API).json()
    # Newest signature first; the declined one stays, the unsigned three never appear.
    assert numbers(body["results"]) == signed(planted, "declined", "nasi", "paid", "bast")
    assert body["count"] == 4
    assert body["count_capped"] is False
    assert body["license"] == "CC-BY-4.0"
    assert body["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert body["next"] is None
    assert body["previous"] is None
    paid = next(row for row in body["results"] if row["number"] == planted["paid"].number)
    order = Order.objects.get(pk=planted["paid"].pk)
    assert paid == {
        "number": order.number,
        "signed_on": timezone.localdate(order.approved_at).isoformat(),
        "opd": {"id": order.opd_id, "name": order.opd.name},
        "kab_kota": "Kabupaten Batang",
        "vendor": {
            "id": order.vendor_id,
            "name": "CV Sumber Rejeki",
            "kind": "badan_usaha",
            "kind_label": paid["vendor"]["kind_label"],
            "scale": "",
            "scale_label": "",
            "kab_kota": "Kabupaten Batang",
        },
        "category": planted["atk"].category.name,
        "items": [
            {
                "product": planted["atk"].name,
                "quantity": 2,
                "accepted_quantity": 2,
                "unit": paid["items"][0]["unit"],
                "unit_price": ATK,
            }
        ],
        "total": 2 * ATK,
        "status": "dibayar",
        "status_label": paid["status_label"],
        "days_from_bast_to_payment": order.payment.days_from_bast,
    }
    declined = next(row for row in body["results"] if row["number"] == planted["declined"].number)
    assert declined["status"] == "ditolak"
    assert declined["days_from_bast_to_payment"] is None


def test_filters(client: Client, planted, market: Market) -> None:
    this_year = timezone.localdate().year
    today = timezone.localdate().isoformat()
    everything = signed(planted, "declined", "nasi", "paid", "bast")
    assert numbers(rows(client, year=this_year)) == everything
    assert rows(client, year=this_year - 1) == []
    assert numbers(rows(client, date_from=today, date_to=today)) == everything
    assert rows(client, date_to=(timezone.localdate() - datetime.timedelta(days=1))) == []
    assert numbers(rows(client, kab_kota="33.25")) == everything
    assert rows(client, kab_kota="33.24") == []
    assert numbers(rows(client, status="ditolak")) == signed(planted, "declined")
    assert numbers(rows(client, category="katering")) == signed(planted, "nasi")
    assert numbers(rows(client, min_value=100_000)) == signed(planted, "declined", "nasi", "bast")
    assert numbers(rows(client, min_value=100_000, max_value=105_000)) == signed(
        planted, "nasi", "bast"
    )
    assert numbers(rows(client, q="nasi")) == signed(planted, "nasi")
    assert numbers(rows(client, q="sumber rejeki")) == everything
    assert numbers(rows(client, q=planted["paid"].number)) == signed(planted, "paid")
    opd = planted["bast"].opd_id
    assert numbers(rows(client, opd=opd)) == everything
    assert rows(client, vendor=market.kendal_vendor.pk) == []


def test_sorting_and_cursor_paging(client: Client, planted) -> None:
    values = {row["number"]: row["total"] for row in rows(client)}
    by_value = sorted(values, key=lambda number: (values[number], number))
    assert [values[n] for n in by_value] == [50_000, 100_000, 105_000, 125_000]
    assert numbers(rows(client, sort="value")) == by_value
    assert numbers(rows(client, sort="-value")) == by_value[::-1]
    assert numbers(rows(client, sort="date")) == signed(planted, "bast", "paid", "nasi", "declined")
    # One row a page, forward to the end and back again by the links.
    first = client.get(API, {"sort": "-value", "limit": "1"}).json()
    seen, page = numbers(first["results"]), first
    assert first["previous"] is None
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += numbers(page["results"])
    assert seen == by_value[::-1]
    back = numbers(page["results"])
    while page["previous"]:
        page = client.get(page["previous"]).json()
        back = numbers(page["results"]) + back
    assert back == by_value[::-1]


BAD_QUERIES = [
    {"date_from": "2026-05-01", "date_to": "2026-04-01"},
    {"min_value": "500", "max_value": "100"},
    {"limit": "1000000"},
    {"limit": "0"},
    {"limit": "abc"},
    {"colour": "red"},
    {"date_from": "2026-02-30"},
    {"date_from": "yesterday"},
    {"date_to": "99999-01-01"},
    {"year": "1800"},
    {"q": "x" * 10_000},
    {"kab_kota": "99.99"},
    {"category": "no-such-category"},
    {"status": "draft"},
    {"sort": "name"},
    {"min_value": "-5"},
    {"max_value": "1" * 40},
    {"opd": "0"},
    {"cursor": "not-a-cursor"},
    {"cursor": "W10"},
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda query: ",".join(query))
def test_bad_input_is_400_naming_the_field(client: Client, db, query: dict[str, str]) -> None:
    api = client.get(API, dict(query))
    assert api.status_code == 400, api.content
    body = api.json()
    assert body["code"] == "invalid"
    field = next(iter(query))
    assert field in body["fields"] or "date_to" in body["fields"] or "max_value" in body["fields"]
    page = client.get(PAGE, dict(query))
    assert page.status_code == 400
    assert "error-summary" in page.content.decode()


def test_bad_input_in_english(client: Client, db) -> None:
    body = client.get(API, {"colour": "red"}, headers={"accept-language": "en"}).json()
    assert body["fields"]["colour"] == "The register has no filter by this name."
    indonesian = client.get(API, {"colour": "red"}, headers={"accept-language": "id"}).json()
    assert indonesian["fields"]["colour"] != "The register has no filter by this name."


def test_the_page_shows_the_rows_and_links_its_filters(client: Client, planted) -> None:
    page = client.get(PAGE, {"limit": "20"})
    assert page.status_code == 200
    text = page.content.decode()
    for number in signed(planted, "declined", "nasi", "paid", "bast"):
        assert f'data-order="{number}"' in text
    assert f'data-order="{planted["waiting"].number}"' not in text
    assert "Rp105.000" in text  # 3 boxes of nasi kotak
    narrowed = client.get(PAGE, {"status": "ditolak", "limit": "1"}).content.decode()
    assert f'data-order="{planted["declined"].number}"' in narrowed
    assert f'data-order="{planted["bast"].number}"' not in narrowed
    dashboard = client.get("/transparansi/").content.decode()
    assert 'href="/transparansi/transaksi/"' in dashboard


def test_downloads_read_back(client: Client, planted) -> None:
    response = client.get("/transparansi/transaksi/unduh.csv", {"sort": "value"})
    assert response.status_code == 200
    text = streamed(response).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 5
    assert [line[0] for line in table[1:]] == numbers(rows(client, sort="value"))
    assert [int(line[10]) for line in table[1:]] == [50_000, 100_000, 105_000, 125_000]
    response = client.get("/transparansi/transaksi/unduh.xlsx", {"category": "katering"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(streamed(response))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][0] == planted["nasi"].number
    assert values[1][10] == 105_000
    bad = client.get("/transparansi/transaksi/unduh.csv", {"limit": "5"})
    assert bad.status_code == 400


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(archive.read(name).decode() for name in archive.namelist())


def test_no_personal_data_in_the_register(client: Client, planted) -> None:
    found = [
        client.get(API).content.decode(),
        client.get(PAGE).content.decode(),
        streamed(client.get("/transparansi/transaksi/unduh.csv")).decode(),
        _xlsx_text(streamed(client.get("/transparansi/transaksi/unduh.xlsx"))),
    ]
    for text in found:
        assert "CV Sumber Rejeki" in text
        for value in FORBIDDEN:
            assert value.lower() not in text.lower(), value
