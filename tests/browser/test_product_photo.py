"""A visitor opens a product's photo on its own (tapping it on the product
page): the browser shows it in a page of its own, and nothing is refused."""

import pytest
from playwright.sync_api import Page

from blangkon.documents.tests.factories import product_image_for, vendor_for
from conftest import TRANSACTIONAL, World
from tests.browser.test_role_homes import VIEWPORTS

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_photo_opened_on_its_own_shows_without_a_refusal(
    page: Page, live_server, world: World
) -> None:
    vendor = vendor_for(world.vendor, status="verified")
    image = product_image_for(vendor, uploader=world.user("pemilik.vendor"), status="tayang")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size(VIEWPORTS["phone"])

    response = page.goto(f"{live_server.url}/berkas/{image.file.pk}/")

    assert response is not None
    assert response.status == 200
    width = page.evaluate("document.images.length && document.images[0].naturalWidth")
    assert width > 0  # the image itself loaded, in the browser's own page
    assert not errors, errors  # the site's policy used to refuse that page's inline styles
