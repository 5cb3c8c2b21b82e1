"""The internal dashboards (/dasbor/) on a planted world of real orders: each
reader sees the figures of their own scope, exactly; another kab/kota's
admin, another OPD's officials and another vendor get 404 and never the
foreign figures; anonymous visitors are sent to sign in."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import make_order
from blangkon.payments.payment_clock import payment_due_on
from blangkon.payments.tests.payment_factories import Tax, invoiced_order, paid, the_product
from blangkon.transparency.internal import late_payments, vendor_sales
from blangkon.transparency.params import StatsParams
from blangkon.transparency.selectors import stats_reference
from blangkon.vendors.models import TrainingEvent, UmkmScale, Vendor
from conftest import PASSWORD

__all__ = ["market"]

ATK = 25_000  # one ballpoint box of the_product
PPH22 = Tax(type="pph22", rate="0.0150", base=22_522, amount=337)


def client_for(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    assert client.login(username=username, password=PASSWORD)
    return client


def tile(html: str, name: str) -> str:
    found = re.search(rf'data-tile="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1)


def plant(market: Market) -> dict[str, Order]:
    """Batang's OPD bought four boxes from its micro vendor this year: one
    invoiced and unpaid past its deadline (with PPh 22 withheld), one
    invoiced and still in time, one paid late, one paid in time. Nothing in
    Kendal. The vendor attended a training."""
    Vendor.objects.filter(pk=market.batang_vendor.pk).update(scale=UmkmScale.MIKRO)
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=60)
    orders = {
        "overdue": invoiced_order(market, long_ago, (PPH22,)),
        "in_time": invoiced_order(market, today),
        "paid_late": invoiced_order(market, long_ago),
        "paid_in_time": invoiced_order(market, today),
    }
    paid(market, orders["paid_late"], today)
    paid(market, orders["paid_in_time"], today)
    event = TrainingEvent.objects.create(
        pemda=market.world.batang,
        held_on=datetime.date(2026, 2, 10),
        place="Aula Batang",
        topic="Mengunggah produk",
        created_by=market.world.user("admin.batang"),
    )
    event.attendees.add(market.batang_vendor)
    return orders


@pytest.fixture
def planted(market: Market) -> dict[str, Order]:
    return plant(market)


def test_the_kab_kota_admin_sees_their_kab_kota(planted, market: Market) -> None:
    client = client_for("admin.batang")
    response = client.get("/dasbor/")
    assert response.status_code == 302
    assert response["Location"] == f"/dasbor/pemda/{market.world.batang.pk}/"
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert tile(html, "value") == "Rp100.000"
    assert tile(html, "micro-small") == "100,0 %"
    assert 'data-target-met="yes"' in html
    assert (tile(html, "vendors"), tile(html, "verified"), tile(html, "trained")) == ("1", "1", "1")
    # Two invoices unpaid (Rp24.663 net of the PPh 22, Rp25.000), one past its deadline.
    assert tile(html, "unpaid") == "Rp49.663"
    assert tile(html, "overdue") == "1"
    assert tile(html, "paid-late") == "1 / 2"
    overdue = planted["overdue"]
    assert f'<a href="/pesanan/{overdue.pk}/">{overdue.number}</a>' in html
    assert planted["in_time"].number not in html  # in time: not listed as late
    # The queues, linked: nothing waits.
    assert tile(html, "verification") == "0"
    assert f"{reverse('catalog:curation-queue')}?jenis=baru" in html
    assert f"{reverse('vendors:verification-queue')}?status=submitted" in html
    assert "Dinas Koperasi dan UKM" in html  # the OPD table


def test_another_kab_kota_admin_sees_nothing_of_batang(planted, market: Market) -> None:
    client = client_for("admin.kendal")
    world = market.world
    assert client.get(f"/dasbor/pemda/{world.batang.pk}/").status_code == 404
    assert client.get(f"/dasbor/opd/{world.opd_batang.pk}/").status_code == 404
    assert client.get(f"/dasbor/pemda/{world.province.pk}/").status_code == 404
    own = client.get(f"/dasbor/pemda/{world.kendal.pk}/")
    html = own.content.decode()
    assert tile(html, "value") == "Rp0"
    assert tile(html, "unpaid") == "Rp0"
    assert planted["overdue"].number not in html
    # Asking for Batang's kab/kota on their own page is refused, not answered.
    refused = client.get(f"/dasbor/pemda/{world.kendal.pk}/", {"kab_kota": "33.25"})
    assert refused.status_code == 400
    assert tile(refused.content.decode(), "value") == "Rp0"


@pytest.mark.parametrize("username", ["admin.provinsi", "auditor.provinsi"])
def test_province_wide_readers_filter_by_kab_kota(planted, market: Market, username: str) -> None:
    client = client_for(username)
    url = f"/dasbor/pemda/{market.world.province.pk}/"
    assert client.get("/dasbor/")["Location"] == url
    whole = client.get(url).content.decode()
    assert tile(whole, "value") == "Rp100.000"
    assert 'name="kab_kota"' in whole
    assert 'data-table="kab_kota"' in whole
    assert tile(client.get(url, {"kab_kota": "33.25"}).content.decode(), "value") == "Rp100.000"
    kendal = client.get(url, {"kab_kota": "33.24"}).content.decode()
    assert (tile(kendal, "value"), tile(kendal, "overdue")) == ("Rp0", "0")
    # A kab/kota's own dashboard is open to them too.
    assert client.get(f"/dasbor/pemda/{market.world.kendal.pk}/").status_code == 200
    overdue = planted["overdue"]
    # Both read every order (ADR 0047): the number links to it.
    assert f'href="/pesanan/{overdue.pk}/"' in whole
    assert overdue.number in whole


@pytest.mark.parametrize("username", ["admin.opd.batang", "ppk.batang"])
def test_the_opd_admin_and_ppk_see_their_opd(planted, market: Market, username: str) -> None:
    client = client_for(username)
    url = f"/dasbor/opd/{market.world.opd_batang.pk}/"
    assert client.get("/dasbor/")["Location"] == url
    html = client.get(url).content.decode()
    assert tile(html, "value") == "Rp100.000"
    assert tile(html, "overdue") == "1"
    assert 'name="kab_kota"' not in html
    assert 'data-tile="verification"' not in html  # not their queues
    assert client.get(f"/dasbor/opd/{market.world.opd_kendal.pk}/").status_code == 404
    assert client.get(f"/dasbor/pemda/{market.world.batang.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("username", "linked"), [("admin.batang", True), ("ppk.batang", True), ("pp.batang", False)]
)
def test_the_opd_page_links_to_its_dashboard(market: Market, username: str, linked: bool) -> None:
    opd = market.world.opd_batang
    html = client_for(username).get(f"/akun/opd/{opd.pk}/").content.decode()
    assert (f'href="/dasbor/opd/{opd.pk}/"' in html) == linked


@pytest.mark.parametrize("username", ["pp.batang", "bendahara.batang", "pendamping.batang"])
def test_roles_without_a_dashboard_get_404(planted, market: Market, username: str) -> None:
    client = client_for(username)
    world = market.world
    for url in (
        "/dasbor/",
        f"/dasbor/opd/{world.opd_batang.pk}/",
        f"/dasbor/pemda/{world.batang.pk}/",
        f"/dasbor/penyedia/{market.batang_vendor.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert "/dasbor/" not in client.get("/akun/beranda/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(planted, market: Market) -> None:
    client = Client()
    for url in ("/dasbor/", f"/dasbor/pemda/{market.world.batang.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("username", ["pemilik.vendor", "staf.vendor"])
def test_the_vendor_sees_its_sales_and_expected_payments(
    planted, market: Market, username: str
) -> None:
    client = client_for(username)
    url = f"/dasbor/penyedia/{market.batang_vendor.pk}/"
    assert client.get("/dasbor/")["Location"] == url
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert tile(html, "sales") == "Rp100.000"
    assert tile(html, "expected") == "Rp49.663"
    assert tile(html, "overdue") == "1"
    overdue = planted["overdue"]
    with translation.override("id"):
        due = date_format(payment_due_on(overdue), "SHORT_DATE_FORMAT")
    row = re.search(rf"{overdue.number}</a>.*?</tr>", html, re.S)
    assert row, html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert cells[2:5] == ["Rp25.000", "Rp337", "Rp24.663"], cells
    assert cells[5].startswith(due), cells
    assert "Dinas Koperasi dan UKM" in html
    assert "Kabupaten Batang" in html
    # The kab/kota admin's nav link is not the vendor's business, but the vendor's is.
    assert 'href="/dasbor/"' in html
    assert client.get(f"/dasbor/penyedia/{market.kendal_vendor.pk}/").status_code == 404
    assert client.get(f"/dasbor/opd/{market.world.opd_batang.pk}/").status_code == 404


def test_another_vendor_sees_only_its_own(planted, market: Market) -> None:
    client = client_for("pemilik.kendal")
    assert client.get(f"/dasbor/penyedia/{market.batang_vendor.pk}/").status_code == 404
    html = client.get(f"/dasbor/penyedia/{market.kendal_vendor.pk}/").content.decode()
    assert (tile(html, "sales"), tile(html, "expected")) == ("Rp0", "Rp0")
    assert planted["overdue"].number not in html


def test_vendor_sales_by_month_opd_and_status(planted, market: Market) -> None:
    this_year = timezone.localdate().year
    ref = stats_reference()
    owner = market.batang_owner
    sales = vendor_sales(owner, market.batang_vendor, ref, year=this_year)
    month = timezone.localdate().strftime("%Y-%m")
    assert sales["transactions"] == {"count": 4, "value": 4 * ATK}
    assert sales["by_month"] == [{"month": month, "count": 4, "value": 4 * ATK}]
    assert [(r["opd__name"], r["count"], r["value"]) for r in sales["by_opd"]] == [
        ("Dinas Koperasi dan UKM", 4, 4 * ATK)
    ]
    by_kab_kota = [(r["name"], r["value"]) for r in sales["by_kab_kota"]]
    assert by_kab_kota == [("Kabupaten Batang", 4 * ATK)]
    assert {r["status"]: r["count"] for r in sales["statuses"]} == {S.DITAGIH: 2, S.DIBAYAR: 2}
    assert [bill.order_id for bill in sales["expected"]] == [
        planted["overdue"].pk,
        planted["in_time"].pk,
    ]
    assert vendor_sales(owner, market.batang_vendor, ref, year=this_year - 1)["transactions"] == {
        "count": 0,
        "value": 0,
    }


def test_an_order_waiting_for_the_ppk_is_not_a_sale(planted, market: Market) -> None:
    make_order(market, S.MENUNGGU_PERSETUJUAN, the_product(market), 3)
    sales = vendor_sales(market.batang_owner, market.batang_vendor, stats_reference(), year=None)
    assert sales["transactions"]["count"] == 4
    statuses = {r["status"]: r["count"] for r in sales["statuses"]}
    assert statuses[S.MENUNGGU_PERSETUJUAN] == 1  # the vendor sees it coming


def test_late_payments_of_a_scope(planted, market: Market) -> None:
    year = timezone.localdate().year
    batang = late_payments(StatsParams(year=year, kab_kota="33.25"))
    assert (batang.unpaid_count, batang.overdue_count, batang.paid_late_count) == (2, 1, 1)
    assert batang.paid_count == 2
    assert batang.paid_late_percent == 50.0
    assert batang.paid_late_value == ATK
    assert [bill.order_id for bill in batang.overdue] == [planted["overdue"].pk]
    opd = late_payments(StatsParams(year=year, opd_id=market.world.opd_kendal.pk))
    assert (opd.unpaid_count, opd.paid_count) == (0, 0)
    assert late_payments(StatsParams(channel="inaproc")).unpaid_count == 0
    # Paid last year: none of this year's payments.
    assert late_payments(StatsParams(year=year - 1, kab_kota="33.25")).paid_count == 0


def test_below_the_target_and_bad_filters(market: Market) -> None:
    invoiced_order(market, timezone.localdate())  # a vendor of no declared scale
    client = client_for("admin.batang")
    url = f"/dasbor/pemda/{market.world.batang.pk}/"
    html = client.get(url).content.decode()
    assert tile(html, "micro-small") == "0,0 %"
    assert 'data-target-met="no"' in html
    assert tile(client.get(url, {"year": ""}).content.decode(), "value") == "Rp25.000"
    last_year = client.get(url, {"year": timezone.localdate().year - 1}).content.decode()
    assert tile(last_year, "value") == "Rp0"
    for bad in ({"year": "dua ribu"}, {"channel": "lkpp"}, {"year": "9" * 300}):
        response = client.get(url, bad)
        assert response.status_code == 400, bad
        assert 'role="alert"' in response.content.decode()
    assert Order.objects.count() == 1
