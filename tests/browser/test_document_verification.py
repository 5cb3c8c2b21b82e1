"""Anyone, on a phone and without signing in, opens the page a Surat
Pesanan's QR code points at, reads its fingerprint and checks a copy."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.paperwork.models import PaperKind
from blangkon.paperwork.services import document_issue
from conftest import TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, violations_from
from tests.browser.test_role_homes import VIEWPORTS

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def test_a_visitor_checks_a_surat_pesanan_on_a_phone(
    page: Page, live_server, artifacts: Path, market: Market
) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market, price=47_500))
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    pdf = bytes(document.content)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/verifikasi/{document.code}/")
    expect(page.get_by_role("heading", name="Verifikasi dokumen", level=1)).to_be_visible()
    expect(page.locator("[data-sha256]")).to_have_text(hashlib.sha256(pdf).hexdigest())
    expect(page.locator("[data-number]")).to_have_text(f"SP/{order.number}")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    problems = blocking(violations_from(axe_scan(page)))
    assert not problems, report("document verification", problems)

    page.get_by_label("PDF yang Anda terima").set_input_files(
        {"name": "sp.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("[data-match]")).to_have_attribute("data-match", "yes")
    page.screenshot(path=str(artifacts / "document-verification-phone.png"), full_page=True)

    page.get_by_label("Atau sidik jari SHA-256-nya").fill("0" * 64)
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator("[data-match]")).to_have_attribute("data-match", "no")
