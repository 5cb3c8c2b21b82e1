"""Anyone, without signing in, reads Blangkon's figures on /transparansi/ on a
desktop and on a phone: the tiles, every chart drawn by the vendored Chart.js
with its table beside it, and a download of one table."""

import re
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

CHARTS = ("category", "kab_kota", "month", "micro_small", "opd", "pdn", "concentration", "vendors")


def plant(market: Market) -> None:
    # Rp100.000 of a domestic product (PDN)
    make_order(market, S.BAST_DITANDATANGANI, live_product(market, is_pdn=True), 4)
    nasi = make_product(market, ProductStatus.TAYANG, data=catering_input())
    make_order(market, S.DIPROSES, nasi, 2)  # Rp70.000
    make_order(market, S.MENUNGGU_PERSETUJUAN, nasi, 9)  # not signed yet: not counted


def drawn_pixels(page: Page, chart: str) -> int:
    """How many pixels of the chart's canvas are not blank."""
    return page.evaluate(
        """id => {
            const canvas = document.getElementById(id);
            const context = canvas.getContext("2d");
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) inked += 1; }
            return inked;
        }""",
        f"chart-{chart}",
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_reads_the_figures(
    page: Page, live_server, market: Market, artifacts: Path, viewport: str
) -> None:
    plant(market)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server.url}/transparansi/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Blangkon dalam angka")
    expect(page.locator('[data-tile="value"]')).to_have_text("Rp170.000")
    expect(page.locator('[data-tile="transacting"]')).to_have_text("1 / 35")
    expect(page.locator("[data-as-of] time")).to_have_count(1)
    # The tile-grid map: 35 squares, Batang the darkest (it bought everything).
    expect(page.locator("[data-map] .tile-map li")).to_have_count(35)
    expect(page.locator('[data-map] li[data-region="33.25"]')).to_have_class(re.compile("shade-4"))
    for chart in CHARTS:
        section = page.locator(f'[data-table="{chart}"]')
        canvas = section.locator(f"canvas#chart-{chart}[data-drawn=true]")
        expect(canvas).to_have_count(1)
        assert canvas.bounding_box()["height"] > 100  # type: ignore[index]
        assert drawn_pixels(page, chart) > 500, chart
        expect(section.locator("table tbody tr").first).to_be_visible()
    category = page.locator('[data-table="category"] table tbody tr')
    expect(category).to_have_count(2)
    expect(category.first).to_contain_text("Rp100.000")
    expect(page.locator('[data-table="kab_kota"] table')).to_contain_text("Kabupaten Batang")
    expect(page.locator('[data-tile="pdn"]')).to_have_text("58,8 %")
    expect(page.locator('[data-table="pdn"] table')).to_contain_text("58,8 %")
    expect(page.locator('[data-table="vendors"] table')).to_contain_text("CV Sumber Rejeki")
    expect(page.locator('[data-table="concentration"] [data-note]')).to_contain_text("HHI 10.000")
    assert not errors, errors  # no CSP refusal, no script error
    page.screenshot(path=str(artifacts / f"transparency-{viewport}.png"), full_page=True)
    width = VIEWPORTS[viewport]["width"]
    wide = page.evaluate(
        """w => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > w)
            .map(e => e.tagName + '.' + e.className + ':' + e.textContent.slice(0, 30))""",
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
    problems = blocking(violations_from(axe_scan(page)))
    assert not problems, report(f"transparency {viewport}", problems)
    # The province's largest totals stay on one line: a break inside the
    # digits ("Rp2.331." over "552.000.000") misreads the amount.
    tile = page.locator('[data-tile="value"]')
    tile.evaluate("e => { e.textContent = 'Rp2.331.552.000.000'; }")
    font = tile.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert tile.bounding_box()["height"] < 1.6 * font  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_filters_and_a_download(page: Page, live_server, market: Market) -> None:
    plant(market)
    page.goto(f"{live_server.url}/transparansi/")
    page.locator("#stats-channel").select_option("inaproc")
    page.locator("form.stats-filters button[type=submit]").click()
    expect(page.locator('[data-tile="value"]')).to_have_text("Rp0")
    expect(page.locator('[data-table="category"] .empty-state')).to_be_visible()
    expect(page.locator('[data-table="category"] canvas')).to_have_count(0)
    # INAPROC's packages carry no PDN information: not known, never 0 %.
    expect(page.locator('[data-tile="pdn"]')).to_have_text("tidak diketahui")
    page.locator("#stats-channel").select_option("blangkon")
    page.locator("form.stats-filters button[type=submit]").click()
    with page.expect_download() as download:
        page.locator('[data-table="category"] a', has_text="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "100000" in text
    assert "70000" in text
