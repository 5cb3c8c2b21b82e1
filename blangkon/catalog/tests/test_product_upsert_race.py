"""Create-or-update by SKU under real concurrency: parallel requests with one
new SKU create it once and update it with the others, with no error.

Each thread has its own database connection, so the test commits
(transaction=True) and reloads the reference data the flush removed.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, market
from blangkon.catalog.tests.test_product_api import BODY
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["market"]

pytestmark = TRANSACTIONAL

PARALLEL = 20


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()  # the flush after an earlier transactional test removed it


def in_parallel(count: int, send: Any) -> list[Any]:
    """Run send(i) in `count` threads released at once; each thread closes its
    own connection when done."""
    start = threading.Barrier(count)

    def run(index: int) -> Any:
        try:
            start.wait()
            return send(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_parallel_upserts_of_one_new_sku_create_it_once_and_update_it(market: Market) -> None:
    _token, raw = api_token_issue(user=market.batang_owner)
    bodies = [
        {**BODY, "sku": "ATK-BARU-1", "name": f"Stapler versi {i}", "price": 10_000 + i}
        for i in range(PARALLEL)
    ]

    def send(index: int) -> tuple[int, Any]:
        response = Client().post(
            "/api/v1/vendor/products",
            bodies[index],
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        return response.status_code, response.json()

    answers = in_parallel(PARALLEL, send)

    errors = [body for status, body in answers if status not in (200, 201)]
    assert errors == []
    assert sorted(status for status, _body in answers) == [200] * (PARALLEL - 1) + [201]
    product = Product.objects.get(vendor=market.batang_vendor)
    assert {body["id"] for _status, body in answers} == {product.pk}
    assert {"name": product.name, "price": product.price} in [
        {"name": body["name"], "price": body["price"]} for body in bodies
    ]
    assert AuditEvent.objects.filter(action="product.create").count() == 1


def test_parallel_renames_to_one_sku_give_one_success_and_duplicates(market: Market) -> None:
    _token, raw = api_token_issue(user=market.batang_owner)
    ids = [
        Client()
        .post(
            "/api/v1/vendor/products",
            {**BODY, "sku": f"ATK-LAMA-{i}"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        .json()["id"]
        for i in range(PARALLEL // 2)
    ]

    def send(index: int) -> tuple[int, Any]:
        response = Client().put(
            f"/api/v1/vendor/products/{ids[index]}",
            {**BODY, "sku": "ATK-SAMA"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
        return response.status_code, response.json()

    answers = in_parallel(len(ids), send)

    assert sorted(status for status, _body in answers) == [200] + [400] * (len(ids) - 1)
    assert {body["code"] for status, body in answers if status == 400} == {"duplicate"}
    assert Product.objects.filter(sku="ATK-SAMA").count() == 1
