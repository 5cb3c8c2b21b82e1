"""On a phone, the PPK rates the vendor of a completed order, the vendor
rates the OPD (both are published then), replies, and the storefront shows
the average, the rating and the reply, without the official's name."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.ratings.models import VendorRating
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.test_role_homes import VIEWPORTS, sign_in

pytestmark = [pytest.mark.browser, TRANSACTIONAL]
__all__ = ["market"]


def _score(page: Page, question: str, score: str) -> None:
    page.get_by_role("group", name=question).get_by_label(score, exact=True).check()


def test_both_sides_rate_on_a_phone_and_the_storefront_shows_it(
    page: Page, live_server, market: Market, artifacts: Path
) -> None:
    order = make_order(market, S.SELESAI, live_product(market))
    page.set_viewport_size(VIEWPORTS["phone"])

    sign_in(page, live_server.url, "ppk.batang", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/")
    page.get_by_role("link", name="Penilaian: PPK menilai penyedia", exact=False).click()
    _score(page, "Kualitas", "5")
    _score(page, "Ketepatan waktu", "4")
    _score(page, "Kesesuaian dengan pesanan", "5")
    page.get_by_label("Komentar (tidak wajib)").fill("Barang rapi, datang sehari terlambat.")
    page.screenshot(path=str(artifacts / "rating-ppk-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_text("Terima kasih: penilaian Anda sudah tercatat.")).to_be_visible()
    expect(page.get_by_text("Belum dipublikasikan")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, live_server.url, "pemilik.vendor", PASSWORD)
    page.goto(f"{live_server.url}/pesanan/{order.pk}/nilai/")
    expect(page.get_by_text("PPK sudah menilai pesanan ini.", exact=False)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("datang sehari terlambat")
    _score(page, "Kejelasan pesanan", "4")
    _score(page, "Kecepatan pembayaran", "5")
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("main")).to_contain_text("datang sehari terlambat")  # published now
    page.get_by_label("Balasan Anda").fill("Terima kasih, pengiriman akan kami percepat.")
    page.get_by_role("button", name="Publikasikan balasan").click()
    expect(page.get_by_text("Balasan Anda sudah dipublikasikan.")).to_be_visible()

    page.goto(f"{live_server.url}/penyedia/{market.batang_vendor.pk}/toko/")
    expect(page.locator("[data-rating]")).to_contain_text("4,7 dari 5, dari 1 penilaian")
    item = page.locator("[data-rating-item]")
    expect(item).to_contain_text(market.world.opd_batang.name)
    expect(item).to_contain_text("pengiriman akan kami percepat")
    expect(item).not_to_contain_text(market.world.user("ppk.batang").get_full_name())
    page.screenshot(path=str(artifacts / "rating-storefront-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert VendorRating.objects.get().published_at is not None
