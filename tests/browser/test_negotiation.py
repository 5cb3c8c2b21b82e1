"""On a phone, a PP proposes a lower price and a delivery cost for a draft
order; the vendor accepts, and the order holds the agreed terms."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus
from blangkon.orders.tests.order_factories import live_product, make_order
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS, sign_in

__all__ = ["market"]  # the fixture, imported for this test
pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_buyer_negotiates_a_draft_and_the_vendor_accepts_on_a_phone(
    page: Page, browser: Browser, live_server, market: Market, artifacts: Path
) -> None:
    order = make_order(market, OrderStatus.DRAFT, live_product(market), 4)  # 4 × Rp25.000
    url = f"{live_server.url}/pesanan/{order.pk}/negosiasi/"

    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "pp.batang", PASSWORD)
    page.goto(url)
    expect(page.get_by_role("heading", name="Negosiasi", level=1)).to_be_visible()
    _no_serious_accessibility_problem(page)
    page.get_by_label("Harga satuan").fill("22000")
    page.get_by_label("Ongkos kirim (rupiah bulat)").fill("10000")
    page.get_by_role("button", name="Kirim penawaran").click()
    expect(page.get_by_text("Penawaran telah dikirim ke penyedia.")).to_be_visible()
    expect(page.get_by_text("Menunggu jawaban penyedia.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Rp98.000")  # 4 × 22.000 + 10.000
    expect(page.get_by_role("button", name="Kirim penawaran")).to_have_count(0)
    page.screenshot(path=str(artifacts / "negotiation-phone-buyer.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    vendor = browser.new_page(viewport=VIEWPORTS["phone"])
    sign_in(vendor, live_server.url, "pemilik.vendor", PASSWORD)
    vendor.goto(url)
    _no_serious_accessibility_problem(vendor)  # the counter-offer form and the accept button
    vendor.get_by_role("button", name="Terima penawaran terakhir").click()
    expect(vendor.get_by_text("Penawaran diterima")).to_be_visible()
    expect(vendor.locator("main")).to_contain_text("Disepakati")
    expect(vendor.locator("main")).to_contain_text("Rp98.000")
    vendor.screenshot(path=str(artifacts / "negotiation-phone-vendor.png"), full_page=True)
    assert vendor.evaluate("document.documentElement.scrollWidth") <= 360
    vendor.close()

    order.refresh_from_db()
    assert (order.total, order.delivery_cost) == (98_000, 10_000)
    assert order.lines.get().unit_price == 22_000


def _no_serious_accessibility_problem(page: Page) -> None:
    serious = blocking(violations_from(axe_scan(page)))
    assert not serious, report("the negotiation page", serious)
