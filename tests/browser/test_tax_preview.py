"""Anyone, on a phone and without signing in, previews the taxes of a payment
(docs/domain/taxes.md, example C3) and reads what reaches the vendor."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_visitor_previews_a_caterers_taxes_on_a_phone(
    page: Page, live_server, artifacts: Path
) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/pajak/simulasi/")
    expect(page.get_by_role("heading", name="Simulasi pajak", level=1)).to_be_visible()

    page.get_by_label("Tanggal pembayaran").fill("2025-06-02")
    page.get_by_label("Harga termasuk pajak (Rp)").fill("Rp 10.000.000")
    page.get_by_label("Kelas pajak").select_option("catering")
    page.get_by_label("Penyedia", exact=True).select_option("perorangan")
    page.get_by_label("NIK penyedia valid sebagai NPWP di sistem DJP").check()
    page.get_by_label("Katering terdaftar PBJT (PBJT termasuk dalam harga)").check()
    page.get_by_role("button", name="Hitung").click()

    result = page.locator("section.card", has=page.get_by_role("heading", name="Hasil"))
    expect(result).to_contain_text("Rp9.772.727")  # what reaches the vendor
    lines = result.locator("table.table-stack tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Rp909.091")  # PBJT, the caterer's own
    expect(lines.nth(1)).to_contain_text("Rp227.273")  # PPh 21, half up
    expect(lines.nth(1)).to_contain_text("2,5%")
    page.screenshot(path=str(artifacts / "tax-preview-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    problems = blocking(violations_from(axe_scan(page)))
    assert not problems, report("tax preview", problems)


def test_a_wrong_price_is_explained_above_the_form(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/pajak/simulasi/")
    page.get_by_label("Harga termasuk pajak (Rp)").fill("45,000")
    page.get_by_role("button", name="Hitung").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("titik")
    expect(page.get_by_role("heading", name="Hasil")).to_have_count(0)
