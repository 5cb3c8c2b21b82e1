"""From the catalog to the signed BAST, in a real browser, by the three people
who do it: the PP of Batang's secretariat buys, its PPK approves, receives and
signs, and the vendor's owner accepts, ships and signs. Each on their own
browser (own session), on a desktop and on a phone; a screenshot of every step
goes to test-artifacts/order-journey/<viewport>/."""

from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, ViewportSize, expect

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.search.tests.factories import make_live
from conftest import PASSWORD, TRANSACTIONAL
from tests.browser.test_role_homes import sign_in

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]

VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}


def _label(status: str) -> str:
    with translation.override("id"):
        return str(S(status).label)


class Journey:
    """Screenshots numbered in the order they were taken."""

    def __init__(self, folder: Path, width: int) -> None:
        self.folder, self.width, self.count = folder, width, 0

    def shot(self, page: Page, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)
        # Nothing on the page is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= self.width


def _person(browser: Browser, base_url: str, username: str, viewport: ViewportSize) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    sign_in(page, base_url, username, PASSWORD)
    return page


def _status_is(page: Page, status: str) -> None:
    expect(page.locator("[data-order-status]")).to_have_text(_label(status))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_from_the_catalog_to_the_signed_bast(
    browser: Browser, live_server, market: Market, artifacts: Path, viewport: str
) -> None:
    make_live(
        market.batang_vendor,
        "Kertas HVS A4 80 gsm",
        price=52_000,
        category="kertas-bahan-cetak",
        unit="rim",
    )
    folder = artifacts / "order-journey" / viewport
    folder.mkdir(parents=True, exist_ok=True)
    journey = Journey(folder, VIEWPORTS[viewport]["width"])
    base = live_server.url

    # The PP finds the paper, puts three reams in the cart and checks out.
    pp = _person(browser, base, "pp.batang", VIEWPORTS[viewport])
    pp.goto(f"{base}/katalog/?q=kertas")
    card = pp.locator(".product-card").filter(has_text="Kertas HVS A4 80 gsm")
    card.get_by_label("Jumlah").fill("3")
    card.get_by_role("button", name="Tambah ke keranjang").click()
    expect(card.get_by_text("Ditambahkan ke keranjang.")).to_be_visible()
    journey.shot(pp, "search")
    pp.goto(f"{base}/keranjang/")
    journey.shot(pp, "cart")
    pp.get_by_role("link", name="Lanjut ke pemesanan").click()
    expect(pp.get_by_role("heading", level=1)).to_contain_text("Pesanan dari")
    expect(pp.locator("main")).to_contain_text("Rp156.000")
    pp.get_by_label("Kode rekening anggaran").fill("5.1.02.01.01.0024")
    pp.get_by_label("Sumber dana").select_option("APBD")
    pp.get_by_label("Tanggal kedatangan yang diminta").fill("2099-01-15")
    journey.shot(pp, "checkout")
    pp.get_by_role("button", name="Buat draf pesanan").click()
    _status_is(pp, S.DRAFT)
    order_url = pp.url
    journey.shot(pp, "draft")
    pp.get_by_role("button", name="Ajukan untuk persetujuan").click()
    _status_is(pp, S.MENUNGGU_PERSETUJUAN)
    expect(pp.get_by_role("heading", level=1)).to_contain_text("BLK/")
    journey.shot(pp, "submitted")

    # The PPK approves and signs the Surat Pesanan.
    ppk = _person(browser, base, "ppk.batang", VIEWPORTS[viewport])
    ppk.goto(order_url)
    ppk.get_by_role("button", name="Setujui dan tandatangani").click()
    _status_is(ppk, S.MENUNGGU_KONFIRMASI)
    journey.shot(ppk, "approved")

    # The vendor accepts, then delivers it itself.
    vendor = _person(browser, base, "pemilik.vendor", VIEWPORTS[viewport])
    vendor.goto(order_url)
    vendor.get_by_role("button", name="Terima", exact=True).click()
    _status_is(vendor, S.DIPROSES)
    vendor.get_by_label("Kami antar sendiri (tanpa kurir)").check()
    journey.shot(vendor, "accepted")
    vendor.get_by_role("button", name="Tandai sudah dikirim").click()
    _status_is(vendor, S.DIKIRIM)
    journey.shot(vendor, "shipped")

    # The PPK receives everything in good condition and signs the BAST.
    ppk.goto(order_url)
    expect(ppk.get_by_label("Diterima dari Kertas HVS A4 80 gsm", exact=False)).to_have_value("3")
    # Nothing is answered beforehand: the PPK chooses the condition and the timeliness.
    ppk.get_by_label("Semua barang yang tiba dalam kondisi baik").check()
    ppk.get_by_label("Tiba sesuai tanggal yang diminta").check()
    journey.shot(ppk, "inspection")
    ppk.get_by_role("button", name="Catat penerimaan").click()
    _status_is(ppk, S.DITERIMA)
    ppk.get_by_role("button", name="Tandatangani BAST").click()
    expect(ppk.locator("main")).to_contain_text("ditandatangani oleh PPK")
    journey.shot(ppk, "ppk-signed")

    # The vendor signs too: the BAST is complete.
    vendor.goto(order_url)
    vendor.get_by_role("button", name="Tandatangani BAST").click()
    _status_is(vendor, S.BAST_DITANDATANGANI)
    journey.shot(vendor, "bast-signed")
    vendor.get_by_role("link", name="BAST (berita acara serah terima)").click()
    expect(vendor.locator("[data-bast-status]")).to_have_text("Ditandatangani kedua pihak")
    expect(vendor.locator("main")).to_contain_text("Rp156.000")
    journey.shot(vendor, "bast")
