"""Product pages through the test client: the vendor's list and form, the
curators' queue, and the public product page."""

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.catalog.services import product_upsert_by_sku
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import (
    Market,
    atk_input,
    catering_input,
    make_product,
)
from blangkon.vendors.status import VendorStatus


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Map plastik kancing",
        "sku": "MAP-01",
        "category": "atk",
        "unit": "pak",
        "price": "15.000",
        "description": "Map warna-warni.",
        "specifications": "Warna: biru\nUkuran: folio",
        "min_order_quantity": "1",
        "stock": "40",
        "coverage": ["33.25", "33.24"],
        "tkdn_percent": "",
    }
    data.update(changes)
    return data


# --- the vendor's pages ---------------------------------------------------------


def test_a_vendor_lists_a_product_through_the_form(market: Market, client_for) -> None:
    client = client_for(market.batang_owner)
    assert client.get("/produk/saya/baru/").status_code == 200
    response = client.post("/produk/saya/baru/", form_data())
    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/produk/saya/{product.pk}/"
    assert product.price == 15_000
    assert product.status == ProductStatus.DRAFT
    assert product.specifications == {"warna": "biru", "ukuran": "folio"}
    assert sorted(product.coverage.values_list("code", flat=True)) == ["33.24", "33.25"]
    assert AuditEvent.objects.filter(action="product.create", actor=market.batang_owner).exists()
    listing = client.get("/produk/saya/")
    assert listing.status_code == 200
    assert b"Map plastik kancing" in listing.content


@pytest.mark.parametrize("price", ["1500.5", "1500,5", "-1500", "0", "abc", "1.50.0"])
def test_the_form_refuses_prices_that_are_not_positive_whole_rupiah(
    market: Market, client_for, price: str
) -> None:
    response = client_for(market.batang_owner).post("/produk/saya/baru/", form_data(price=price))
    assert response.status_code == 200
    assert "price" in response.context["form"].errors
    assert not Product.objects.exists()


def test_service_refusals_land_on_their_fields(market: Market, client_for) -> None:
    # A specification name over the service's length limit: only the service checks it.
    response = client_for(market.batang_owner).post(
        "/produk/saya/baru/", form_data(specifications=f"{'x' * 61}: biru")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"__all__", "specifications"}
    assert not Product.objects.exists()


def test_the_unit_must_belong_to_the_category(market: Market, client_for) -> None:
    response = client_for(market.batang_owner).post(
        "/produk/saya/baru/", form_data(category="katering", unit="rim")
    )
    assert "unit" in response.context["form"].errors
    assert not Product.objects.exists()


def test_a_badly_written_specification_line_is_refused(market: Market, client_for) -> None:
    response = client_for(market.batang_owner).post(
        "/produk/saya/baru/", form_data(specifications="warna biru")
    )
    assert "specifications" in response.context["form"].errors


def test_the_vendor_edits_and_submits(market: Market, client_for) -> None:
    product = make_product(market)
    client = client_for(market.batang_owner)
    assert client.get(f"/produk/saya/{product.pk}/ubah/").status_code == 200
    response = client.post(
        f"/produk/saya/{product.pk}/ubah/",
        form_data(name="Ballpoint biru", sku=product.sku, unit="dos", price="26000"),
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price) == ("Ballpoint biru", 26_000)
    response = client.post(f"/produk/saya/{product.pk}/ajukan/")
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED
    preview = client.get(f"/produk/saya/{product.pk}/")
    assert preview.status_code == 200


def test_the_vendor_takes_a_live_product_down(market: Market, client_for) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    client = client_for(market.batang_owner)
    client.post(f"/produk/saya/{product.pk}/turunkan/", {"reason": "out_of_stock"})
    product.refresh_from_db()
    assert (product.status, product.takedown_reason) == ("turun_tayang", "out_of_stock")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/produk/saya/{id}/"),
        ("get", "/produk/saya/{id}/ubah/"),
        ("post", "/produk/saya/{id}/ubah/"),
        ("post", "/produk/saya/{id}/ajukan/"),
        ("post", "/produk/saya/{id}/turunkan/"),
    ],
)
def test_a_vendor_cannot_reach_another_vendors_product_by_id(
    market: Market, client_for, method: str, path: str
) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    client = client_for(market.kendal_owner)
    url = path.format(id=product.pk)
    response = getattr(client, method)(url, form_data(price="1", reason="vendor"))
    assert response.status_code == 404
    product.refresh_from_db()
    assert (product.price, product.status) == (25_000, ProductStatus.TAYANG)


@pytest.mark.parametrize("username", ["pp.batang", "admin.batang"])
def test_non_vendors_have_no_vendor_pages(market: Market, client_for, username: str) -> None:
    client = client_for(market.world.user(username))
    assert client.get("/produk/saya/").status_code == 404
    assert client.get("/produk/saya/baru/").status_code == 404


def test_the_unit_list_follows_the_category(market: Market, client_for) -> None:
    response = client_for(market.batang_owner).get(
        "/produk/saya/satuan/?category=katering", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b'value="kotak"' in response.content
    assert b'value="rim"' not in response.content


def test_a_price_above_the_ceiling_is_warned_about_on_the_form(market: Market, client_for) -> None:
    client = client_for(market.batang_owner)
    response = client.post("/produk/saya/baru/", form_data(price="60.000.000"), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "warning" for m in response.context["messages"])
    product = Product.objects.get()
    edit = client.get(f"/produk/saya/{product.pk}/ubah/")
    assert edit.context["ceiling_warning"]


# --- the public page --------------------------------------------------------------


def test_the_public_page_shows_a_live_product(market: Market, client) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    response = client.get(f"/produk/{product.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ballpoint hitam (isi 12)" in body
    assert "Rp25.000" in body
    assert response.context["treatment"].code == "ppn"  # the Batang vendor is PKP
    assert (response.context["price_base"], response.context["price_ppn"]) == (22_523, 2_477)
    assert f"/penyedia/{market.batang_vendor.pk}/toko/" in body
    assert [c.new_price for c in response.context["prices"]] == [25_000]


def test_the_public_page_of_a_non_pkp_caterer(market: Market, client) -> None:
    product = make_product(
        market, ProductStatus.TAYANG, vendor=market.kendal_vendor, data=catering_input()
    )
    response = client.get(f"/produk/{product.pk}/")
    assert response.context["treatment"].code == "pbjt"


def test_html_in_names_and_descriptions_is_escaped(market: Market, client) -> None:
    product = make_product(
        market,
        ProductStatus.TAYANG,
        data=atk_input(
            name="<script>alert('nama')</script>",
            description='Bagus <img src=x onerror="alert(1)">\n- <b>satu</b>',
            specifications={"warna": "<i>merah</i>"},
        ),
    )
    body = client.get(f"/produk/{product.pk}/").content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#x27;nama&#x27;)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=" in body
    assert "<b>satu</b>" not in body
    assert "<i>merah</i>" not in body


@pytest.mark.parametrize("status", [s for s in ProductStatus.values if s != "tayang"])
def test_the_public_page_of_a_product_that_is_not_live_is_404(
    market: Market, client, status: str
) -> None:
    product = make_product(market, status)
    assert client.get(f"/produk/{product.pk}/").status_code == 404


def test_the_public_page_is_404_once_the_vendor_is_suspended(market: Market, client) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    assert client.get(f"/produk/{product.pk}/").status_code == 200
    market.batang_vendor.status = VendorStatus.SUSPENDED
    market.batang_vendor.save(update_fields=["status"])
    assert client.get(f"/produk/{product.pk}/").status_code == 404


# --- curation pages --------------------------------------------------------------


def test_the_curation_queue_shows_only_the_curators_kab_kota(market: Market, client_for) -> None:
    make_product(market, ProductStatus.SUBMITTED)
    make_product(
        market,
        ProductStatus.SUBMITTED,
        vendor=market.kendal_vendor,
        data=atk_input(name="Produk Kendal"),
    )
    response = client_for(market.world.user("admin.batang")).get("/produk/kurasi/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ballpoint hitam" in body
    assert "Produk Kendal" not in body
    filtered = client_for(market.world.user("admin.provinsi")).get("/produk/kurasi/?kab_kota=33.24")
    assert [p.name for p in filtered.context["page"]] == ["Produk Kendal"]


@pytest.mark.parametrize("username", ["pemilik.vendor", "pp.batang", "auditor.provinsi"])
def test_non_curators_have_no_curation_pages(market: Market, client_for, username: str) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    client = client_for(market.world.user(username))
    assert client.get("/produk/kurasi/").status_code == 404
    assert client.get(f"/produk/kurasi/{product.pk}/").status_code == 404
    assert client.post(f"/produk/kurasi/{product.pk}/setujui/").status_code == 404
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED


def test_bulk_approval_from_the_queue(market: Market, client_for) -> None:
    first = make_product(market, ProductStatus.SUBMITTED)
    second = make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="ATK-002"))
    client = client_for(market.world.user("admin.batang"))
    response = client.post("/produk/kurasi/setujui/", {"product_ids": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(Product.objects.values_list("status", flat=True)) == {"tayang"}


def test_a_batang_curator_gets_404_for_a_kendal_product(market: Market, client_for) -> None:
    product = make_product(market, ProductStatus.SUBMITTED, vendor=market.kendal_vendor)
    client = client_for(market.world.user("admin.batang"))
    assert client.get(f"/produk/kurasi/{product.pk}/").status_code == 404
    assert client.post(f"/produk/kurasi/{product.pk}/setujui/").status_code == 404
    assert client.post("/produk/kurasi/setujui/", {"product_ids": [product.pk]}).status_code == 404
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED


def test_the_curator_reviews_revises_and_handles_prices(market: Market, client_for) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    client = client_for(market.world.user("admin.batang"))
    assert client.get(f"/produk/kurasi/{product.pk}/").status_code == 200
    client.post(f"/produk/kurasi/{product.pk}/revisi/", {"revision_reason": ""})
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED  # a reason is required
    client.post(f"/produk/kurasi/{product.pk}/revisi/", {"revision_reason": "Foto kurang jelas"})
    product.refresh_from_db()
    assert product.status == ProductStatus.REVISION_REQUESTED

    live = make_product(market, ProductStatus.TAYANG, data=atk_input(sku="ATK-LIVE"))
    product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(sku="ATK-LIVE", price=50_000),
    )
    assert client.get(f"/produk/kurasi/{live.pk}/").status_code == 200
    client.post(f"/produk/kurasi/{live.pk}/perubahan/tolak/")
    live.refresh_from_db()
    assert (live.price, live.pending_price) == (25_000, None)
    client.post(f"/produk/kurasi/{live.pk}/turunkan/", {"reason": "price_anomaly", "note": "x"})
    live.refresh_from_db()
    assert (live.status, live.takedown_reason) == ("turun_tayang", "price_anomaly")
