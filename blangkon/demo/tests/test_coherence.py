"""The demo data agrees with itself: vendors sell what their names say,
specifications agree with product names, scales with the declared figures,
every product has a picture, every registration past its draft its documents,
and a search finds what it names.

The small scale is seeded once per module (conftest.py), each test in a
savepoint of it.
"""

import hashlib
import os
import re
from io import BytesIO
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blangkon.accounts.models import Organisation, User
from blangkon.catalog.models import Category, Product, ProductImage
from blangkon.catalog.product_selectors import live_products
from blangkon.catalog.specs import REQUIRED_SPEC_KEYS
from blangkon.demo import names
from blangkon.demo.lines import (
    LINES,
    LINES_BY_SLUG,
    foreign_product_words,
    line_of_vendor,
    product_words,
)
from blangkon.demo.seeders.organisations import DEMO_VENDOR_NAME
from blangkon.demo.seeders.vendors import BUSINESS_WORDS
from blangkon.documents import storage
from blangkon.regions.jateng import KAB_KOTA
from blangkon.search.params import SearchParams
from blangkon.search.selectors import search_products
from blangkon.vendors.fields import REQUIRED_DOCUMENTS
from blangkon.vendors.models import UmkmScale, Vendor
from blangkon.vendors.scale import umkm_scale
from blangkon.vendors.services import vendor_approve
from blangkon.vendors.services.verification import missing_documents
from blangkon.vendors.status import VendorStatus

PAPER_SIZE = re.compile(r"\b(A3|A4|A5|F4)\b")
GRAMMAGE = re.compile(r"\b(\d+) gsm\b")


def vendor_line_problems(name: str) -> list[str]:
    """Why a vendor name does not fit the lines of business (empty if it does)."""
    line = line_of_vendor(name)
    if line is None:
        return [f"{name!r} names no single line of business"]
    foreign = foreign_product_words(name, line.slug)
    if foreign:
        return [f"{name!r} ({line.slug}) names products of another line: {sorted(foreign)}"]
    return []


# --- lines of business --------------------------------------------------------


def test_every_vendor_sells_only_its_lines_categories_and_templates(demo: Path) -> None:
    products = Product.objects.select_related("vendor__organisation", "category")
    by_vendor: dict[str, list[Product]] = {}
    for product in products:
        by_vendor.setdefault(product.vendor.organisation.name, []).append(product)
    assert len(by_vendor) > 20
    for name, listed in by_vendor.items():
        line = line_of_vendor(name)
        assert line is not None, name
        for product in listed:
            assert product.category.slug in line.items, (name, product.name)
            bases = [t.base for t in line.items[product.category.slug]]
            assert any(product.name.startswith(f"{base} ") for base in bases), (name, product.name)


def test_demo_vendor_sells_stationery_and_paper(demo: Path) -> None:
    demo_vendor = Vendor.objects.get(organisation__name=DEMO_VENDOR_NAME)
    listed = live_products().filter(vendor=demo_vendor)
    assert listed.exists()
    assert set(listed.values_list("category__slug", flat=True)) <= set(LINES_BY_SLUG["atk"].items)


def test_no_seeded_vendor_name_contains_a_product_word_of_another_line(demo: Path) -> None:
    vendor_names = Organisation.objects.filter(kind="vendor").values_list("name", flat=True)
    assert len(vendor_names) == 50
    problems = [problem for name in vendor_names for problem in vendor_line_problems(name)]
    assert problems == []


def test_no_name_part_contains_a_product_word_of_another_line() -> None:
    # Every piece a vendor name is built from, against every line: catches a
    # bad trade or business word before a seed happens to draw it.
    pieces = [
        *BUSINESS_WORDS,
        *names.MALE_FIRST_NAMES,
        *names.FEMALE_FIRST_NAMES,
        *(name.split(" ", 1)[1] for _, name in KAB_KOTA),
        DEMO_VENDOR_NAME,
    ]
    for line in LINES:
        for trade in line.trades:
            assert line_of_vendor(f"{trade} Bu Siti") is line, trade
            assert foreign_product_words(trade, line.slug) == set(), (line.slug, trade)
        for piece in pieces:
            assert foreign_product_words(piece, line.slug) == set(), (line.slug, piece)


def test_the_name_check_catches_a_vendor_named_after_another_lines_products() -> None:
    # The user test's case: a "Batik" vendor selling masks and first-aid kits.
    assert product_words("batik") >= {"batik", "kain", "blangkon"}
    assert foreign_product_words("Batik Bu Ratna", "alkes") == {"batik"}
    assert vendor_line_problems("Katering Bu Siti") == []
    assert vendor_line_problems("CV Konveksi Makmur Jaya") == []
    assert vendor_line_problems("Konveksi Kertas Jaya") == [
        "'Konveksi Kertas Jaya' (konveksi) names products of another line: ['kertas']"
    ]
    assert vendor_line_problems("CV Makmur Jaya") == [
        "'CV Makmur Jaya' names no single line of business"
    ]
    assert vendor_line_problems("Batik Katering Sentosa") == [
        "'Batik Katering Sentosa' names no single line of business"
    ]


def test_templates_use_their_categorys_units_and_required_specifications(db: None) -> None:
    units = {
        c.slug: set(c.units.values_list("code", flat=True))
        for c in Category.objects.filter(parent__isnull=False)
    }
    for line in LINES:
        for slug, templates in line.items.items():
            for template in templates:
                assert template.unit in units[slug], (line.slug, template.base, template.unit)
                for variant in template.variants:
                    specs = template.specs_for(variant)
                    missing = set(REQUIRED_SPEC_KEYS.get(slug, ())) - set(specs)
                    assert not missing, (template.base, variant.text, missing)


# --- specifications agree with names ------------------------------------------


def paper_mismatches(name: str, specs: dict[str, str]) -> list[str]:
    """Where a paper size or weight in a name disagrees with the specifications."""
    found = []
    size = PAPER_SIZE.search(name)
    if "ukuran" in specs and size and specs["ukuran"] != size.group(1):
        found.append(f"{name}: ukuran {specs['ukuran']}")
    weight = GRAMMAGE.search(name)
    if "gramatur" in specs and weight and specs["gramatur"] != f"{weight.group(1)} gsm":
        found.append(f"{name}: gramatur {specs['gramatur']}")
    return found


def test_paper_check_catches_the_user_tests_f4_paper_with_an_a4_specification() -> None:
    assert paper_mismatches("Kertas HVS F4 70 gsm", {"ukuran": "A4", "gramatur": "70 gsm"}) == [
        "Kertas HVS F4 70 gsm: ukuran A4"
    ]
    assert paper_mismatches("Kertas HVS A4 80 gsm", {"ukuran": "A4", "gramatur": "70 gsm"}) == [
        "Kertas HVS A4 80 gsm: gramatur 70 gsm"
    ]


def test_every_template_variant_agrees_with_its_paper_specifications() -> None:
    for line in LINES:
        for templates in line.items.values():
            for template in templates:
                for variant in template.variants:
                    name = f"{template.base} {variant.text}"
                    assert paper_mismatches(name, template.specs_for(variant)) == []


def test_seeded_paper_names_agree_with_their_specifications(demo: Path) -> None:
    paper = Product.objects.filter(category__slug="kertas-bahan-cetak")
    sizes = set()
    for product in paper:
        assert paper_mismatches(product.name, product.specifications) == [], product.name
        if product.name.startswith("Kertas "):
            assert {"ukuran", "gramatur"} <= set(product.specifications)
            sizes.add(product.specifications["ukuran"])
    assert sizes >= {"A4", "F4"}
    for product in Product.objects.exclude(category__slug="kertas-bahan-cetak"):
        assert paper_mismatches(product.name, product.specifications) == [], product.name


# --- scales agree with the declared figures -----------------------------------


def test_vendor_scales_agree_with_their_declared_capital_and_sales(demo: Path) -> None:
    vendors = list(Vendor.objects.all())
    for vendor in vendors:
        capital, sales = vendor.declared_capital, vendor.declared_annual_sales
        assert capital is not None
        assert sales is not None
        assert vendor.scale == umkm_scale(capital=capital, annual_sales=sales)
        # Sales alone would give the same scale: the two figures do not contradict.
        assert vendor.scale == umkm_scale(capital=None, annual_sales=sales)
    assert {v.scale for v in vendors} == {UmkmScale.MIKRO, UmkmScale.KECIL, UmkmScale.MENENGAH}


# --- pictures -----------------------------------------------------------------


def open_image(path: str, size: int, sha256: str) -> tuple[int, int]:
    content = storage.file_read(path)
    assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha256)
    with Image.open(BytesIO(content)) as image:
        image.load()
        assert image.format == "JPEG"
        return image.size


def test_every_live_product_has_a_picture_and_a_thumbnail_that_open(demo: Path) -> None:
    products = live_products().prefetch_related("images__file", "images__thumbnail")
    assert products.count() > 800
    for product in products:
        images = [image for image in product.images.all() if not image.awaiting_review]
        assert images, product.name
        for image in images:
            for stored in (image.file, image.thumbnail):
                assert (stored.kind, stored.owner_id) == (
                    "product_image",
                    product.vendor.organisation_id,
                )
                assert stored.path.startswith(f"private/{product.vendor.organisation_id}/")
            width, height = open_image(image.file.path, image.file.size, image.file.sha256)
            thumb = open_image(image.thumbnail.path, image.thumbnail.size, image.thumbnail.sha256)
            assert max(thumb) == 320 < max(width, height)


def test_removing_one_products_picture_leaves_the_others(demo: Path) -> None:
    # Products of one template share the picture's bytes, but each has stored
    # files of its own (a ProductImage owns its files): deleting one leaves
    # the others readable.
    image = ProductImage.objects.select_related("file").first()
    assert image is not None
    others = ProductImage.objects.exclude(pk=image.pk).filter(file__sha256=image.file.sha256)
    assert others.exists()
    kept = storage.absolute_path(image.file.path).with_suffix(".kept")
    os.link(storage.absolute_path(image.file.path), kept)
    try:
        storage.file_delete(image.file.path)
        for other in others.select_related("file")[:5]:
            assert hashlib.sha256(storage.file_read(other.file.path)).hexdigest() == (
                image.file.sha256
            )
    finally:
        os.replace(kept, storage.absolute_path(image.file.path))


def test_a_live_products_page_shows_its_picture_to_anyone(demo: Path, client) -> None:
    product = live_products().filter(images__isnull=False).first()
    assert product is not None
    image = product.images.get()

    page = client.get(reverse("catalog:product-detail", args=[product.pk]))
    thumbnail = client.get(reverse("documents:file", kwargs={"file_id": image.thumbnail_id}))

    assert page.status_code == 200
    assert reverse("documents:file", kwargs={"file_id": image.thumbnail_id}) in page.text
    assert (thumbnail.status_code, thumbnail["Content-Type"]) == (200, "image/jpeg")
    body = b"".join(thumbnail.streaming_content) if thumbnail.streaming else thumbnail.content
    with Image.open(BytesIO(body)) as served:
        assert served.format == "JPEG"


# --- search -------------------------------------------------------------------


def test_searching_batik_finds_only_batik_products(demo: Path) -> None:
    found: list[Product] = []
    page = 1
    while True:
        result = search_products(params=SearchParams(q="batik", page=page))
        found += result.products
        if page >= result.pages:
            break
        page += 1
    assert len(found) == result.count > 0
    for product in Product.objects.filter(pk__in=[p.pk for p in found]).select_related(
        "vendor__organisation"
    ):
        assert "batik" in product.name.lower(), product.name
        line = line_of_vendor(product.vendor.organisation.name)
        assert line is not None
        assert line.slug == "batik", (product.name, product.vendor.organisation.name)
    live_batik = live_products().filter(name__icontains="batik").count()
    assert result.count == live_batik


def test_each_vendors_history_agrees_with_its_own_dates(demo: Path) -> None:
    """The history rows carry the day of each move: the submission and the
    verification at the vendor's dates, every move in order and in the past."""
    checked = 0
    for vendor in Vendor.objects.exclude(submitted_at=None).prefetch_related("status_changes"):
        moves = sorted(vendor.status_changes.all(), key=lambda change: change.id)
        at = {change.to_status: change.at for change in moves}
        assert at.get(VendorStatus.SUBMITTED) == vendor.submitted_at, vendor.pk
        if vendor.verified_at is not None:
            assert at[VendorStatus.VERIFIED] == vendor.verified_at, vendor.pk
        times = [change.at for change in moves]
        assert times == sorted(times), vendor.pk
        assert times[-1] <= timezone.now()
        checked += 1
    assert checked > 10


# --- registration documents ---------------------------------------------------


def test_every_vendor_past_its_draft_has_the_documents_a_verifier_needs(demo: Path) -> None:
    vendors = Vendor.objects.prefetch_related("documents__file")
    assert vendors.exclude(status=VendorStatus.DRAFT).count() > 10
    for vendor in vendors:
        documents = list(vendor.documents.all())
        if vendor.status == VendorStatus.DRAFT:
            assert documents == [], vendor
            continue
        assert missing_documents(vendor) == [], vendor
        assert sorted(d.file.kind for d in documents) == sorted(REQUIRED_DOCUMENTS[vendor.kind])
        for document in documents:
            stored = document.file
            assert stored.owner_id == vendor.organisation_id
            assert stored.path.startswith(f"private/{vendor.organisation_id}/")
            assert open_image(stored.path, stored.size, stored.sha256) == (640, 480)
            # Uploaded before the registration was submitted, not on the seeding day.
            assert vendor.submitted_at is not None
            assert document.created_at < vendor.submitted_at
            assert stored.created_at == document.created_at


def test_the_kab_kota_admin_approves_a_waiting_demo_vendor(demo: Path) -> None:
    admin = User.objects.get(username="admin.batang")
    waiting = Vendor.objects.filter(
        status=VendorStatus.SUBMITTED, organisation__region__name="Kabupaten Batang"
    ).first()
    assert waiting is not None
    approved = vendor_approve(actor=admin, vendor_id=waiting.pk)
    assert approved.status == VendorStatus.VERIFIED
