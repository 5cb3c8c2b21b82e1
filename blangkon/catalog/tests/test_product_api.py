"""The products API: vendor tokens list their own products, admin tokens
curate, anyone reads live products. Errors are {code, message, fields}."""

import json
from typing import Any

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import (
    Market,
    atk_input,
    make_product,
)
from conftest import PASSWORD

BODY: dict[str, Any] = {
    "sku": "ATK-API-1",
    "name": "Stapler kecil",
    "category": "atk",
    "unit": "buah",
    "price": 18_500,
    "stock": 12,
    "specifications": {"Merek": "Kenko"},
    "coverage": ["33.25"],
}


class Api:
    def __init__(self, client: Any, username: str | None = None) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if username:
            response = self.send(
                "post", "/auth/token", {"username": username, "password": PASSWORD}
            )
            assert response.status_code == 200, response.content
            self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def send(self, method: str, path: str, body: object = None) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    if field:
        assert field in body["fields"], body


def test_a_vendor_token_creates_then_updates_by_sku(market: Market, client) -> None:
    api = Api(client, "pemilik.vendor")
    created = api.send("post", "/vendor/products", BODY)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert created.json()["specifications"] == {"merek": "Kenko"}
    assert created.json()["ceiling_warning"] is None
    updated = api.send("post", "/vendor/products", {**BODY, "stock": 3})
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert Product.objects.get().stock == 3
    listing = api.send("get", "/vendor/products")
    assert listing.status_code == 200
    assert [item["sku"] for item in listing.json()["items"]] == ["ATK-API-1"]
    assert AuditEvent.objects.filter(action="product.create").count() == 1


@pytest.mark.parametrize("price", [1500.5, "1500.5", "1500", None, True])
def test_a_price_that_is_not_a_json_integer_is_refused(
    market: Market, client, price: object
) -> None:
    response = Api(client, "pemilik.vendor").send(
        "post", "/vendor/products", {**BODY, "price": price}
    )
    assert_error(response, 400, "invalid_input", "price")
    assert not Product.objects.exists()


@pytest.mark.parametrize("price", [0, -5])
def test_zero_and_negative_prices_are_refused(market: Market, client, price: int) -> None:
    response = Api(client, "pemilik.vendor").send(
        "post", "/vendor/products", {**BODY, "price": price}
    )
    assert_error(response, 400, "invalid", "price")
    assert not Product.objects.exists()


def test_all_field_problems_come_back_at_once(market: Market, client) -> None:
    response = Api(client, "pemilik.vendor").send(
        "post",
        "/vendor/products",
        {**BODY, "category": "kertas-bahan-cetak", "unit": "kg", "coverage": ["99.99"]},
    )
    assert_error(response, 400, "invalid")
    assert set(response.json()["fields"]) == {"unit", "specifications", "coverage"}


def test_a_vendor_token_cannot_reach_another_vendors_product(market: Market, client) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    api = Api(client, "pemilik.kendal")
    assert_error(api.send("get", f"/vendor/products/{product.pk}"), 404, "not_found")
    assert_error(api.send("put", f"/vendor/products/{product.pk}", BODY), 404, "not_found")
    assert_error(api.send("post", f"/vendor/products/{product.pk}/submit"), 404, "not_found")
    assert_error(
        api.send("post", f"/vendor/products/{product.pk}/take-down", {"reason": "vendor"}),
        404,
        "not_found",
    )
    product.refresh_from_db()
    assert (product.name, product.status) == ("Ballpoint hitam (isi 12)", "tayang")


def test_a_vendor_token_edits_submits_and_takes_down(market: Market, client) -> None:
    product = make_product(market)
    api = Api(client, "staf.vendor")
    got = api.send("get", f"/vendor/products/{product.pk}")
    assert got.status_code == 200
    assert got.json()["sku"] == "ATK-001"
    put = api.send("put", f"/vendor/products/{product.pk}", {**BODY, "sku": "ATK-001"})
    assert put.status_code == 200, put.content
    assert put.json()["name"] == "Stapler kecil"
    submitted = api.send("post", f"/vendor/products/{product.pk}/submit")
    assert submitted.json()["status"] == "submitted"
    wrong = api.send("post", f"/vendor/products/{product.pk}/take-down", {"reason": "vendor"})
    assert_error(wrong, 400, "invalid_transition")


def test_vendor_endpoints_need_a_vendor_token(market: Market, client) -> None:
    assert_error(Api(client).send("get", "/vendor/products"), 401, "unauthenticated")
    assert_error(Api(client, "admin.batang").send("get", "/vendor/products"), 404, "not_found")


def test_an_admin_token_curates_within_its_kab_kota(market: Market, client) -> None:
    mine = make_product(market, ProductStatus.SUBMITTED)
    theirs = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    api = Api(client, "admin.batang")
    queue = api.send("get", "/curation/products")
    assert queue.status_code == 200
    assert [item["id"] for item in queue.json()["items"]] == [mine.pk]
    assert queue.json()["items"][0]["waiting_days"] == 0
    assert_error(api.send("post", f"/curation/products/{theirs.pk}/approve"), 404, "not_found")
    approved = api.send("post", f"/curation/products/{mine.pk}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "tayang"
    theirs.refresh_from_db()
    assert theirs.status == ProductStatus.SUBMITTED


def test_revision_rejection_and_bulk_approval_through_the_api(market: Market, client) -> None:
    first = make_product(market, ProductStatus.SUBMITTED)
    second = make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="B"))
    third = make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="C"))
    api = Api(client, "admin.provinsi")
    assert_error(
        api.send("post", f"/curation/products/{first.pk}/request-revision", {"reason": " "}),
        400,
        "invalid",
        "reason",
    )
    revised = api.send(
        "post", f"/curation/products/{first.pk}/request-revision", {"reason": "Foto buram"}
    )
    assert revised.json()["status"] == "revision_requested"
    rejected = api.send("post", f"/curation/products/{second.pk}/reject", {"reason": "Bukan ATK"})
    assert rejected.json()["status"] == "rejected"
    bulk = api.send("post", "/curation/products/bulk-approve", {"product_ids": [third.pk]})
    assert bulk.json() == {"approved": 1}
    assert_error(
        api.send("post", "/curation/products/bulk-approve", {"product_ids": []}),
        400,
        "invalid_input",
        "product_ids",
    )


def test_curation_endpoints_refuse_vendor_and_buyer_tokens(market: Market, client) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    for username in ("pemilik.vendor", "pp.batang"):
        api = Api(client, username)
        # As on the page (/produk/kurasi/): no queue for them, not an empty one.
        assert_error(api.send("get", "/curation/products"), 404, "not_found")
        assert_error(api.send("post", f"/curation/products/{product.pk}/approve"), 403, "forbidden")


def test_the_public_reads_live_products_without_a_token(market: Market, client) -> None:
    live = make_product(
        market,
        ProductStatus.TAYANG,
        data=atk_input(description="**Tebal** <script>x</script>"),
    )
    draft = make_product(market, data=atk_input(sku="DRAFT"))
    api = Api(client)
    response = api.send("get", f"/products/{live.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["price"] == 25_000
    assert body["tax_treatment"]["code"] == "ppn"
    assert body["tax_treatment"]["ppn_included"] is True
    assert body["vendor"]["storefront_url"] == f"/penyedia/{market.batang_vendor.pk}/toko/"
    assert (
        body["description_html"] == "<p><strong>Tebal</strong> &lt;script&gt;x&lt;/script&gt;</p>"
    )
    assert [p["price"] for p in body["price_history"]] == [25_000]
    assert "sku" not in body
    assert "status" not in body
    assert_error(api.send("get", f"/products/{draft.pk}"), 404, "not_found")
    market.batang_vendor.status = "suspended"
    market.batang_vendor.save(update_fields=["status"])
    assert_error(api.send("get", f"/products/{live.pk}"), 404, "not_found")
