"""Only a vendor that may sell sends products to curation: the curators could
approve nothing else. Unverified, rejected and sanctioned vendors keep
preparing drafts, and are told why and what to do."""

import datetime
import json

import pytest
from django.utils import timezone, translation

from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import Product, ProductStatusChange
from blangkon.catalog.product_selectors import CurationFilters, curation_queue
from blangkon.catalog.services import product_submit
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.bulk_fixtures import private_media, xlsx_upload
from blangkon.catalog.tests.factories import Market, catering_input, make_product
from blangkon.core.errors import DomainError
from blangkon.vendors.models import Vendor, VendorCertificate
from blangkon.vendors.services import certificate_save, expire_certificates
from blangkon.vendors.status import VendorStatus

__all__ = ["private_media"]

UNVERIFIED = [VendorStatus.DRAFT, VendorStatus.SUBMITTED, VendorStatus.REVISION_REQUESTED]
MAY_NOT_SELL = [*UNVERIFIED, VendorStatus.REJECTED, VendorStatus.SUSPENDED, VendorStatus.BANNED]
CODES: dict[str, str] = {
    **dict.fromkeys(UNVERIFIED, "vendor_not_verified"),
    VendorStatus.REJECTED: "vendor_not_verified",
    VendorStatus.SUSPENDED: "vendor_not_active",
    VendorStatus.BANNED: "vendor_not_active",
}


def set_status(vendor: Vendor, status: str) -> None:
    Vendor.objects.filter(pk=vendor.pk).update(status=status)


def history(product: Product) -> tuple[int, int]:
    return (
        ProductStatusChange.objects.filter(product=product).count(),
        AuditEvent.objects.filter(action="product.submitted").count(),
    )


@pytest.mark.parametrize("vendor_status", MAY_NOT_SELL)
def test_a_vendor_that_may_not_sell_keeps_its_drafts_and_cannot_submit_them(
    market: Market, vendor_status: str
) -> None:
    set_status(market.batang_vendor, vendor_status)
    product = make_product(market)  # creating a draft is still allowed
    assert product.status == ProductStatus.DRAFT
    with translation.override("id"), pytest.raises(DomainError) as refused:
        product_submit(actor=market.batang_owner, product_id=product.pk)
    assert refused.value.code == CODES[vendor_status]
    if vendor_status in UNVERIFIED:
        assert str(refused.value.message).startswith(
            "Produk dapat diajukan setelah pendaftaran Anda diverifikasi."
        )
    product.refresh_from_db()
    assert product.status == ProductStatus.DRAFT
    assert history(product) == (0, 0)


def test_a_verified_vendor_submits(market: Market) -> None:
    product = make_product(market)
    assert product_submit(actor=market.batang_owner, product_id=product.pk).status == "submitted"


def test_the_api_answers_with_a_code_and_what_to_do(market: Market, client) -> None:
    set_status(market.batang_vendor, VendorStatus.SUBMITTED)
    _token, raw = api_token_issue(user=market.batang_owner)
    headers = {"Authorization": f"Bearer {raw}", "Accept-Language": "id"}
    created = client.post(
        "/api/v1/vendor/products",
        json.dumps(
            {
                "sku": "ATK-1",
                "name": "Stapler kecil",
                "category": "atk",
                "unit": "buah",
                "price": 18_500,
                "stock": 3,
            }
        ),  # fmt: skip
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"

    response = client.post(
        f"/api/v1/vendor/products/{created.json()['id']}/submit", headers=headers
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "vendor_not_verified"
    assert "diverifikasi" in body["message"]
    assert Product.objects.get().status == ProductStatus.DRAFT


def test_the_product_page_says_why_next_to_the_submit_button(market: Market, client_for) -> None:
    set_status(market.batang_vendor, VendorStatus.DRAFT)
    product = make_product(market)
    client = client_for(market.batang_owner)

    page = client.get(f"/produk/saya/{product.pk}/", headers={"Accept-Language": "id"})

    html = page.content.decode()
    button = html.index("Ajukan untuk kurasi")
    reason = html.index("Produk dapat diajukan setelah pendaftaran Anda diverifikasi.")
    assert 0 < reason - button < 600  # beside the button, not elsewhere on the page
    assert "disabled" in html[html.rindex("<button", 0, button) : button]
    assert 'href="/penyedia/saya/"' in html[reason : reason + 600]

    response = client.post(f"/produk/saya/{product.pk}/ajukan/", follow=True)
    assert response.redirect_chain[-1][0] == f"/produk/saya/{product.pk}/"
    messages = [str(message) for message in response.context["messages"]]
    assert any("verif" in message for message in messages)
    product.refresh_from_db()
    assert product.status == ProductStatus.DRAFT


def test_the_product_list_explains_instead_of_offering_submit(market: Market, client_for) -> None:
    set_status(market.batang_vendor, VendorStatus.SUBMITTED)
    product = make_product(market)
    page = client_for(market.batang_owner).get("/produk/saya/", headers={"Accept-Language": "id"})
    html = page.content.decode()
    assert f"/produk/saya/{product.pk}/ajukan/" not in html
    assert "Produk dapat diajukan setelah pendaftaran Anda diverifikasi." in html


def test_a_bulk_import_of_an_unverified_vendor_only_creates_drafts(market: Market) -> None:
    set_status(market.batang_vendor, VendorStatus.SUBMITTED)
    upload = bulk_upload_create(
        actor=market.batang_owner, upload=xlsx_upload(sample_rows(20).content)
    )
    upload.refresh_from_db()
    assert (upload.status, upload.created_count) == ("done", 20)
    assert set(Product.objects.values_list("status", flat=True)) == {ProductStatus.DRAFT}
    assert not ProductStatusChange.objects.exists()
    admin = market.world.user("admin.provinsi")
    assert not curation_queue(user=admin, filters=CurationFilters()).exists()


def test_renewing_a_certificate_of_a_suspended_vendor_does_not_fill_the_queue(
    market: Market,
) -> None:
    vendor = market.batang_vendor
    today = timezone.localdate()
    VendorCertificate.objects.create(
        vendor=vendor, kind="halal", number="ID1", expires_on=today - datetime.timedelta(days=1)
    )
    food = make_product(market, ProductStatus.TAYANG, data=catering_input())
    expire_certificates(today=today)
    set_status(vendor, VendorStatus.SUSPENDED)

    certificate_save(
        actor=market.batang_owner,
        vendor_id=vendor.pk,
        kind="halal",
        number="ID2",
        expires_on=today + datetime.timedelta(days=365),
    )

    assert VendorCertificate.objects.get(vendor=vendor).status == "valid"
    food.refresh_from_db()
    assert (food.status, food.takedown_reason) == ("turun_tayang", "expired_certificate")
