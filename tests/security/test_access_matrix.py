"""Every route, as every actor, on their own object and on another's: the
answer must be the one tests/security/access_matrix.py expects, no response may
carry personal data its reader must not see, and a write the table refuses
must change nothing."""

import pytest

from tests.security.access_matrix import ROUTES
from tests.security.estate import Estate
from tests.security.figures import MATRIX_PROPERTY
from tests.security.probe import Keys, Prober
from tests.security.routes import all_routes
from tests.security.test_route_inventory import missing_entry

ROUTE_KEYS = sorted(set(all_routes()) | set(ROUTES))


@pytest.mark.parametrize("key", ROUTE_KEYS)
def test_every_actor_gets_what_the_table_says(
    key: str, estate: Estate, keys: Keys, record_property
) -> None:
    route = all_routes().get(key)
    if route is None:
        pytest.fail(f"{key} is in the access table, but no such route exists", pytrace=False)
    rule = ROUTES.get(key)
    if rule is None:
        pytest.fail(missing_entry(route), pytrace=False)
    report = Prober(estate, keys).route(route, rule)
    record_property(MATRIX_PROPERTY, vars(report.figures))
    if report.findings:
        pytest.fail(report.describe(), pytrace=False)
