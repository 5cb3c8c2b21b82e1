"""The cart through the pages and the API, with the test client."""

import pytest
from django.test import Client
from django.utils import translation

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.orders.models import CartLine
from blangkon.orders.services import cart_add

__all__ = ["market"]


def api(user: User) -> Client:
    """A client that sends the user's bearer token."""
    _token, raw = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def pens(market: Market) -> Product:
    return make_product(market, ProductStatus.TAYANG, data=atk_input(price=47_500))


@pytest.mark.parametrize(
    "path", ["/produk/{id}/", "/katalog/?q=ballpoint", "/katalog/bandingkan/?id={id}&id={id}"]
)
def test_the_add_control_is_shown_to_buyers_only(
    client_for, market: Market, pens: Product, path: str
) -> None:
    url = path.format(id=pens.pk)
    page = client_for(market.world.user("pp.batang")).get(url).content.decode()
    assert "Tambah ke keranjang" in page
    assert f'id="cart-add-{pens.pk}"' in page
    assert 'href="/keranjang/"' in page  # the header's cart link
    other = client_for(market.world.user("ppk.batang")).get(url).content.decode()
    assert "Tambah ke keranjang" not in other
    assert 'href="/keranjang/"' not in other


def test_adding_without_javascript_redirects_back_with_a_message(
    client_for, market: Market, pens: Product
) -> None:
    client = client_for(market.world.user("pp.batang"))
    answer = client.post(
        "/keranjang/tambah/",
        {"product_id": pens.pk, "quantity": "3", "next": "/katalog/?q=ballpoint"},
        follow=True,
    )
    assert answer.redirect_chain[-1][0] == "/katalog/?q=ballpoint"
    assert "Ditambahkan ke keranjang." in answer.content.decode()
    assert CartLine.objects.get().quantity == 3


def test_adding_by_htmx_answers_a_fragment_with_the_refusal(
    client_for, market: Market, pens: Product
) -> None:
    client = client_for(market.world.user("pp.batang"))
    answer = client.post(
        "/keranjang/tambah/",
        {"product_id": pens.pk, "quantity": "1.5"},
        headers={"HX-Request": "true"},
    )
    body = answer.content.decode()
    assert answer.status_code == 200
    assert 'role="alert"' in body
    assert "bilangan bulat" in body
    ok = client.post(
        "/keranjang/tambah/",
        {"product_id": pens.pk, "quantity": "2"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'id="cart-count"' in ok
    assert ">1</span>" in ok


def test_the_cart_page_shows_a_changed_price(client_for, market: Market, pens: Product) -> None:
    buyer = market.world.user("pp.batang")
    cart_add(user=buyer, product_id=pens.pk, quantity=2)
    Product.objects.filter(pk=pens.pk).update(price=52_000)
    page = client_for(buyer).get("/keranjang/").content.decode()
    assert "Harga berubah dari Rp47.500 menjadi Rp52.000" in page
    assert "CV Sumber Rejeki" in page
    assert "Rp104.000" in page
    assert "Lanjut ke pemesanan" in page
    assert f'href="/pesanan/checkout/{pens.vendor_id}/"' in page


def test_another_buyers_line_is_404_on_pages_and_api(
    client_for, market: Market, pens: Product
) -> None:
    line = cart_add(user=market.world.user("pp.batang"), product_id=pens.pk, quantity=2)
    other_api = api(market.world.user("pp.kendal"))
    assert (
        other_api.patch(
            f"/api/v1/cart/lines/{line.pk}", {"quantity": 9}, content_type="application/json"
        ).status_code
        == 404
    )
    assert other_api.delete(f"/api/v1/cart/lines/{line.pk}").status_code == 404
    other = client_for(market.world.user("pp.kendal"))
    assert other.post(f"/keranjang/baris/{line.pk}/ubah/", {"quantity": "9"}).status_code == 404
    assert other.post(f"/keranjang/baris/{line.pk}/hapus/").status_code == 404
    assert CartLine.objects.get().quantity == 2


@pytest.mark.parametrize("username", ["pemilik.vendor", "admin.provinsi", "bendahara.batang"])
def test_vendors_admins_and_others_cannot_use_a_cart(
    client_for, market: Market, pens: Product, username: str
) -> None:
    answer = api(market.world.user(username)).post(
        "/api/v1/cart/lines",
        {"product_id": pens.pk, "quantity": 1},
        content_type="application/json",
    )
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
    client = client_for(market.world.user(username))
    assert client.get("/keranjang/").status_code == 404
    assert (
        client.post("/keranjang/tambah/", {"product_id": pens.pk, "quantity": "1"}).status_code
        == 404
    )
    assert not CartLine.objects.exists()


def test_the_api_adds_reads_updates_and_removes(market: Market, pens: Product) -> None:
    client = api(market.world.user("pp.batang"))
    with translation.override("id"):
        refused = client.post(
            "/api/v1/cart/lines",
            {"product_id": pens.pk, "quantity": 0},
            content_type="application/json",
            headers={"Accept-Language": "id"},
        )
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_quantity"
    added = client.post(
        "/api/v1/cart/lines",
        {"product_id": pens.pk, "quantity": 2},
        content_type="application/json",
    )
    assert added.status_code == 201
    vendor = added.json()["vendors"][0]
    assert (vendor["vendor_name"], vendor["subtotal"]) == ("CV Sumber Rejeki", 95_000)
    line_id = vendor["lines"][0]["id"]
    Product.objects.filter(pk=pens.pk).update(price=52_000)
    cart = client.get("/api/v1/cart").json()
    line = cart["vendors"][0]["lines"][0]
    assert (line["price_seen"], line["price"], line["price_changed"], cart["total"]) == (
        47_500,
        52_000,
        True,
        104_000,
    )
    updated = client.patch(
        f"/api/v1/cart/lines/{line_id}", {"quantity": 101}, content_type="application/json"
    )
    assert (updated.status_code, updated.json()["code"]) == (400, "insufficient_stock")
    assert client.delete(f"/api/v1/cart/lines/{line_id}").status_code == 204
    assert client.get("/api/v1/cart").json() == {"vendors": [], "total": 0}
