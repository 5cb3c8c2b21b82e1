"""On a 360-pixel phone, an owner finds their API tokens from the home page,
reads when each was made, expires and was last used, and revokes one."""

import pytest
from playwright.sync_api import Page, expect

from blangkon.accounts.services import api_token_issue
from conftest import PASSWORD, TRANSACTIONAL, World
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [
    pytest.mark.browser,
    TRANSACTIONAL,
]


def test_an_owner_revokes_a_token_on_a_phone(page: Page, live_server, world: World) -> None:
    phone = VIEWPORTS["phone"]
    page.set_viewport_size(phone)
    token, _raw = api_token_issue(user=world.user("pemilik.vendor"))
    sign_in(page, live_server.url, "pemilik.vendor", PASSWORD)

    page.get_by_role("link", name="Keamanan masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keamanan masuk")
    card = page.get_by_role("listitem").filter(has_text=token.prefix)
    expect(card).to_contain_text("Berlaku sampai")
    expect(card).to_contain_text("belum pernah")
    assert page.evaluate("document.documentElement.scrollWidth") <= phone["width"]

    card.get_by_role("button", name=f"Cabut {token.prefix}").click()
    expect(page.get_by_role("status")).to_contain_text("telah dicabut")
    expect(page.get_by_text("Anda tidak memiliki token API yang aktif.")).to_be_visible()
