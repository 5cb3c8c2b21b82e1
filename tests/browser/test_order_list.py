"""A PPK on a phone opens the orders from the menu, finds the order waiting
for their signature in its queue, reads its row as a card and opens it."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS, open_menu, sign_in

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_ppk_finds_the_order_to_approve_on_a_phone(
    page: Page, live_server, market: Market, artifacts: Path
) -> None:
    product = live_product(market)
    waiting = make_order(market, S.MENUNGGU_PERSETUJUAN, product, 4)
    make_order(market, S.DIKIRIM, product)

    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "ppk.batang", PASSWORD)
    expect(page.locator("[data-orders-waiting]")).to_contain_text("2 pesanan menunggu Anda")
    open_menu(page)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Pesanan", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Pesanan", level=1)).to_be_visible()
    expect(page.locator("tr[data-order]")).to_have_count(2)

    # On a phone the filters wait behind a button.
    page.get_by_role("button", name="Filter", exact=True).first.click()
    filters = page.locator("#order-filters")
    filters.get_by_label("Status").select_option(label="Dikirim")
    filters.get_by_role("button", name="Filter", exact=True).click()
    expect(page.locator("tr[data-order]")).to_have_count(1)
    expect(page.locator("tr[data-order]").first).not_to_contain_text(waiting.number)

    page.locator('[data-queue="persetujuan"] a').click()
    expect(page.locator('[data-queue="persetujuan"] [aria-current="page"]')).to_contain_text(
        "Untuk disetujui"
    )
    rows = page.locator("tr[data-order]")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text(waiting.number)
    expect(row).to_contain_text("CV Sumber Rejeki")
    expect(row).to_contain_text("Rp100.000")
    expect(row).to_contain_text("hari kerja lagi")
    # A card on a phone: each cell names its column.
    status = row.locator('td[data-label="Status"]')
    assert status.evaluate("cell => getComputedStyle(cell).display") == "grid"
    page.screenshot(path=str(artifacts / "order-list-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    found = blocking(violations_from(axe_scan(page)))
    assert not found, report("/pesanan/?queue=persetujuan", found)

    row.get_by_role("link", name=waiting.number).click()
    expect(page.get_by_role("heading", name=waiting.number, level=1)).to_be_visible()
