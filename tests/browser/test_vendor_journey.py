"""The whole vendor journey on a 360-pixel phone, through the real pages.

A perorangan vendor registers and uploads her documents, the kab/kota admin
approves her, she lists one product and bulk-uploads three more, the curator
approves all four and the public sees them on her storefront, without her NIK,
bank account or phone. Every page must fit the phone's width; a full-page
screenshot of each step is kept in test-artifacts/.

Buttons are found by their Indonesian names (the default language, from
locale/id/LC_MESSAGES/django.po); fields by their name attribute. Outcomes are
checked in the database where wording would otherwise be asserted.
"""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageDraw
from playwright.sync_api import Page, Response, ViewportSize, expect

from blangkon.catalog.bulk.columns import DATA_SHEET_TITLE, INDEX
from blangkon.catalog.models import BulkUpload, Product
from blangkon.catalog.status import ProductStatus
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus
from conftest import PASSWORD, TRANSACTIONAL, World
from tests.browser.test_role_homes import open_menu

pytestmark = [
    pytest.mark.browser,
    TRANSACTIONAL,
]

PHONE: ViewportSize = {"width": 360, "height": 740}

# The vendor: a woman born 12 July 1985 whose KTP was issued in Batang
# (332501), so the NIK's day is 12 + 40 = 52. Since 2024 her NIK is her NPWP.
BUSINESS_NAME = "Batik Tulis Bu Ratna"
FULL_NAME = "Ratna Wulandari"
USERNAME = "ratna.batik"
VENDOR_PASSWORD = "Batik-Batang-1985"
NIK = "3325015207850003"
PHONE_NUMBER = "081234567890"
ACCOUNT_NUMBER = "002301000123567"

FIRST_PRODUCT = ("BTK-001", "Map Dokumen Kain Batik")
BULK_PRODUCTS = [
    ("BTK-002", "Pembatas Buku Batik", 12_000),
    ("BTK-003", "Sampul Agenda Batik", 45_000),
    ("BTK-004", "Tempat Pulpen Batik", 30_000),
]
ALL_NAMES = [FIRST_PRODUCT[1], *(name for _sku, name, _price in BULK_PRODUCTS)]


class Journey:
    """The browser, the screenshots, and the checks every page gets."""

    def __init__(self, page: Page, base_url: str, artifacts: Path) -> None:
        self.page = page
        self.base_url = base_url
        self.artifacts = artifacts
        self.server_errors: list[str] = []
        self.shots = 0
        page.on("response", self._note_server_error)

    def _note_server_error(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")
        self.check()

    def check(self) -> None:
        """No server error so far, and the loaded page is no wider than the phone."""
        self.page.wait_for_load_state("load")  # measured with its stylesheet applied
        assert not self.server_errors, self.server_errors
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{self.page.url} is {width}px wide on a phone"

    def shot(self, name: str) -> None:
        self.check()
        self.shots += 1
        path = self.artifacts / f"journey-{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def sign_in(self, username: str, password: str) -> None:
        self.goto("/akun/masuk/")
        self.page.get_by_label("Nama pengguna").fill(username)
        self.page.get_by_label("Kata sandi", exact=True).fill(password)
        self.page.get_by_role("button", name="Masuk").click()
        # Signed in: the sign-out button is there (behind the menu on a phone).
        expect(self.page.locator(".nav-tools button", has_text="Keluar")).to_be_attached()
        self.check()

    def sign_out(self) -> None:
        open_menu(self.page)
        self.page.get_by_role("button", name="Keluar").click()
        nav = self.page.get_by_role("navigation", name="Navigasi utama")
        expect(nav.get_by_role("link", name="Masuk")).to_be_visible()

    def nav(self, name: str) -> None:
        """Follow a link of the main navigation."""
        open_menu(self.page)
        link = self.page.get_by_role("navigation", name="Navigasi utama").get_by_role(
            "link", name=name
        )
        with self.page.expect_navigation():
            link.click()
        self.check()

    def submit(self, form: str, button: str | None = None) -> None:
        """Click the submit button (or the one named `button`) of the form matching `form`."""
        scope = self.page.locator(form)
        target = (
            scope.locator("[type=submit]")
            if button is None
            else scope.get_by_role("button", name=button, exact=True)
        )
        with self.page.expect_navigation():  # the POST, its redirect, the page loaded
            target.click()
        self.check()


def image_file(directory: Path, name: str, fmt: str, text: str) -> Path:
    """A small real photo (what a phone would take of a KTP or a bank book)."""
    picture = Image.new("RGB", (640, 400), (235, 240, 250))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, 620, 380), outline=(30, 60, 120), width=6)
    draw.text((50, 60), text, fill=(0, 0, 0))
    path = directory / name
    picture.save(path, fmt)
    return path


@pytest.fixture
def journey(page: Page, live_server, artifacts: Path) -> Journey:
    page.set_viewport_size(PHONE)
    page.set_default_timeout(15_000)
    return Journey(page, live_server.url, artifacts)


def register(journey: Journey, tmp_path: Path) -> int:
    """Step 1: sign up, fill the wizard, upload the KTP and bank book, submit."""
    page = journey.page
    journey.goto("/")
    journey.nav("Berjualan di Blangkon")
    expect(page).to_have_url(re.compile(r"/penyedia/daftar/$"))
    page.locator("[name=kind][value=perorangan]").check()
    page.locator("[name=name]").fill(BUSINESS_NAME)
    page.locator("[name=kab_kota]").select_option("33.25")
    page.locator("[name=full_name]").fill(FULL_NAME)
    page.locator("[name=username]").fill(USERNAME)
    page.locator("[name=email]").fill("ratna@batik.test")
    page.locator("[name=password]").fill(VENDOR_PASSWORD)
    page.locator("[name=password_again]").fill(VENDOR_PASSWORD)
    journey.shot("register")
    page.get_by_role("button", name="Buat akun dan lanjutkan").click()

    expect(page).to_have_url(re.compile(r"/penyedia/daftar/\d+/identitas/$"))
    match = re.search(r"/daftar/(\d+)/", page.url)
    assert match is not None
    vendor_id = int(match.group(1))
    expect(page.locator("[name=person_name]")).to_have_value(FULL_NAME)
    page.locator("[name=nik]").fill(NIK)
    page.locator("[name=npwp]").fill(NIK)
    journey.shot("identity")
    page.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/penyedia/daftar/{vendor_id}/usaha/$"))
    page.locator("[name=street]").fill("Jl. Jenderal Sudirman No. 45, Proyonanggan")
    page.locator("[name=postal_code]").fill("51215")
    page.locator("[name=phone]").fill(PHONE_NUMBER)
    page.locator("[name=email]").fill("ratna@batik.test")
    page.locator("[name=is_pkp][value=no]").check()
    page.locator("[name=declared_capital]").fill("50.000.000")
    page.locator("[name=bank_name]").fill("BRI")
    page.locator("[name=bank_account_number]").fill(ACCOUNT_NUMBER)
    page.locator("[name=bank_account_holder]").fill(FULL_NAME)
    journey.shot("business")
    page.get_by_role("button", name="Simpan dan lanjutkan", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/penyedia/daftar/{vendor_id}/dokumen/$"))
    journey.check()
    ktp = image_file(tmp_path, "ktp.png", "PNG", f"KTP {NIK} {FULL_NAME.upper()}")
    bank_book = image_file(tmp_path, "buku-tabungan.jpg", "JPEG", f"BRI {ACCOUNT_NUMBER}")
    upload_form = "form[action$='/dokumen/unggah/']"
    for kind, path in (("ktp", ktp), ("bank_book", bank_book)):
        page.locator(f"{upload_form} [name=kind]").select_option(kind)
        page.locator(f"{upload_form} [name=file]").set_input_files(path)
        journey.submit(upload_form, "Unggah")
        expect(page.get_by_role("link", name=path.name)).to_be_visible()
    journey.shot("documents")
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()

    expect(page).to_have_url(re.compile(rf"/penyedia/daftar/{vendor_id}/kirim/$"))
    expect(page.locator(".error-summary")).to_have_count(0)  # nothing still needed
    journey.shot("review")
    page.get_by_role("button", name="Kirim untuk verifikasi").click()
    expect(page).to_have_url(re.compile(r"/penyedia/saya/$"))
    journey.shot("submitted")
    assert Vendor.objects.get(pk=vendor_id).status == VendorStatus.SUBMITTED
    return vendor_id


def approve_vendor(journey: Journey, vendor_id: int) -> None:
    """Step 2: the kab/kota admin finds her in the queue and approves."""
    page = journey.page
    journey.sign_in("admin.batang", PASSWORD)
    journey.nav("Verifikasi penyedia")
    page.get_by_role("link", name=BUSINESS_NAME).click()
    expect(page).to_have_url(re.compile(rf"/penyedia/verifikasi/{vendor_id}/$"))
    journey.check()
    # The verifier reads the NIK off the phone in one piece, not broken over lines.
    nik = page.locator("dl.facts dd").filter(has_text=NIK).first
    expect(nik).to_have_text(NIK)
    lines = nik.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getClientRects().length; }"
    )
    assert lines == 1, f"the NIK is broken over {lines} lines on a phone"
    journey.shot("verification")
    journey.submit("form[action$='/setujui/']")
    # No other vendor waits: the verifier is back at the queue, told so.
    expect(page).to_have_url(re.compile(r"/penyedia/verifikasi/$"))
    expect(page.get_by_text("Tidak ada penyedia lain yang menunggu verifikasi.")).to_be_visible()
    journey.shot("approved")
    assert Vendor.objects.get(pk=vendor_id).status == VendorStatus.VERIFIED
    journey.sign_out()


def list_one_product(journey: Journey) -> None:
    """Step 3: one product through the form, then sent to the curators."""
    page = journey.page
    journey.sign_in(USERNAME, VENDOR_PASSWORD)
    journey.nav("Produk saya")
    page.get_by_role("link", name="Daftarkan produk").click()
    expect(page).to_have_url(re.compile(r"/produk/saya/baru/$"))
    sku, name = FIRST_PRODUCT
    page.locator("[name=name]").fill(name)
    page.locator("[name=sku]").fill(sku)
    page.locator("[name=category]").select_option("atk")
    # HTMX swaps in the category's units (ATK has six); wait for the swap.
    expect(page.locator("[name=unit] option")).to_have_count(6)
    page.locator("[name=unit]").select_option("pcs")
    page.locator("[name=price]").fill("25.000")
    page.locator("[name=description]").fill("Map kancing ukuran folio dari kain batik tulis.")
    page.locator("[name=stock]").fill("40")
    journey.shot("product-form")
    journey.submit("main form[method=post]:has([name=sku])", "Simpan")

    expect(page).to_have_url(re.compile(r"/produk/saya/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("button", name="Ajukan untuk kurasi").click()
    expect(page).to_have_url(re.compile(r"/produk/saya/\d+/$"))
    journey.shot("product-submitted")
    assert Product.objects.get(sku=sku).status == ProductStatus.SUBMITTED


def bulk_upload_three(journey: Journey, tmp_path: Path) -> None:
    """Step 4: fill the ATK template with three rows, upload it, submit them."""
    page = journey.page
    journey.nav("Unggah massal")
    expect(page).to_have_url(re.compile(r"/produk/unggah/$"))
    journey.shot("bulk-upload")
    with page.expect_download() as download_info:
        page.locator("a[href$='/unggah/templat/atk.xlsx']").click()
    template = tmp_path / "templat-atk.xlsx"
    download_info.value.save_as(template)

    workbook = load_workbook(template)
    sheet = workbook[DATA_SHEET_TITLE]
    example = [cell.value for cell in sheet[2]]  # the example row, in the columns' order
    sheet.delete_rows(2)
    for sku, name, price in BULK_PRODUCTS:
        values = list(example)
        values[INDEX["sku"]] = sku
        values[INDEX["name"]] = name
        values[INDEX["price"]] = price
        values[INDEX["description"]] = f"{name}, kain batik tulis khas Batang."
        sheet.append(values)
    filled = tmp_path / "produk-batik.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled.write_bytes(buffer.getvalue())

    page.locator("[name=file]").set_input_files(filled)
    journey.submit("main form:has([name=file])", "Unggah")
    expect(page).to_have_url(re.compile(r"/produk/unggah/\d+/$"))
    status = page.locator("#bulk-upload-status")
    expect(status).not_to_have_attribute("hx-get", re.compile(".*"))  # finished: no polling
    counts = status.locator("dd")
    expect(counts.nth(0)).to_have_text("3")  # created
    expect(counts.nth(2)).to_have_text("0")  # failed
    journey.shot("bulk-result")
    upload = BulkUpload.objects.get()
    assert (upload.created_count, upload.failed_count) == (3, 0)

    # The import leaves drafts; each is submitted from My products.
    for _sku, name, _price in BULK_PRODUCTS:
        journey.nav("Produk saya")
        product_row = page.get_by_role("row").filter(has_text=name)
        product_row.get_by_role("button", name="Ajukan", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        journey.check()
    journey.nav("Produk saya")
    journey.shot("products-submitted")
    statuses = set(Product.objects.values_list("status", flat=True))
    assert Product.objects.count() == 4
    assert statuses == {ProductStatus.SUBMITTED}
    journey.sign_out()


def curate(journey: Journey) -> None:
    """Step 5: the curator ticks all four and approves them at once."""
    page = journey.page
    journey.sign_in("admin.batang", PASSWORD)
    journey.nav("Kurasi produk")
    boxes = page.locator("[name=product_ids]")
    expect(boxes).to_have_count(4)
    for index in range(4):
        boxes.nth(index).check()
    journey.shot("curation")
    page.get_by_role("button", name="Setujui yang dipilih").click()
    expect(page.locator("[name=product_ids]")).to_have_count(0)
    journey.shot("curated")
    assert set(Product.objects.values_list("status", flat=True)) == {ProductStatus.TAYANG}
    journey.sign_out()


def visit_storefront(journey: Journey, vendor_id: int) -> None:
    """Step 6: anyone sees the four products, and none of her private data."""
    page = journey.page
    journey.goto(f"/penyedia/{vendor_id}/toko/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(BUSINESS_NAME)
    for name in ALL_NAMES:
        expect(main.get_by_role("link", name=name)).to_be_visible()
    html = page.content()
    for secret in (NIK, ACCOUNT_NUMBER, PHONE_NUMBER, PHONE_NUMBER[1:]):
        assert secret not in html, f"{secret} is on the public storefront"
    journey.shot("storefront")


def test_a_perorangan_vendor_goes_from_sign_up_to_live_products_on_a_phone(
    journey: Journey, world: World, tmp_path: Path
) -> None:
    vendor_id = register(journey, tmp_path)
    journey.sign_out()
    approve_vendor(journey, vendor_id)
    list_one_product(journey)
    bulk_upload_three(journey, tmp_path)
    curate(journey)
    visit_storefront(journey, vendor_id)
