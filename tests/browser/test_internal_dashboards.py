"""A kab/kota admin and a vendor owner sign in and open their dashboard from
the navigation, on a desktop and on a phone: their own figures, no page
wider than the screen, no serious accessibility problem (axe)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.transparency.tests.test_internal import plant
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS, open_menu, sign_in

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def open_dashboard(page: Page, base_url: str, username: str) -> None:
    sign_in(page, base_url, username, PASSWORD)
    open_menu(page)
    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("link", name="Dasbor", exact=True).click()


def check_the_page(page: Page, artifacts: Path, name: str, viewport: str) -> None:
    page.screenshot(path=str(artifacts / f"dashboard-{name}-{viewport}.png"), full_page=True)
    width = VIEWPORTS[viewport]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    problems = blocking(violations_from(axe_scan(page)))
    assert not problems, report(f"dashboard {name} {viewport}", problems)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_kab_kota_admin_reads_their_dashboard(
    page: Page, live_server, market: Market, artifacts: Path, viewport: str
) -> None:
    orders = plant(market)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(VIEWPORTS[viewport])
    open_dashboard(page, live_server.url, "admin.batang")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor: Pemerintah Kabupaten Batang")
    expect(page.locator('[data-tile="value"]')).to_have_text("Rp100.000")
    expect(page.locator('[data-tile="micro-small"]')).to_have_text("100,0 %")
    expect(page.locator('[data-tile="overdue"]')).to_have_text("1")
    expect(page.locator('[data-table="overdue"] tbody tr')).to_have_count(1)
    expect(page.locator('[data-table="overdue"]')).to_contain_text(orders["overdue"].number)
    expect(page.locator('[data-table="month"] tbody tr')).to_have_count(1)
    # The queues' counts lead to the queues.
    page.locator('[data-section="queues"] a').first.click()
    expect(page).to_have_url(f"{live_server.url}/penyedia/verifikasi/?status=submitted")
    page.go_back()
    assert not errors, errors
    check_the_page(page, artifacts, "kab-kota", viewport)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_vendor_reads_its_sales(
    page: Page, live_server, market: Market, artifacts: Path, viewport: str
) -> None:
    orders = plant(market)
    page.set_viewport_size(VIEWPORTS[viewport])
    open_dashboard(page, live_server.url, "pemilik.vendor")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor penjualan: CV Sumber Rejeki")
    expect(page.locator('[data-tile="sales"]')).to_have_text("Rp100.000")
    expect(page.locator('[data-tile="expected"]')).to_have_text("Rp49.663")
    expected = page.locator('[data-table="expected"] tbody tr')
    expect(expected).to_have_count(2)
    expect(expected.first).to_contain_text(orders["overdue"].number)
    expect(expected.first).to_contain_text("Rp24.663")
    expect(page.locator('[data-table="status"] tbody tr')).to_have_count(2)
    check_the_page(page, artifacts, "vendor", viewport)
