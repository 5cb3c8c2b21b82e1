"""Search, compare and a form, with the keyboard only: Tab, Space and Enter,
never a click. Elements are found by their role and Indonesian name (the
default language, from locale/id/LC_MESSAGES/django.po)."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import TRANSACTIONAL
from tests.browser.demo_session import seed_demo, sign_in_as
from tests.browser.main_pages import VIEWPORTS

pytestmark = [pytest.mark.browser, TRANSACTIONAL]

# Enough for the catalog page, whose filter links come before the results.
MOST_TABS = 250

DESCRIBE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(body)';
    const name = el.getAttribute('aria-label') || el.name || el.textContent.trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${name}`;
}"""


@pytest.fixture
def demo() -> None:
    seed_demo()


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, target: Locator, *, most: int = MOST_TABS) -> list[str]:
    """Press Tab until `target` has the focus; the elements passed on the way."""
    passed: list[str] = []
    for _ in range(most):
        if is_focused(target):
            return passed
        page.keyboard.press("Tab")
        passed.append(page.evaluate(DESCRIBE_FOCUS))
    if is_focused(target):
        return passed
    raise AssertionError(
        f"{most} presses of Tab never reached {target}; the last ones: {passed[-15:]}"
    )


def test_a_buyer_searches_with_the_keyboard(page: Page, live_server, demo: None) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in_as(page, live_server.url, "pp.batang")
    page.goto(f"{live_server.url}/katalog/")

    search = page.get_by_role("searchbox", name="Cari produk")
    tab_to(page, search)
    page.keyboard.type("kertas")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]q=kertas"))
    expect(page.locator(".product-card").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("kertas", re.IGNORECASE)).first).to_be_visible()


def test_a_buyer_compares_two_products_with_the_keyboard(
    page: Page, live_server, demo: None
) -> None:
    page.set_viewport_size(VIEWPORTS["desktop"])
    sign_in_as(page, live_server.url, "pp.batang")
    page.goto(f"{live_server.url}/katalog/?q=kertas")
    picks = page.get_by_role("checkbox", name="Bandingkan")
    names = [
        card.get_by_role("heading").inner_text() for card in page.locator(".product-card").all()[:2]
    ]

    for pick in (picks.nth(0), picks.nth(1)):
        tab_to(page, pick)
        page.keyboard.press("Space")
        expect(pick).to_be_checked()
    tab_to(page, page.get_by_role("button", name=re.compile("^Bandingkan yang dipilih")))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Bandingkan produk")).to_be_visible()
    table = page.get_by_role("table")
    for name in names:
        expect(table).to_contain_text(name)


@pytest.fixture
def product_form(page: Page, live_server, demo: None) -> Page:
    """A vendor owner's empty new-product form, on a phone."""
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in_as(page, live_server.url, "pemilik.vendor")
    page.goto(f"{live_server.url}/produk/saya/baru/")
    return page


def test_tab_reaches_every_field_of_a_form_in_order_then_its_submit_button(
    product_form: Page,
) -> None:
    page = product_form
    form = page.locator("main form").filter(has=page.get_by_role("button", name="Simpan"))
    fields = form.locator("input:visible, select:visible, textarea:visible")
    field_ids = [field.get_attribute("id") for field in fields.all()]
    assert field_ids, "the form has no visible fields"

    passed = tab_to(page, form.get_by_role("button", name="Simpan"))

    reached = [entry.split(" ")[0].partition("#")[2] for entry in passed]
    in_form = [item for item in reached if item in field_ids]
    assert in_form == field_ids, f"Tab visits the fields as {in_form}, not {field_ids}"


def test_submitting_a_form_by_keyboard_shows_its_errors(product_form: Page) -> None:
    page = product_form
    tab_to(page, page.get_by_role("button", name="Simpan"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile("/produk/saya/baru/$"))
    expect(page.locator(".field-error").first).to_be_visible()


def test_a_field_in_error_is_described_by_its_message(product_form: Page) -> None:
    page = product_form
    tab_to(page, page.get_by_role("button", name="Simpan"))
    page.keyboard.press("Enter")

    expect(page.locator(".field-error").first).to_be_visible()
    # Each field with an error says so to a screen reader, not only in red.
    for field in page.locator(".field-error").all():
        control = field.locator("input, select, textarea").first
        message = field.locator(".error").first
        expect(message).to_be_visible()
        expect(control).to_have_accessible_description(re.compile(re.escape(message.inner_text())))


def test_an_error_summary_link_moves_the_focus_to_its_field(product_form: Page) -> None:
    page = product_form
    tab_to(page, page.get_by_role("button", name="Simpan"))
    page.keyboard.press("Enter")

    links = page.locator(".error-summary a[href^='#']")
    expect(links.first).to_be_visible()
    first = links.first
    field_id = (first.get_attribute("href") or "#")[1:]
    tab_to(page, first)
    page.keyboard.press("Enter")

    assert is_focused(page.locator(f"[id='{field_id}']")), (
        f"following the summary's link to #{field_id} left the focus on "
        f"{page.evaluate(DESCRIBE_FOCUS)}"
    )
