"""On a phone, the PPK appoints the PP as the receiver of a shipped order; the
PP records a partial acceptance and sees the value adjusted beside the total."""

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, TRANSACTIONAL]
__all__ = ["market"]


def validation_message(field: Locator) -> str:
    return str(field.evaluate("field => field.validationMessage"))


def test_the_appointed_receiver_accepts_part_of_the_delivery_on_a_phone(
    page: Page, live_server, market: Market, artifacts: Path
) -> None:
    order = make_order(market, S.DIKIRIM, live_product(market, price=12_500), 6)
    page.set_viewport_size(VIEWPORTS["phone"])

    sign_in(page, live_server.url, "ppk.batang", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/penerima/")
    receiver = market.world.user("pp.batang")
    page.get_by_label("Pejabat yang menerima pesanan").select_option(value=str(receiver.pk))
    page.get_by_role("button", name="Simpan penunjukan").click()
    expect(page.get_by_text("Penerima berhasil ditunjuk.")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, live_server.url, "pp.batang", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/terima/")
    received = page.get_by_label("Jumlah Ballpoint hitam (isi 12) yang tiba")
    accepted = page.get_by_label("Jumlah Ballpoint hitam (isi 12) yang diterima baik")
    good = page.get_by_label("Semua barang yang tiba dalam kondisi baik")

    # The browser refuses these before sending them, in the page's language
    # (this Chromium speaks English: "Please select one of these options.").
    received.fill("7")
    accepted.fill("4.5")
    page.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    assert validation_message(received) == "Masukkan 6 atau kurang."
    assert validation_message(accepted) == "Masukkan bilangan bulat."
    assert validation_message(good) == "Pilih salah satu pilihan ini."
    # Picking the other answer of the group lifts the message from the whole group.
    page.get_by_label("Ada barang yang rusak atau tidak sesuai pesanan").check()
    assert validation_message(good) == ""

    received.fill("5")
    accepted.fill("4")
    page.get_by_label("Terlambat").check()
    page.get_by_label("Catatan").fill("1 dos kurang, 1 dos basah")
    page.get_by_label("Terima sebagian", exact=False).check()
    page.screenshot(path=str(artifacts / "order-inspection-phone.png"), full_page=True)
    page.get_by_role("button", name="Simpan hasil pemeriksaan").click()

    expect(page.get_by_text("Hasil pemeriksaan berhasil dicatat.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Rp75.000")  # the total as ordered
    expect(page.locator("main")).to_contain_text("Rp50.000")  # 4 × Rp12.500 accepted
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    order.refresh_from_db()
    assert (order.status, order.accepted_total, order.received_on_time) == (
        S.DITERIMA,
        50_000,
        False,
    )
    assert Order.objects.get(pk=order.pk).receiver_id == receiver.pk


def test_the_ppks_action_cards_line_up_on_a_desktop(
    page: Page, live_server, market: Market
) -> None:
    """After the receipt the PPK has three cards side by side (sign the BAST,
    dispute, send back): they start on one line, not the first higher."""
    order = make_order(market, S.DITERIMA, live_product(market), 1)
    page.set_viewport_size(VIEWPORTS["desktop"])
    sign_in(page, live_server.url, "ppk.batang", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/")
    cards = page.locator("section[aria-labelledby=actions-heading] .card")
    expect(cards).to_have_count(3)
    tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(3)}  # type: ignore[index]
    assert len(tops) == 1, tops
