"""Anyone, without signing in, reads the register of transactions on a
desktop and on a phone (where every row is a card), narrows it with the
filters, and finds the open-data page from it."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, catering_input, make_product, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from conftest import TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_reads_and_filters_the_register(
    page: Page, live_server, market: Market, artifacts: Path, viewport: str
) -> None:
    atk = make_order(market, S.BAST_DITANDATANGANI, live_product(market), 4)  # Rp100.000
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    catering = make_order(market, S.DIPROSES, nasi, 2)  # Rp70.000
    make_order(market, S.MENUNGGU_PERSETUJUAN, nasi, 9)  # not signed: not in the register
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server.url}/transparansi/")
    page.locator("[data-register-link] a").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Register transaksi")
    rows = page.locator("[data-register] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(catering.number)  # the newest signature first
    expect(rows.first).to_contain_text("Rp70.000")
    expect(rows.nth(1)).to_contain_text("Rp100.000")
    expect(page.locator("[data-count]")).to_contain_text("2 transaksi")
    if viewport == "phone":
        # A card: the header row is hidden, each cell shows its column's name.
        expect(page.locator("[data-register] thead")).not_to_be_in_viewport()
        box = rows.first.bounding_box()
        assert box is not None
        assert box["height"] > 200
    page.screenshot(path=str(artifacts / f"register-{viewport}.png"), full_page=True)
    width = VIEWPORTS[viewport]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    problems = blocking(violations_from(axe_scan(page)))
    assert not problems, report(f"register {viewport}", problems)

    page.locator("#register-category").select_option("atk")
    page.locator("form.register-filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(atk.number)
    page.locator("#register-q").fill("tidak ada barang seperti ini")
    page.locator("form.register-filters button[type=submit]").click()
    expect(page.locator(".empty-state")).to_be_visible()

    page.get_by_role("link", name="Data terbuka").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data terbuka")
    expect(page.locator("[data-policy]")).to_contain_text("CC BY 4.0")
    page.screenshot(path=str(artifacts / f"open-data-{viewport}.png"), full_page=True)
    assert not errors, errors
