"""From the signed BAST to the ratings, in a real browser, by the people who
do it: the vendor's owner invoices (after reading the tax lines), Batang's
bendahara creates the virtual account and pays it at the bank simulator (the
bank's signed callback, verified like a real bank's), the vendor sees the
order paid and confirms the money arrived, the PPK rates the vendor and the
vendor the OPD; the signed PDFs download and one is checked on the public
verification page. Each on their own browser (own session), on a desktop and
on a phone; a screenshot of every step goes to
test-artifacts/paying-journey/<viewport>/.

The order reaches the signed BAST through the services (the buying journey
is test_order_journey.py)."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.payments.models import Payment
from blangkon.ratings.models import OpdRating, VendorRating
from conftest import TRANSACTIONAL
from tests.browser.test_order_journey import VIEWPORTS, Journey, _label, _person, _status_is

__all__ = ["market"]

pytestmark = [pytest.mark.browser, TRANSACTIONAL]

# The public verification page's address, printed on every PDF under its QR code.
VERIFY_URL = re.compile(r"/verifikasi/([A-Za-z0-9_-]{16,})/")


def _score(page: Page, question: str, score: str) -> None:
    page.get_by_role("group", name=question).get_by_label(score, exact=True).check()


def _pdf(page: Page, url: str) -> bytes:
    """The PDF behind a link, fetched with the page's session."""
    answer = page.request.get(url)
    assert answer.ok, (url, answer.status)
    assert answer.headers["content-type"] == "application/pdf"
    return answer.body()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_from_the_signed_bast_to_the_ratings(
    browser: Browser, live_server, market: Market, artifacts: Path, viewport: str
) -> None:
    market.batang_vendor.npwp = "0123456789012345"
    market.batang_vendor.save(update_fields=["npwp"])
    # Example G1 of docs/domain/taxes.md: PPN and PPh 22 collected by the bendahara.
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market, price=11_100_000))
    folder = artifacts / "paying-journey" / viewport
    folder.mkdir(parents=True, exist_ok=True)
    journey = Journey(folder, VIEWPORTS[viewport]["width"])
    base = live_server.url
    order_url = f"{base}/pesanan/{order.pk}/"

    # The vendor reads the invoice as it would be issued today, then issues it.
    vendor = _person(browser, base, "pemilik.vendor", VIEWPORTS[viewport])
    vendor.goto(order_url)
    _status_is(vendor, S.BAST_DITANDATANGANI)
    vendor.get_by_role("link", name="Terbitkan tagihan").click()
    expect(vendor.get_by_role("heading", name="Terbitkan tagihan", level=1)).to_be_visible()
    lines = vendor.locator("[data-tax-line]")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Rp1.100.000")  # PPN
    expect(lines.nth(1)).to_contain_text("Rp150.000")  # PPh 22, 1.5%
    expect(vendor.locator("[data-invoice-net]")).to_have_text("Rp9.850.000")
    journey.shot(vendor, "invoice-preview")
    vendor.get_by_role("button", name="Terbitkan tagihan").click()
    expect(vendor.locator("[data-invoice-number]")).to_have_text(
        "INV/" + order.number.split("/", 1)[1]
    )
    journey.shot(vendor, "invoice-issued")

    # The bendahara opens the order, creates the VA and pays it at the bank.
    bendahara = _person(browser, base, "bendahara.batang", VIEWPORTS[viewport])
    bendahara.goto(order_url)
    _status_is(bendahara, S.DITAGIH)
    journey.shot(bendahara, "bendahara-order")
    bendahara.get_by_role("link", name="Pembayaran melalui virtual account").click()
    expect(bendahara.locator("main")).to_contain_text("Rp9.850.000")
    bendahara.get_by_role("button", name="Buat nomor VA").click()
    number = bendahara.locator("[data-va-number]")
    expect(number).to_have_text(re.compile(r"^\d{10,}$"))
    va_number = number.inner_text()
    journey.shot(bendahara, "va-created")
    bendahara.get_by_role("link", name="Bayar di simulator bank (demo)").click()
    expect(bendahara.get_by_role("heading", name="Simulator bank", level=1)).to_be_visible()
    bendahara.get_by_label("Nomor VA").fill(va_number)
    journey.shot(bendahara, "bank-simulator")
    bendahara.get_by_role("button", name="Bayar", exact=True).click()
    expect(bendahara.get_by_text("Pembayaran sudah dicatat.", exact=False)).to_be_visible()
    journey.shot(bendahara, "bank-paid")
    bendahara.goto(order_url)
    _status_is(bendahara, S.DIBAYAR)

    # The vendor sees it paid and confirms the money arrived.
    vendor.goto(order_url)
    _status_is(vendor, S.DIBAYAR)
    expect(vendor.locator("[data-payment]")).to_contain_text("Rp9.850.000")
    journey.shot(vendor, "paid")
    vendor.get_by_role("button", name="Dana sudah diterima").click()
    _status_is(vendor, S.SELESAI)
    journey.shot(vendor, "completed")
    payment = Payment.objects.get(order=order)
    assert (payment.channel, payment.amount, payment.reference) == ("va", 9_850_000, va_number)

    # The PPK rates the vendor; the vendor rates the OPD, which publishes both.
    ppk = _person(browser, base, "ppk.batang", VIEWPORTS[viewport])
    ppk.goto(order_url)
    ppk.get_by_role("link", name="Penilaian: PPK menilai penyedia", exact=False).click()
    _score(ppk, "Kualitas", "5")
    _score(ppk, "Ketepatan waktu", "4")
    _score(ppk, "Kesesuaian dengan pesanan", "5")
    ppk.get_by_label("Komentar (tidak wajib)").fill("Barang sesuai, pembayaran lewat VA lancar.")
    journey.shot(ppk, "ppk-rates")
    ppk.get_by_role("button", name="Kirim penilaian").click()
    expect(ppk.get_by_text("Terima kasih: penilaian Anda sudah tercatat.")).to_be_visible()
    vendor.goto(f"{order_url}nilai/")
    _score(vendor, "Kejelasan pesanan", "5")
    _score(vendor, "Kecepatan pembayaran", "5")
    journey.shot(vendor, "vendor-rates")
    vendor.get_by_role("button", name="Kirim penilaian").click()
    expect(vendor.locator("main")).to_contain_text("pembayaran lewat VA lancar")  # published
    journey.shot(vendor, "ratings-published")
    assert VendorRating.objects.get(order=order).published_at is not None
    assert OpdRating.objects.get(order=order).published_at is not None

    # Every signed document downloads as a PDF from the order page.
    vendor.goto(order_url)
    links = vendor.locator("[data-pdf-documents] a")
    expect(links).to_have_count(5)
    journey.shot(vendor, "documents")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    pdfs = {href: _pdf(vendor, f"{base}{href}") for href in hrefs}
    for href, content in pdfs.items():
        assert content.startswith(b"%PDF"), href
    kuitansi = pdfs[f"/pesanan/{order.pk}/dokumen/kuitansi.pdf"]

    # Anyone checks the kuitansi on the public page its QR code points to.
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(kuitansi)).pages)
    found = VERIFY_URL.search(text.replace("\n", ""))
    assert found, "the kuitansi prints its verification address"
    visitor = browser.new_context(viewport=VIEWPORTS[viewport]).new_page()
    visitor.goto(f"{base}/verifikasi/{found.group(1)}/")
    expect(visitor.get_by_role("heading", name="Verifikasi dokumen", level=1)).to_be_visible()
    expect(visitor.locator("[data-sha256]")).to_have_text(hashlib.sha256(kuitansi).hexdigest())
    expect(visitor.locator("[data-number]")).to_have_text(f"KW/{order.number}")
    expect(visitor.locator("main")).to_contain_text(_label(S.SELESAI))
    journey.shot(visitor, "verification")
    assert Order.objects.get(pk=order.pk).status == S.SELESAI
