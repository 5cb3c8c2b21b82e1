"""Every role signs in through the real login page and sees its own home page,
on a desktop and on a 360-pixel phone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD, TRANSACTIONAL, World

ROLE_HEADINGS = [
    ("pp.batang", "Pejabat Pengadaan"),
    ("ppk.batang", "Pejabat Pembuat Komitmen"),
    ("bendahara.batang", "Bendahara"),
    ("admin.opd.batang", "Admin OPD"),
    ("admin.batang", "Admin kab/kota"),
    ("admin.provinsi", "Admin provinsi"),
    ("auditor.provinsi", "Auditor"),
    ("pemilik.vendor", "Pemilik penyedia"),
    ("staf.vendor", "Staf penyedia"),
    ("pendamping.batang", "Pendamping"),
]
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}

pytestmark = [
    pytest.mark.browser,
    TRANSACTIONAL,
]


def open_menu(page: Page) -> None:
    """On a phone the navigation folds behind the menu button: open it."""
    # The menu button is set up by a deferred script, which has run once the
    # DOM is loaded; before that the button's state cannot be read.
    page.wait_for_load_state("domcontentloaded")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    button = nav.get_by_role("button", name="Menu")
    if button.is_visible() and button.get_attribute("aria-expanded") == "false":
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_role_sees_its_home_page(
    page: Page, live_server, world: World, artifacts: Path, viewport: str
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    for username, heading in ROLE_HEADINGS:
        sign_in(page, live_server.url, username, PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        organisation = world.user(username).organisation
        assert organisation is not None
        expect(page.get_by_role("main")).to_contain_text(organisation.name)
        # Nothing may overflow sideways on a phone: the page is as wide as the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], f"{username} page is {width}px wide"
        page.screenshot(path=str(artifacts / f"home-{viewport}-{username}.png"), full_page=True)
        open_menu(page)
        page.get_by_role("button", name="Keluar").click()
        nav = page.get_by_role("navigation", name="Navigasi utama")
        expect(nav.get_by_role("link", name="Masuk")).to_be_visible()


def test_a_wrong_password_shows_the_reason_and_the_switch_to_english_works(
    page: Page, live_server, world: World
) -> None:
    page.set_viewport_size(VIEWPORTS["phone"])
    sign_in(page, live_server.url, "pp.batang", "salah-sekali")
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")
    open_menu(page)  # on a phone the language switch is in the menu
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_menu_links_count_stands_apart_from_its_label_on_a_desktop(
    page: Page, live_server, world: World
) -> None:
    """A link's text and its count badge are flex items: the space between
    them in the markup is dropped, so the link sets a gap of its own."""
    page.set_viewport_size(VIEWPORTS["desktop"])
    sign_in(page, live_server.url, "pp.batang", PASSWORD)
    link = page.get_by_role("navigation", name="Navigasi utama").locator("a[href='/notifikasi/']")
    gap = link.evaluate(
        """link => {
            const range = document.createRange();
            range.selectNodeContents(link.firstChild);
            return link.querySelector('.badge').getBoundingClientRect().left
                - range.getBoundingClientRect().right;
        }"""
    )
    assert gap >= 6, gap
