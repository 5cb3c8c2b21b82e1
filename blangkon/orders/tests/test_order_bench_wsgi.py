"""The HTTP benchmark's buyer (bench/order_http.py), its requests handed to
the WSGI application in the test's process (bench/order_wsgi.py): the API
contract the load relies on (a draft, its submission, the PPK's signature,
replays with the same key) holds, and every request is measured under its
step. What the figures are is the benchmark's business, not a test's."""

import pytest

from bench.order_http import issue_tokens
from bench.order_load import Size, build_world, check_invariants
from bench.order_wsgi import report, run
from blangkon.orders.models import Order
from blangkon.orders.status import SIGNED
from conftest import TRANSACTIONAL, reference_data_reload

# A transactional database: each answer ends the request (request_finished),
# which closes a connection found inside a test's transaction.
pytestmark = TRANSACTIONAL

TINY = Size(clients=1, kab_kota=1, opds_per_kab_kota=1, vendors=3, hot_products=1, hot_stock=4)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


def test_one_buyer_over_the_wsgi_application_orders_and_every_request_is_measured() -> None:
    world = build_world(TINY)
    buyer = issue_tokens(world)[0]

    result = run(world, buyer, orders=8, seed=3, reads=2)

    assert result["errors"] == []
    assert result["signed"] == Order.objects.filter(status__in=SIGNED).count() > 0
    steps = result["steps"]
    assert steps["create"]["calls"] == 8
    assert steps["GET one order"]["calls"] == 2
    assert steps["approve"]["calls"] >= result["signed"] - steps.get("approve_justified", {}).get(
        "calls", 0
    )
    for figures in steps.values():
        assert figures["statements"] >= 1  # at least the token's lookup
        assert figures["python_ms"] > 0
    refused = {k: n for k, n in result["outcomes"].items() if not k.endswith(": ok")}
    assert sum(result["outcomes"].values()) - sum(refused.values()) >= 3 * result["signed"]
    assert "| create | 8 |" in report(result)
    invariants = check_invariants(world)
    assert (invariants.over_ceiling, invariants.oversold, invariants.duplicates) == (0, 0, 0)
