"""Each role's home answers its first question: what waits for me, counted
exactly as the queues count it, and where to go on."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.catalog.product_selectors import CurationFilters, QueueKind, curation_queue
from blangkon.catalog.services import product_upsert_by_sku
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.vendors.models import Vendor, VendorKind
from blangkon.vendors.selectors import verification_queue
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import attach_documents, make_vendor
from conftest import World

__all__ = ["market"]

TILE = re.compile(
    r'<li class="stat"><a href="([^"]+)"><span class="stat-value">(\d+)</span>'
    r' <span class="stat-label">([^<]+)</span>'
)


def tiles(client) -> dict[str, int]:
    """The home's stat tiles: linked URL -> the number shown."""
    html = client.get(reverse("accounts:home")).content.decode()
    return {url.replace("&amp;", "&"): int(value) for url, value, _label in TILE.findall(html)}


def queued_vendor(name: str, region: str, days_ago: int) -> Vendor:
    vendor = make_vendor(name=name, region=region, status=VendorStatus.SUBMITTED)
    Vendor.objects.filter(pk=vendor.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return vendor


@pytest.fixture
def two_regions(market: Market) -> Market:
    """Work waiting in Batang and in Kendal, in unequal amounts."""
    queued_vendor("Batang Satu", "33.25", 3)
    queued_vendor("Batang Dua", "33.25", 1)
    queued_vendor("Kendal Satu", "33.24", 6)
    make_vendor(name="Batang Draf", region="33.25", status=VendorStatus.DRAFT)  # not queued
    for sku in ("B1", "B2", "B3"):
        make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku=sku))
    make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    make_product(market, ProductStatus.TAYANG, data=atk_input(sku="LIVE"))
    product_upsert_by_sku(  # a change to a live Batang product waits
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(sku="LIVE", price=70_000),
    )
    make_product(market, ProductStatus.DRAFT, data=atk_input(sku="DRAFT"))  # not queued
    return market


VERIFY = reverse("vendors:verification-queue") + "?status=submitted"
CURATE_NEW = reverse("catalog:curation-queue") + "?jenis=baru"
CURATE_CHANGES = reverse("catalog:curation-queue") + "?jenis=perubahan"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin.batang", {VERIFY: 2, CURATE_NEW: 3, CURATE_CHANGES: 1}),
        ("admin.kendal", {VERIFY: 1, CURATE_NEW: 1, CURATE_CHANGES: 0}),
        ("admin.provinsi", {VERIFY: 3, CURATE_NEW: 4, CURATE_CHANGES: 1}),
    ],
)
def test_an_admin_home_counts_what_waits_exactly_as_the_queues_do(
    two_regions: Market, client_for, username: str, expected: dict[str, int]
) -> None:
    user = two_regions.world.user(username)
    shown = tiles(client_for(user))
    assert shown == expected
    # The same numbers as the queues themselves, which the tiles link to.
    assert shown[VERIFY] == verification_queue(user=user).count()
    for url, kind in ((CURATE_NEW, QueueKind.NEW), (CURATE_CHANGES, QueueKind.CHANGE)):
        assert shown[url] == curation_queue(user=user, filters=CurationFilters(kind=kind)).count()
        page = client_for(user).get(url).content.decode()
        assert (
            page.count('href="/produk/kurasi/') - page.count('href="/produk/kurasi/"')
            >= (shown[url])
        )


def test_an_admin_tile_says_how_long_the_oldest_has_waited(two_regions: Market, client_for):
    html = (
        client_for(two_regions.world.user("admin.batang"))
        .get(reverse("accounts:home"))
        .content.decode()
    )
    assert "menunggu sejak 3\xa0hari" in html


def test_the_auditor_reads_the_vendor_queue_and_the_audit_log(two_regions: Market, client_for):
    client = client_for(two_regions.world.user("auditor.provinsi"))
    assert tiles(client) == {VERIFY: 3}  # curation is not the auditor's
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("audit:list") in html
    assert reverse("vendors:verification-queue") in html


def test_the_admin_home_is_a_fixed_number_of_queries(
    two_regions: Market, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(two_regions.world.user("admin.provinsi"))
    client.get(reverse("accounts:home"))  # warm the session and caches
    # One of them counts the orders waiting for the admin (disputes, flags).
    with django_assert_max_num_queries(11):
        client.get(reverse("accounts:home"))
    # Twenty more waiting vendors and products cost no extra query.
    for i in range(10):
        queued_vendor(f"Tambahan {i}", "33.24", 2)
        make_product(two_regions, ProductStatus.SUBMITTED, data=atk_input(sku=f"X{i}"))
    with django_assert_max_num_queries(11):
        client.get(reverse("accounts:home"))


def test_a_pendamping_sees_the_vendors_they_assist_by_status(world: World, client_for) -> None:
    pendamping = world.user("pendamping.batang")
    for name, status in (
        ("Draf A", VendorStatus.DRAFT),
        ("Draf B", VendorStatus.DRAFT),
        ("Kirim", VendorStatus.SUBMITTED),
        ("Terverifikasi", VendorStatus.VERIFIED),
    ):
        make_vendor(name=name, status=status, registered_by=pendamping)
    make_vendor(name="Orang lain", status=VendorStatus.DRAFT)  # not theirs
    html = client_for(pendamping).get(reverse("accounts:home")).content.decode()
    shown = {label: int(value) for _url, value, label in TILE.findall(html)}
    assert shown == {"Draf": 2, "Menunggu verifikasi": 1, "Perlu perbaikan": 0, "Terverifikasi": 1}


def owner_of(vendor: Vendor) -> User:
    return User.objects.get(organisation=vendor.organisation, role="vendor_owner")


def test_a_draft_vendor_is_sent_back_to_the_step_where_it_stopped(world: World, client_for):
    # Identity and business data complete, no documents yet: the documents step.
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="pemilik.draf")
    html = client_for(owner_of(vendor)).get(reverse("accounts:home")).content.decode()
    step = reverse("vendors:register-step", args=[vendor.pk, "dokumen"])
    assert re.search(rf'<a class="button" href="{step}"[^>]*>Lanjutkan pendaftaran</a>', html)

    # No NIK yet: the identity step comes first.
    Vendor.objects.filter(pk=vendor.pk).update(nik="")
    html = client_for(owner_of(vendor)).get(reverse("accounts:home")).content.decode()
    assert reverse("vendors:register-step", args=[vendor.pk, "identitas"]) in html

    # Everything there: the review step, to submit.
    Vendor.objects.filter(pk=vendor.pk).update(nik="3325015208900001")
    attach_documents(vendor)
    html = client_for(owner_of(vendor)).get(reverse("accounts:home")).content.decode()
    assert reverse("vendors:register-step", args=[vendor.pk, "kirim"]) in html


def test_the_business_page_continues_a_draft_where_it_stopped_too(world: World, client_for):
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="pemilik.draf")
    html = client_for(owner_of(vendor)).get(reverse("vendors:dashboard")).content.decode()

    step = reverse("vendors:register-step", args=[vendor.pk, "dokumen"])
    assert re.search(rf'<a class="button" href="{step}"[^>]*>', html)


def test_a_submitted_vendor_sees_that_it_waits_and_since_when(world: World, client_for):
    vendor = queued_vendor("Katering Bu Siti", "33.25", 4)
    Vendor.objects.filter(pk=vendor.pk).update(kind=VendorKind.PERORANGAN)
    html = client_for(make_owner(vendor)).get(reverse("accounts:home")).content.decode()
    assert "Pendaftaran Anda menunggu verifikasi" in html
    assert "4\xa0hari" in html
    assert "Lanjutkan pendaftaran" not in html


def test_a_vendor_asked_to_revise_sees_what_to_fix(world: World, client_for):
    vendor = make_vendor(
        status=VendorStatus.REVISION_REQUESTED,
        owner="pemilik.revisi",
        fields_to_fix=["nik", "document_ktp"],
        status_reason="Foto KTP buram.",
    )
    html = client_for(owner_of(vendor)).get(reverse("accounts:home")).content.decode()
    assert "Foto KTP buram." in html
    assert reverse("vendors:register-step", args=[vendor.pk, "identitas"]) in html
    assert reverse("vendors:register-step", args=[vendor.pk, "dokumen"]) in html
    assert "Perbaiki dan kirim ulang" in html


def test_a_verified_vendor_sees_its_products_by_status(market: Market, client_for) -> None:
    make_product(market, ProductStatus.DRAFT, data=atk_input(sku="D1"))
    make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="S1"))
    make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="S2"))
    make_product(market, ProductStatus.TAYANG, data=atk_input(sku="T1"))
    make_product(market, ProductStatus.TAYANG, vendor=market.kendal_vendor)  # another vendor's
    client = client_for(market.batang_owner)
    mine = reverse("catalog:my-products")
    assert tiles(client) == {
        f"{mine}?status=draft": 1,
        f"{mine}?status=submitted": 2,
        f"{mine}?status=revision_requested": 0,
        f"{mine}?status=tayang": 1,
    }
    listed = client.get(f"{mine}?status=submitted").content.decode()
    assert listed.count('href="/produk/saya/') - listed.count('href="/produk/saya/baru/"') >= 2


def make_owner(vendor: Vendor) -> User:
    from blangkon.accounts.roles import Role
    from conftest import make_user

    return make_user(f"pemilik.{vendor.pk}", Role.VENDOR_OWNER, vendor.organisation)
