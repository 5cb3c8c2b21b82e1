"""The rating page, the API, the storefront and the search's rating sort over HTTP."""

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, ppk, vendor_user
from blangkon.orders.tests.test_order_api import api
from blangkon.ratings.models import OpdRating, RatingReply, VendorRating
from blangkon.ratings.services import rating_by_ppk, rating_by_vendor

__all__ = ["market"]

pytestmark = pytest.mark.django_db

PPK_FORM = {"vendor-quality": "5", "vendor-timeliness": "4", "vendor-conformity": "4"}
VENDOR_FORM = {"opd-clarity": "4", "opd-payment_speed": "5"}


@pytest.fixture
def completed(market: Market) -> Order:
    return make_order(market, S.SELESAI, live_product(market))


def _page(order: Order) -> str:
    return reverse("rating:order", args=[order.pk])


def _post(client: Client, path: str, body: dict[str, Any], key: str = "") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1{path}", body, content_type="application/json", headers=headers)


def _both_rate(market: Market, order: Order) -> None:
    rating_by_ppk(
        user=ppk(market),
        order_id=order.pk,
        quality=5,
        timeliness=4,
        conformity=3,
        comment="Rapi dan sesuai.",
    )
    rating_by_vendor(user=vendor_user(market), order_id=order.pk, clarity=5, payment_speed=5)


# --- the page ----------------------------------------------------------------------


def test_the_order_page_links_to_the_rating_page_once_completed(
    market: Market, completed: Order, client_for
) -> None:
    client = client_for(ppk(market))
    html = client.get(reverse("order:detail", args=[completed.pk])).content.decode()
    assert _page(completed) in html
    earlier = make_order(market, S.DIBAYAR, live_product(market, sku="ATK-002"))
    html = client.get(reverse("order:detail", args=[earlier.pk])).content.decode()
    assert reverse("rating:order", args=[earlier.pk]) not in html


def test_the_ppk_rates_on_the_page_and_a_form_sent_twice_acts_once(
    market: Market, completed: Order, client_for
) -> None:
    client = client_for(ppk(market))
    page = client.get(_page(completed))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="vendor-quality"' in html
    assert 'name="opd-clarity"' not in html  # the PPK rates the vendor only
    body = PPK_FORM | {"vendor-idempotency_key": str(uuid.uuid4()), "vendor-comment": "Baik"}
    first = client.post(_page(completed), body)
    assert first.status_code == 302
    again = client.post(_page(completed), body)  # a double click: the first answer
    assert again.status_code == 302
    assert VendorRating.objects.get().comment == "Baik"
    html = client.get(_page(completed)).content.decode()
    assert "Belum dipublikasikan" in html  # "Not published yet", in Bahasa Indonesia
    # The vendor sees that the PPK rated, not the scores, until it rates too.
    vendor_html = client_for(vendor_user(market)).get(_page(completed)).content.decode()
    assert "Baik" not in vendor_html
    assert 'name="opd-clarity"' in vendor_html


def test_a_rating_form_without_scores_is_shown_again_with_its_errors(
    market: Market, completed: Order, client_for
) -> None:
    response = client_for(vendor_user(market)).post(_page(completed), {"opd-comment": "Hmm"})
    assert response.status_code == 400
    assert "Hmm" in response.content.decode()  # what was typed is kept
    assert not OpdRating.objects.exists()


def test_a_reader_who_rates_nothing_is_told_why_and_nothing_changes(
    market: Market, completed: Order, client_for
) -> None:
    client = client_for(market.world.user("pp.batang"))
    response = client.post(_page(completed), PPK_FORM, follow=True)
    assert response.status_code == 200
    assert "Hanya PPK" in response.content.decode()
    assert not VendorRating.objects.exists()
    assert client_for(market.kendal_owner).get(_page(completed)).status_code == 404


def test_the_vendor_replies_on_the_page(market: Market, completed: Order, client_for) -> None:
    _both_rate(market, completed)
    client = client_for(vendor_user(market))
    html = client.get(_page(completed)).content.decode()
    assert 'name="reply-text"' in html
    reply = reverse("rating:reply", args=[completed.pk])
    assert client.post(reply, {"reply-text": "Terima kasih."}).status_code == 302
    assert RatingReply.objects.get().text == "Terima kasih."
    response = client.post(reply, {"reply-text": "Sekali lagi"}, follow=True)
    assert "sudah dibalas" in response.content.decode()
    assert RatingReply.objects.count() == 1


# --- the storefront and search -------------------------------------------------------


def test_the_storefront_shows_the_average_and_published_ratings_without_names(
    market: Market, completed: Order, client: Client
) -> None:
    storefront = reverse("vendors:storefront", args=[market.batang_vendor.pk])
    html = client.get(storefront).content.decode()
    assert "Belum ada penilaian" in html  # "No ratings yet"
    _both_rate(market, completed)
    RatingReply.objects.create(
        rating=VendorRating.objects.get(),
        written_by=vendor_user(market),
        text="Siap, terima kasih.",
    )
    html = client.get(storefront).content.decode()
    assert "4,0 dari 5, dari 1 penilaian" in html
    assert "Rapi dan sesuai." in html
    assert "Siap, terima kasih." in html
    assert market.world.opd_batang.name in html
    ppk_user = ppk(market)
    assert ppk_user.get_full_name() not in html
    assert ppk_user.username not in html
    api_body = client.get(f"/api/v1/vendors/{market.batang_vendor.pk}/storefront").json()
    assert (api_body["rating_average"], api_body["rating_count"]) == (4.0, 1)


def test_the_rating_sort_puts_rated_vendors_first(
    market: Market, completed: Order, client: Client
) -> None:
    from blangkon.catalog.status import ProductStatus
    from blangkon.catalog.tests.factories import atk_input, make_product

    kendal = make_product(
        market, ProductStatus.TAYANG, vendor=market.kendal_vendor, data=atk_input(sku="K-1")
    )
    _both_rate(market, completed)
    body = client.get("/api/v1/products", {"q": "ballpoint", "sort": "rating"}).json()
    ids = [row["id"] for row in body["results"]]
    assert ids[-1] == kendal.pk  # no rating: last
    assert set(ids[:-1]) == set(market.batang_vendor.products.values_list("pk", flat=True))


# --- the API -----------------------------------------------------------------------


def test_each_side_rates_through_the_api_with_an_idempotency_key(
    market: Market, completed: Order
) -> None:
    path = f"/orders/{completed.pk}/rate"
    ppk_client = api(ppk(market))
    body = {"quality": 4, "timeliness": 4, "conformity": 5, "comment": "Oke"}
    first = _post(ppk_client, path, body, key="k-1")
    assert first.status_code == 200, first.json()
    assert first.json()["side"] == "ppk"
    assert first.json()["published_at"] is None
    assert _post(ppk_client, path, body, key="k-1").json() == first.json()
    again = _post(ppk_client, path, body, key="k-2")
    assert (again.status_code, again.json()["code"]) == (400, "already_rated")
    vendor_client = api(vendor_user(market))
    missing = _post(vendor_client, path, {"comment": "tanpa skor"})
    assert (missing.status_code, missing.json()["code"]) == (400, "invalid")
    assert set(missing.json()["fields"]) == {"clarity", "payment_speed"}
    rated = _post(vendor_client, path, {"clarity": 3, "payment_speed": 2})
    assert rated.status_code == 200
    assert rated.json()["side"] == "vendor"
    assert rated.json()["published_at"] is not None
    out_of_range = _post(vendor_client, path, {"clarity": 9, "payment_speed": 2})
    assert out_of_range.status_code == 400


def test_the_api_refuses_with_stable_codes(market: Market, completed: Order) -> None:
    path = f"/orders/{completed.pk}/rate"
    body = {"quality": 4, "timeliness": 4, "conformity": 5}
    refused = _post(api(market.world.user("pp.batang")), path, body)
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    stranger = _post(api(market.kendal_owner), path, body)
    assert stranger.status_code == 404
    earlier = make_order(market, S.BAST_DITANDATANGANI, live_product(market, sku="ATK-002"))
    early = _post(api(ppk(market)), f"/orders/{earlier.pk}/rate", body)
    assert (early.status_code, early.json()["code"]) == (400, "invalid_transition")
    reply = _post(api(vendor_user(market)), f"/orders/{completed.pk}/rating-reply", {"text": "x"})
    assert (reply.status_code, reply.json()["code"]) == (400, "not_published")


def test_the_reply_and_the_public_list_through_the_api(
    market: Market, completed: Order, client: Client
) -> None:
    _both_rate(market, completed)
    path = f"/orders/{completed.pk}/rating-reply"
    owner = api(vendor_user(market))
    answer = _post(owner, path, {"text": "Terima kasih."}, key="r-1")
    assert answer.status_code == 200
    assert _post(owner, path, {"text": "Terima kasih."}, key="r-1").json() == answer.json()
    twice = _post(owner, path, {"text": "Lagi."}, key="r-2")
    assert (twice.status_code, twice.json()["code"]) == (400, "already_replied")
    listed = client.get(f"/api/v1/vendors/{market.batang_vendor.pk}/ratings")
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["opd"] == market.world.opd_batang.name
    assert (item["quality"], item["timeliness"], item["conformity"], item["score"]) == (
        5,
        4,
        3,
        4.0,
    )
    assert item["reply"] == "Terima kasih."
    assert ppk(market).username not in listed.content.decode()
    assert client.get("/api/v1/vendors/999999/ratings").status_code == 404
