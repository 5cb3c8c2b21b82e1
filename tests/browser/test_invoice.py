"""The vendor issues the invoice of an order with a signed BAST (example G1
of docs/domain/taxes.md) after reading its tax lines, and the OPD's bendahara
reads it; on a phone, checked with axe."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS, sign_in

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def _phone(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    sign_in(page, base_url, username, PASSWORD)
    return page


def _fits_and_passes_axe(page: Page, title: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    problems = blocking(violations_from(axe_scan(page)))
    assert not problems, report(title, problems)


def test_the_vendor_issues_the_invoice_and_the_bendahara_reads_it(
    browser: Browser, live_server, market: Market, artifacts: Path
) -> None:
    market.batang_vendor.npwp = "0123456789012345"
    market.batang_vendor.save(update_fields=["npwp"])
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market, price=11_100_000))
    base = live_server.url

    vendor = _phone(browser, base, "pemilik.vendor")
    vendor.goto(f"{base}/pesanan/{order.pk}/")
    vendor.get_by_role("link", name="Terbitkan tagihan").click()
    expect(vendor.get_by_role("heading", name="Terbitkan tagihan", level=1)).to_be_visible()
    lines = vendor.locator("[data-tax-line]")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Rp1.100.000")  # PPN, collected by the bendahara
    expect(lines.nth(1)).to_contain_text("Rp150.000")  # PPh 22 1,5%
    expect(vendor.locator("[data-invoice-net]")).to_have_text("Rp9.850.000")
    vendor.screenshot(path=str(artifacts / "invoice-issue-phone.png"), full_page=True)
    _fits_and_passes_axe(vendor, "issue the invoice")
    vendor.get_by_role("button", name="Terbitkan tagihan").click()
    expect(vendor.locator("[data-invoice-number]")).to_have_text(
        "INV/" + order.number.split("/", 1)[1]
    )

    bendahara = _phone(browser, base, "bendahara.batang")
    bendahara.goto(f"{base}/pesanan/{order.pk}/")
    bendahara.get_by_role("link", name="Lihat tagihan").click()
    expect(bendahara.locator("[data-invoice-price]")).to_have_text("Rp11.100.000")
    expect(bendahara.locator("[data-invoice-dpp]")).to_have_text("Rp10.000.000")
    expect(bendahara.locator("[data-invoice-withheld]")).to_have_text("Rp1.250.000")
    expect(bendahara.locator("[data-invoice-net]")).to_have_text("Rp9.850.000")
    expect(bendahara.locator("[data-remittances]")).to_contain_text("Rp1.250.000")
    bendahara.screenshot(path=str(artifacts / "invoice-phone.png"), full_page=True)
    _fits_and_passes_axe(bendahara, "the invoice")
