"""The main pages of every demo role: what the accessibility tests check and
screenshot (test_accessibility.py).

Pages are reached from the demo data (`manage.py seed_demo --scale small`).
A detail page is found by following the first link of its list page whose
path has the detail's shape, so it is always one the role may open and the
tests need no ids or template details.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, ViewportSize
from pypdf import PdfReader

from blangkon.paperwork.models import IssuedDocument

# Opens a page: given the browser and the server's address, it navigates and
# returns the path it ended on.
Opener = Callable[[Page, str], str]

VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}

# A query the demo catalog answers with several products from several vendors.
SEARCH = "/katalog/?q=kertas"
PRODUCT = r"/produk/\d+/"
STOREFRONT = r"/penyedia/\d+/toko/"
ORDER = r"/pesanan/\d+/"


def at(path: str) -> Opener:
    def open_page(page: Page, base_url: str) -> str:
        goto(page, base_url + path)
        return path

    return open_page


def first_link(on: Opener, pattern: str) -> Opener:
    """The first link in <main> on `on`'s page whose path matches `pattern`."""

    def open_page(page: Page, base_url: str) -> str:
        path = links_matching(page, base_url, on, pattern, count=1)[0]
        goto(page, base_url + path)
        return path

    return open_page


def compare_first_two(on: Opener) -> Opener:
    """The compare page of the first two products listed on `on`'s page."""

    def open_page(page: Page, base_url: str) -> str:
        products = links_matching(page, base_url, on, PRODUCT, count=2)
        ids = [re.findall(r"\d+", path)[0] for path in products]
        path = "/katalog/bandingkan/?" + "&".join(f"id={i}" for i in ids)
        goto(page, base_url + path)
        return path

    return open_page


def _paths(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => new URL(a.href).pathname)"
    )


def first_order_linking(status: str, pattern: str) -> Opener:
    """The first page like `pattern` linked from an order of `status` (the
    order list filtered by it): the demo has several orders of each paying
    status, one per payment channel, and a page may belong to one channel."""

    def open_page(page: Page, base_url: str) -> str:
        goto(page, f"{base_url}/pesanan/?status={status}")
        shape = re.compile(f"^{ORDER}$")
        orders = list(dict.fromkeys(p for p in _paths(page) if shape.match(p)))
        wanted = re.compile(f"^{pattern}$")
        for order in orders:
            goto(page, base_url + order)
            found = [p for p in _paths(page) if wanted.match(p)]
            if found:
                goto(page, base_url + found[0])
                return found[0]
        raise AssertionError(f"No order of status {status} links to a page like {pattern}")

    return open_page


def verification_of_first_pdf(status: str) -> Opener:
    """The public verification page of the first signed PDF of an order of
    `status`: the address printed on the PDF under its QR code."""

    def open_page(page: Page, base_url: str) -> str:
        order = links_matching(page, base_url, at(f"/pesanan/?status={status}"), ORDER, 1)[0]
        goto(page, base_url + order)
        pdf = page.eval_on_selector("[data-pdf-documents] a[href]", "a => a.href")
        answer = page.request.get(pdf)
        assert answer.ok, f"{pdf} answered {answer.status}"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.body())).pages)
        found = re.search(r"/verifikasi/[A-Za-z0-9_-]{16,}/", text.replace("\n", ""))
        assert found, f"{pdf} prints no verification address"
        goto(page, base_url + found.group(0))
        return found.group(0)

    return open_page


def verification_of_a_document(page: Page, base_url: str) -> str:
    """The public verification page as a visitor who scanned a QR code opens
    it: the code is what the PDF prints, read here from the first document."""
    document = IssuedDocument.objects.order_by("id").first()
    assert document is not None, "the demo has no issued document"
    path = f"/verifikasi/{document.code}/"
    goto(page, base_url + path)
    return path


def goto(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, f"{url} answered {response.status}"


def links_matching(page: Page, base_url: str, on: Opener, pattern: str, count: int) -> list[str]:
    where = on(page, base_url)
    paths: list[str] = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => new URL(a.href).pathname)"
    )
    shape = re.compile(f"^{pattern}$")
    found = list(dict.fromkeys(p for p in paths if shape.match(p)))
    assert len(found) >= count, f"{where} links to fewer than {count} page(s) like {pattern}"
    return found[:count]


@dataclass(frozen=True)
class MainPage:
    name: str
    open: Opener


@dataclass(frozen=True)
class DemoRole:
    slug: str  # the folder of its screenshots
    username: str | None  # a demo account (seed_demo); None: not signed in
    pages: tuple[MainPage, ...]


HOME = MainPage("home", at("/akun/beranda/"))
# The order list and the first order it links to (demo orders exist in every
# state for Batang and Kendal).
ORDER_PAGES = (
    MainPage("orders", at("/pesanan/")),
    MainPage("order-detail", first_link(at("/pesanan/"), ORDER)),
)
BUYER_PAGES = (
    HOME,
    MainPage("search", at(SEARCH)),
    MainPage("product", first_link(at(SEARCH), PRODUCT)),
    MainPage("compare", compare_first_two(at(SEARCH))),
    *ORDER_PAGES,
)
FLAGS = MainPage("order-flags", at("/pesanan/tanda/"))
# The reader's own internal dashboard (/dasbor/ redirects to it).
INTERNAL_DASHBOARD = MainPage("internal-dashboard", at("/dasbor/"))


def admin_pages(*, province: bool) -> tuple[MainPage, ...]:
    verification = at("/penyedia/verifikasi/")
    curation = at("/produk/kurasi/")
    training = at("/penyedia/pelatihan/")
    pages: tuple[MainPage, ...] = (
        HOME,
        MainPage("verification-queue", verification),
        MainPage("verification-detail", first_link(verification, r"/penyedia/verifikasi/\d+/")),
        MainPage("curation-queue", curation),
        MainPage("curation-detail", first_link(curation, r"/produk/kurasi/\d+/")),
        MainPage("opd-list", at("/akun/opd/")),
        MainPage("pemda-list", at("/akun/pemda/")),
        MainPage("audit-log", at("/audit/")),
        MainPage("training", training),
        INTERNAL_DASHBOARD,
        *ORDER_PAGES,  # their pemda's, or every order for the province's admins
        FLAGS,
    )
    if province:
        # The demo's training events are held by kab/kota, so the province's
        # list has no event of its own to open.
        return (
            *pages,
            MainPage("synonyms", at("/katalog/sinonim/")),
            MainPage("procurement-rules", at("/aturan/")),
            MainPage("holidays", at("/aturan/hari-libur/?tahun=2026")),
        )
    return (
        *pages,
        MainPage("training-detail", first_link(training, r"/penyedia/pelatihan/\d+/")),
    )


ROLES = (
    DemoRole(
        "anonymous",
        None,
        (
            MainPage("landing", at("/")),
            MainPage("transparency", at("/transparansi/")),
            MainPage("search", at(SEARCH)),
            MainPage("product", first_link(at(SEARCH), PRODUCT)),
            MainPage("compare", compare_first_two(at(SEARCH))),
            MainPage("storefront", first_link(first_link(at(SEARCH), PRODUCT), STOREFRONT)),
            MainPage("register", at("/penyedia/daftar/")),
            MainPage("login", at("/akun/masuk/")),
            MainPage("document-verification", verification_of_a_document),
        ),
    ),
    DemoRole("pp", "pp.batang", (*BUYER_PAGES, MainPage("cart", at("/keranjang/")))),
    DemoRole(
        "ppk",
        "ppk.batang",
        (
            *BUYER_PAGES,
            MainPage("rating", first_order_linking("selesai", r"/pesanan/\d+/nilai/")),
            INTERNAL_DASHBOARD,
        ),
    ),
    DemoRole(
        "bendahara",
        "bendahara.batang",
        (
            *BUYER_PAGES,
            MainPage("invoice", first_order_linking("ditagih", r"/pesanan/\d+/tagihan/")),
            MainPage(
                "virtual-account", first_order_linking("ditagih", r"/pembayaran/pesanan/\d+/va/")
            ),
            MainPage("bank-simulator", at("/pembayaran/simulator-bank/")),
        ),
    ),
    DemoRole(
        "vendor-owner",
        "pemilik.vendor",
        (
            HOME,
            MainPage("dashboard", at("/penyedia/saya/")),
            MainPage("my-products", at("/produk/saya/")),
            MainPage("product-form", at("/produk/saya/baru/")),
            MainPage("bulk-upload", at("/produk/unggah/")),
            MainPage("api-tokens", at("/akun/token-api/")),
            MainPage("notifications", at("/notifikasi/")),
            *ORDER_PAGES,
            MainPage(
                "invoice-issue",
                first_order_linking("bast_ditandatangani", r"/pesanan/\d+/tagihan/terbitkan/"),
            ),
            MainPage("rating", first_order_linking("selesai", r"/pesanan/\d+/nilai/")),
            MainPage("document-verification", verification_of_first_pdf("selesai")),
            INTERNAL_DASHBOARD,
        ),
    ),
    DemoRole("kab-kota-admin", "admin.batang", admin_pages(province=False)),
    DemoRole("province-admin", "admin.provinsi", admin_pages(province=True)),
    DemoRole(
        "pendamping",
        "pendamping.batang",
        (HOME, MainPage("assisted-list", at("/penyedia/dampingan/"))),
    ),
    DemoRole(
        "auditor",
        "auditor.provinsi",
        (HOME, MainPage("audit-log", at("/audit/")), *ORDER_PAGES, FLAGS),
    ),
)
