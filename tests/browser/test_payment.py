"""On a phone, the bendahara pays an invoiced order by transfer with a photo
of the receipt; the vendor sees the payment, opens the proof and says the
money arrived."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.core.money import format_rupiah
from blangkon.documents.tests import samples
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.payments.tests.payment_steps import channel_step, invoice_step
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, TRANSACTIONAL]
__all__ = ["market"]


def test_a_transfer_paid_on_a_phone_and_the_money_confirmed(
    page: Page, live_server, market: Market, artifacts: Path, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market, price=12_500), 4)
    order = invoice_step(market, channel_step(PaymentChannel.TRANSFER)(market, order))
    net = format_rupiah(order.invoice.net_to_vendor)
    receipt = tmp_path / "struk.jpg"
    receipt.write_bytes(samples.jpeg())
    page.set_viewport_size(VIEWPORTS["phone"])

    sign_in(page, live_server.url, "bendahara.batang", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/")
    page.get_by_role("link", name="Catat pembayaran").click()
    expect(page.locator("[data-amount]")).to_have_text(net)
    page.get_by_label("Nomor referensi transfer").fill("TRF-20261206-01")
    page.get_by_label("Bukti transfer").set_input_files(str(receipt))
    page.screenshot(path=str(artifacts / "payment-transfer-phone.png"), full_page=True)
    page.get_by_role("button", name="Catat pembayaran").click()

    expect(page.get_by_text("Pembayaran tercatat. Penyedia sudah diberi tahu.")).to_be_visible()
    expect(page.locator("[data-payment]")).to_contain_text("TRF-20261206-01")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.clear_cookies()

    sign_in(page, live_server.url, "pemilik.vendor", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/")
    payment = page.locator("[data-payment]")
    expect(payment).to_contain_text(net)
    href = payment.get_by_role("link", name="struk.jpg").get_attribute("href")
    proof = page.request.get(f"{live_server.url}{href}")  # with the vendor's session
    assert (proof.status, proof.headers["content-type"]) == (200, "image/jpeg")
    page.get_by_role("button", name="Dana sudah diterima").click()

    expect(page.get_by_text("Terima kasih. Pesanan selesai.")).to_be_visible()
    assert Order.objects.get(pk=order.pk).status == S.SELESAI
