"""The events that notify someone today: a vendor's registration submitted
(its verifiers), a curator's decision on a product (the vendor's owner)."""

import pytest

from blangkon.accounts.models import User
from blangkon.catalog.services import (
    product_approve,
    product_request_revision,
    product_submit,
    products_bulk_approve,
)
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.notifications.models import Notification
from blangkon.vendors import services as vendor_services
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import attach_documents, make_vendor
from conftest import World

__all__ = ["market"]  # the catalog's fixture

pytestmark = pytest.mark.django_db


def _recipients(code: str) -> set[str]:
    return set(Notification.objects.filter(code=code).values_list("recipient__username", flat=True))


def test_a_submitted_registration_notifies_its_kab_kota_admins_and_the_province(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti", region="33.25")
    attach_documents(vendor)
    with django_capture_on_commit_callbacks(execute=True):
        vendor_services.vendor_submit(actor=User.objects.get(username="siti"), vendor_id=vendor.pk)
    assert _recipients("vendor.submitted") == {"admin.batang", "admin.provinsi"}
    row = Notification.objects.filter(code="vendor.submitted").first()
    assert row is not None
    assert row.url == f"/penyedia/verifikasi/{vendor.pk}/"
    assert vendor.organisation.name in row.text
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.user("admin.batang").email, world.user("admin.provinsi").email]
    )


def test_a_revision_request_notifies_the_vendors_owner(market: Market) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    product_request_revision(
        actor=market.world.user("admin.batang"), product_id=product.pk, reason="Foto buram."
    )
    (row,) = Notification.objects.filter(code="product.revision_requested")
    assert row.recipient == market.batang_owner
    assert row.url == f"/produk/saya/{product.pk}/"
    assert product.name in row.text


def test_an_approval_notifies_the_vendors_owner(market: Market) -> None:
    product = make_product(market)
    product_submit(actor=market.world.user("staf.vendor"), product_id=product.pk)
    product_approve(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert _recipients("product.approved") == {"pemilik.vendor"}


def test_a_bulk_approval_notifies_once_per_product(market: Market) -> None:
    products = [
        make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku=f"S-{n}"))
        for n in range(2)
    ]
    approved = products_bulk_approve(
        actor=market.world.user("admin.batang"), product_ids=[p.pk for p in products]
    )
    assert approved == 2
    assert Notification.objects.filter(code="product.approved").count() == 2
