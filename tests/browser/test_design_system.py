"""The design system's phone behaviour in a real browser at 360 pixels: the menu
button, the filter drawer, the compare bar, stacked tables and the search box's
16-pixel text (smaller text makes iOS zoom in on focus)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.accounts.models import User
from blangkon.catalog.status import ProductStatus
from blangkon.notifications.services import notifications_mark_all_read, notify
from blangkon.search.tests.factories import make_live, make_vendor
from conftest import PASSWORD, TRANSACTIONAL, World
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def _paper_on_sale() -> None:
    batang = make_vendor("CV Batang Kertas", region="33.25", scale="mikro")
    kendal = make_vendor("UD Kendal Jaya", region="33.24", scale="kecil")
    paper = {"category": "kertas-bahan-cetak", "unit": "rim"}
    make_live(batang, "Kertas HVS A4 80 gsm", price=52_000, **paper)
    make_live(kendal, "Kertas HVS A4 70 gsm", price=47_500, **paper)
    make_live(kendal, "Kertas HVS F4 70 gsm", price=51_000, **paper)


def test_the_phone_menu_button_opens_and_closes_the_navigation(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "admin.batang", PASSWORD)
    nav = page.get_by_role("navigation", name="Navigasi utama")
    menu = nav.get_by_role("button", name="Menu")
    curation = nav.get_by_role("link", name="Kurasi produk")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(curation).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 72, header

    menu.focus()
    page.keyboard.press("Enter")  # by keyboard, like a screen-reader user
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(curation).to_be_visible()
    expect(nav.get_by_role("button", name="English")).to_be_visible()
    expect(nav.get_by_role("button", name="Keluar")).to_be_visible()
    page.screenshot(path=str(artifacts / "ui-phone-menu-open.png"))
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(curation).to_be_hidden()

    # A desktop shows the navigation inline and no menu button.
    page.set_viewport_size(VIEWPORTS["desktop"])
    expect(menu).to_be_hidden()
    expect(curation).to_be_visible()


def test_the_folded_phone_menu_shows_the_unread_count_on_its_button(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    admin = User.objects.get(username="admin.batang")
    for path in ("/katalog/", "/akun/"):
        notify(recipients=[admin], code="vendor.submitted", params={"vendor": "CV A"}, url=path)
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "admin.batang", PASSWORD)
    menu = page.get_by_role("navigation", name="Navigasi utama").get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_accessible_name("Menu 2 notifikasi belum dibaca")
    expect(menu.locator("[data-menu-count]")).to_be_visible()
    page.screenshot(path=str(artifacts / "ui-phone-menu-unread.png"))

    # Once read, the button holds no count.
    notifications_mark_all_read(user=admin)
    page.reload()
    expect(menu).to_have_accessible_name("Menu")
    expect(menu.locator("[data-menu-count]")).to_have_count(0)


def test_the_filters_open_in_a_drawer_on_a_phone(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    _paper_on_sale()
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/katalog/?q=kertas")
    kendal = page.locator('a[data-facet="kab_kota"]', has_text="Kendal")
    expect(kendal).to_be_hidden()
    filter_button = page.get_by_role("button", name="Filter", exact=True)
    # The button sits at the top, above the first result.
    button_box = filter_button.bounding_box()
    first_card = page.locator(".product-card").first.bounding_box()
    assert button_box is not None
    assert first_card is not None
    assert button_box["y"] < first_card["y"]

    filter_button.click()
    expect(filter_button).to_have_attribute("aria-expanded", "true")
    expect(kendal).to_be_visible()
    drawer = page.locator("#filters").bounding_box()
    assert drawer is not None
    assert (drawer["x"], drawer["y"], drawer["width"]) == (0, 0, 360)
    page.screenshot(path=str(artifacts / "ui-phone-filter-drawer.png"))
    # The open drawer covers the page: Tab and Shift+Tab go round its controls.
    inside = "() => document.getElementById('filters').contains(document.activeElement)"
    for key in ["Shift+Tab"] * 2 + ["Tab"] * 40:
        page.keyboard.press(key)
        assert page.evaluate(inside), key
    page.get_by_role("button", name="Lihat hasil").click()
    expect(kendal).to_be_hidden()
    expect(filter_button).to_be_focused()

    filter_button.click()
    kendal.click()
    expect(page.locator("#results-heading")).to_have_text("2 produk")


def test_the_compare_bar_appears_when_products_are_picked(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    _paper_on_sale()
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/katalog/?q=kertas")
    bar = page.locator(".action-bar")
    expect(bar).to_be_hidden()
    picked = page.locator(".product-card h3").all_inner_texts()[:2]
    picks = page.get_by_label("Bandingkan")
    picks.nth(0).check()
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("1 produk dipilih")
    picks.nth(1).check()
    expect(bar).to_contain_text("2 produk dipilih")
    # Sticky: on screen while the list goes on below, not after the last card.
    box = bar.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 740 + 1, box
    page.screenshot(path=str(artifacts / "ui-phone-compare-bar.png"))
    bar.get_by_role("button", name="Bandingkan yang dipilih").click()
    expect(page.get_by_role("heading", name="Bandingkan produk")).to_be_visible()
    # Every compared product is on the phone screen's width: none hides sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for name in picked:
        link = page.locator("table.compare").get_by_role("link", name=name)
        link_box = link.bounding_box()
        assert link_box is not None
        assert link_box["x"] + link_box["width"] <= 360
    page.screenshot(path=str(artifacts / "ui-phone-compare.png"), full_page=True)


def test_a_stacked_table_row_shows_its_column_names_on_a_phone(
    page: Page, live_server, world: World, artifacts: Path
) -> None:
    vendor = make_vendor("CV Batang Kertas", region="33.25", scale="mikro")
    make_live(vendor, "Kertas HVS A4 80 gsm", price=52_000, status=ProductStatus.SUBMITTED)
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "admin.batang", PASSWORD)
    page.goto(f"{live_server.url}/produk/kurasi/")
    price = page.locator("table.table-stack tbody tr").first.locator("td[data-label='Harga']")
    expect(price).to_be_visible()
    expect(price).to_contain_text("Rp52.000")
    label = price.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Harga"'
    box = price.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 360
    approve = page.get_by_role("button", name="Setujui", exact=True)
    expect(approve).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "ui-phone-curation-stacked.png"), full_page=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_search_box_text_is_at_least_16_pixels(
    page: Page, live_server, world: World, viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server.url}/katalog/")
    search = page.get_by_role("searchbox", name="Cari produk")
    size = search.evaluate("input => parseFloat(getComputedStyle(input).fontSize)")
    height = search.evaluate("input => input.getBoundingClientRect().height")
    assert size >= 16
    assert height >= 44
