"""The demo data and demo accounts for browser tests that look at pages as
`make run` shows them (test_accessibility.py, test_keyboard.py)."""

import io

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page

from blangkon.accounts.models import User
from blangkon.catalog.product_selectors import products_for_curator
from blangkon.catalog.services import product_approve, product_request_revision
from blangkon.catalog.status import ProductStatus


def seed_demo() -> None:
    """`manage.py seed_demo --scale small` (under a second on an empty database),
    then a curator's day, so the audit log has rows to show: the seed writes none."""
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    curator = User.objects.get(username="admin.batang")
    waiting = products_for_curator(user=curator).filter(status=ProductStatus.SUBMITTED)
    first, second, third = waiting.order_by("pk")[:3]
    for product in (first, second):
        product_approve(actor=curator, product_id=product.pk, ip_address="127.0.0.1")
    product_request_revision(
        actor=curator,
        product_id=third.pk,
        reason="Foto produk buram; unggah foto yang lebih jelas.",
        ip_address="127.0.0.1",
    )


def sign_in_as(page: Page, base_url: str, username: str) -> None:
    """A session for a demo account, set as the browser's cookie. The sign-in
    page itself is tested in test_role_homes.py and test_sign_in_security.py;
    here it would only add a round trip and count towards the sign-in throttle."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
