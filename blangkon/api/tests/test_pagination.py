"""Every paginated API list takes limit 1..100 (default 20) and offset
0..10,000; anything else is a 400 naming the field, never a 500."""

from typing import Any

import pytest
from django.test import Client

from blangkon.accounts.services import api_token_issue
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product

LISTS = [
    ("/api/v1/vendor/products", "pemilik.vendor"),
    ("/api/v1/curation/products", "admin.batang"),
]


def get(client: Client, market: Market, path: str, username: str, query: str) -> Any:
    _token, raw = api_token_issue(user=market.world.user(username))
    return client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.parametrize(("path", "username"), LISTS)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"offset={2**63}", "offset"),
        ("offset=10001", "offset"),
        ("offset=-1", "offset"),
        ("limit=100000000", "limit"),
        (f"limit={2**64}", "limit"),
        ("limit=0", "limit"),
        ("limit=banyak", "limit"),
    ],
)
def test_a_page_size_or_offset_out_of_bounds_is_a_400_naming_it(
    client: Client, market: Market, path: str, username: str, query: str, field: str
) -> None:
    response = get(client, market, path, username, query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_input"
    assert list(body["fields"]) == [field]


@pytest.mark.parametrize(("path", "username"), LISTS)
def test_the_bounds_themselves_are_accepted(
    client: Client, market: Market, path: str, username: str
) -> None:
    response = get(client, market, path, username, "limit=100&offset=10000")
    assert response.status_code == 200, response.content
    assert response.json() == {"items": [], "count": 0}


def test_a_list_gives_20_items_unless_asked_for_more(client: Client, market: Market) -> None:
    for number in range(21):
        make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku=f"ATK-{number:02d}"))
    for path, username in LISTS:
        first = get(client, market, path, username, "").json()
        assert (len(first["items"]), first["count"]) == (20, 21)
        rest = get(client, market, path, username, "offset=20").json()
        assert len(rest["items"]) == 1
        assert len(get(client, market, path, username, "limit=100").json()["items"]) == 21
