"""Every page that accepts POST refuses one without the CSRF token.

The matrix sends its POSTs with a valid token through a client that enforces
the check; this proves the token is what lets them through: the same POST by
an actor the table allows, without the token, is refused with 403 and changes
nothing.
"""

import pytest
from django.db import transaction

from tests.security.access_matrix import ROUTES, Outcome
from tests.security.estate import Estate
from tests.security.probe import (
    PREPARE,
    Call,
    Context,
    Keys,
    Ledger,
    ownerships,
    path_for,
    send_page,
)
from tests.security.routes import Route, all_routes

POST_PAGES = sorted(
    key for key, route in all_routes().items() if route.kind == "page" and "POST" in route.methods
)


def allowed_call(route: Route, estate: Estate) -> Call:
    """A POST the table allows: anonymous where the page is public, else the
    first actor (on their own object) who may use it; anonymous again where
    nobody may (the token is checked before the page answers)."""
    rule = ROUTES[route.key]
    ownership = ownerships(route)[0]
    for actor in estate.actors:
        if rule.expect(actor.group, ownership) in (Outcome.OK, Outcome.INERT):
            return Call(route, actor, ownership, "POST")
    return Call(route, estate.actors[0], ownership, "POST")


def post(call: Call, estate: Estate, keys: Keys, *, with_token: bool) -> tuple[int, list[str]]:
    """The status, and the tables the POST changed (rolled back afterwards)."""
    side = estate.side_for(call.actor, call.ownership)
    path = path_for(call.route, ROUTES[call.route.key], estate, side)
    ledger = Ledger()
    before = ledger.take()
    with transaction.atomic():
        response = send_page(
            call, path, Context(estate, side, call.actor), keys, with_token=with_token
        )
        changed = ledger.changed(before, ledger.take())
        transaction.set_rollback(True)
    return response.status_code, changed


@pytest.mark.parametrize("key", POST_PAGES)
def test_a_post_without_the_csrf_token_is_refused(key: str, estate: Estate, keys: Keys) -> None:
    if key in PREPARE:  # the state its allowed POST needs (an order in some status)
        PREPARE[key](estate)
    call = allowed_call(all_routes()[key], estate)
    with_token, _changed = post(call, estate, keys, with_token=True)
    without_token, changed = post(call, estate, keys, with_token=False)
    assert with_token != 403, f"{call}: refused even with the token"
    assert without_token == 403, f"{call}: answered {without_token} without the CSRF token"
    assert not changed, f"{call}: a POST without the token changed {changed}"
