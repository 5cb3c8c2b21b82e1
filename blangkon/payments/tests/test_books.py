"""The bendahara's books: the bills to pay with their deadlines, the month's
withheld taxes on the page, in the XLSX (read back with openpyxl) and in the
API, and who may read them."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.accounts.services import api_token_issue
from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.payments.books_selectors import bills_to_pay, withholding_summary
from blangkon.payments.tests.payment_factories import Tax, invoiced_order, paid
from conftest import make_user

__all__ = ["market"]

pytestmark = pytest.mark.django_db

D = datetime.date
PPH22 = "PMK 34/2017 pasal 2 ayat (1) huruf b"
PPN = "PMK 59/2022 pasal 4"
NIK = "3325014101900001"


def _taxes(base: int, *, ppn: bool = True) -> tuple[Tax, ...]:
    lines = [Tax("pph22", "1.5", base, base * 15 // 1000, legal_basis=PPH22)]
    if ppn:
        lines.append(Tax("ppn", "11", base, base * 11 // 100, legal_basis=PPN))
    return tuple(lines)


def _auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def november(market: Market) -> dict[str, object]:
    """Three paid orders of the Batang OPD: two in November 2026 (one from a
    vendor taxed as an individual), one in October; a vendor-remitted line
    that the bendahara does not withhold; and one still unpaid."""
    # The unit costs Rp25.000: 100 of them are Rp2.500.000.
    first = invoiced_order(market, D(2026, 11, 2), _taxes(2_000_000), quantity=100)
    individual = invoiced_order(
        market,
        D(2026, 11, 3),
        (*_taxes(4_000_000, ppn=False), Tax("ppn", "11", 4_000_000, 440_000, "vendor")),
        quantity=200,
        profile={"kind": "perorangan", "npwp": NIK},
    )
    october = invoiced_order(market, D(2026, 10, 1), _taxes(1_000_000), quantity=50)
    paid(market, first, D(2026, 11, 10))
    paid(market, individual, D(2026, 11, 30))
    paid(market, october, D(2026, 10, 30))
    unpaid = invoiced_order(market, D(2026, 11, 20), _taxes(3_000_000), quantity=150)
    return {"first": first, "individual": individual, "unpaid": unpaid}


def test_the_summary_totals_what_the_bendahara_withheld_in_the_month(
    market: Market, november: dict[str, object]
) -> None:
    summary = withholding_summary(market.world.opd_batang.pk, D(2026, 11, 1), personal_allowed=True)
    assert [(t.type, t.count, t.base, t.amount) for t in summary.totals] == [
        ("pph22", 2, 6_000_000, 90_000),
        ("ppn", 1, 2_000_000, 220_000),
    ]
    assert summary.amount == 310_000
    assert {row.tax_id for row in summary.rows if row.vendor_is_individual} == {NIK}
    # October's payment and the vendor's own PPN are not this month's withholding.
    assert len(summary.rows) == 3


def test_the_xlsx_reads_back_with_its_headers_and_totals(
    market: Market, november: dict[str, object], client_for
) -> None:
    client = client_for(market.world.user("bendahara.batang"))
    url = reverse("books:withholding-xlsx", args=[market.world.opd_batang.pk])
    answer = client.get(url, {"bulan": "2026-11"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Tanggal pembayaran",
        "Pesanan",
        "Tagihan",
        "Penyedia",
        "NPWP / NIK",
        "Pajak",
        "Tarif (%)",
        "DPP (Rp)",
        "Pajak dipotong (Rp)",
        "Dasar hukum",
    ]
    details = [row for row in rows[1:] if row[0]]
    assert sum(row[8] for row in details) == 310_000
    assert NIK in {row[4] for row in details}  # the bendahara enters it in e-Bupot
    totals = {row[5]: row[8] for row in rows if row[5] and str(row[5]).startswith("Total")}
    assert totals == {"Total PPN": 220_000, "Total PPh 22": 90_000, "Total dipotong": 310_000}
    assert {row[9] for row in details} == {PPH22, PPN}
    # The file holds an individual's NIK: who took it out, and when, is on the record.
    exported = AuditEvent.objects.get(action="payments.withholding_exported")
    assert exported.actor == market.world.user("bendahara.batang")
    assert exported.object_id == str(market.world.opd_batang.pk)
    assert exported.details == {"acted_as": acted_as(exported.actor), "month": "2026-11", "rows": 3}


def test_the_bills_page_lists_the_unpaid_by_deadline(
    market: Market, november: dict[str, object], client_for
) -> None:
    later = invoiced_order(market, D(2026, 11, 27), _taxes(1_000_000, ppn=False), quantity=50)
    bills = bills_to_pay(market.world.opd_batang.pk, today=D(2026, 12, 4))
    unpaid = november["unpaid"]
    assert [bill.order_id for bill in bills] == [unpaid.pk, later.pk]  # type: ignore[attr-defined]
    first = bills[0]
    assert first.net_to_vendor == first.price - 45_000 - 330_000
    assert first.due.due_on == D(2026, 12, 4)  # 10 working days after Fri 20 Nov
    client = client_for(market.world.user("bendahara.batang"))
    page = client.get(reverse("books:home"), follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[0][0] == reverse("books:due", args=[market.world.opd_batang.pk])
    content = page.content.decode()
    assert unpaid.number in content  # type: ignore[attr-defined]
    assert november["first"].number not in content  # type: ignore[attr-defined]  # paid
    assert "Tagihan" in content  # the nav link and the page, in Bahasa Indonesia


def test_another_opds_bendahara_sees_nothing(
    market: Market, november: dict[str, object], client_for
) -> None:
    world = market.world
    kendal = make_user("bendahara.kendal", Role.BENDAHARA, world.opd_kendal)
    client = client_for(kendal)
    batang = world.opd_batang.pk
    for name in ("books:due", "books:withholding", "books:withholding-xlsx"):
        assert client.get(reverse(name, args=[batang]), {"bulan": "2026-11"}).status_code == 404
    own = client.get(reverse("books:due", args=[world.opd_kendal.pk]))
    assert own.status_code == 200
    assert own.context["bills"] == []
    due = client.get("/api/v1/payments/due", **_auth(kendal)).json()
    assert (due["opd_id"], due["bills"]) == (world.opd_kendal.pk, [])
    withheld = client.get(
        "/api/v1/payments/withholding", {"month": "2026-11"}, **_auth(kendal)
    ).json()
    assert (withheld["total_withheld"], withheld["rows"]) == (0, [])


@pytest.mark.parametrize("name", ["auditor.provinsi", "admin.batang"])
def test_overseers_read_but_never_see_an_individuals_tax_id(
    market: Market, november: dict[str, object], client_for, name: str
) -> None:
    client = client_for(market.world.user(name))
    url = reverse("books:withholding", args=[market.world.opd_batang.pk])
    page = client.get(url, {"bulan": "2026-11"})
    assert page.status_code == 200
    assert NIK not in page.content.decode()
    assert "data pribadi" in page.content.decode()
    xlsx = client.get(url + "xlsx/", {"bulan": "2026-11"})
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).worksheets[0]
    assert NIK not in {row[4] for row in sheet.iter_rows(values_only=True)}
    # The API is the bendahara's own: nobody else has books there.
    auth = _auth(market.world.user(name))
    assert client.get("/api/v1/payments/due", **auth).status_code == 404


@pytest.mark.parametrize("name", ["admin.kendal", "ppk.batang", "pemilik.vendor", "pp.batang"])
def test_others_are_told_the_books_do_not_exist(market: Market, client_for, name: str) -> None:
    client = client_for(market.world.user(name))
    assert client.get(reverse("books:due", args=[market.world.opd_batang.pk])).status_code == 404
    auth = _auth(market.world.user(name))
    assert client.get("/api/v1/payments/withholding", **auth).status_code == 404


def test_the_api_gives_the_bendahara_the_bills_and_the_month(
    market: Market, november: dict[str, object], client_for
) -> None:
    client = client_for(market.world.user("bendahara.batang"))
    auth = _auth(market.world.user("bendahara.batang"))
    due = client.get("/api/v1/payments/due", **auth).json()
    assert [bill["order_id"] for bill in due["bills"]] == [november["unpaid"].pk]  # type: ignore[attr-defined]
    assert due["bills"][0]["due_on"] == "2026-12-04"
    withheld = client.get("/api/v1/payments/withholding", {"month": "2026-11"}, **auth).json()
    assert withheld["total_withheld"] == 310_000
    assert {(t["type"], t["amount"]) for t in withheld["totals"]} == {
        ("ppn", 220_000),
        ("pph22", 90_000),
    }
    bad = client.get("/api/v1/payments/withholding", {"month": "2026-13"}, **auth)
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_month"
