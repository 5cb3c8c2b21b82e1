"""The access table lists every route, only routes that exist, and an outcome
for every actor of every route."""

from tests.security.access_matrix import ROUTES, Scoped
from tests.security.estate import ACTORS
from tests.security.probe import OWNED_PARAMS, UNOWNED_PARAMS, ownerships, unknown_param
from tests.security.routes import Route, all_routes


def missing_entry(route: Route) -> str:
    return (
        f"The route {route.key!r} ({route.kind}: {route.label}, {route.view}) has no line in "
        "tests/security/access_matrix.py. Decide who may use it and add one, e.g.\n"
        f'    "{route.key}": rule(vendor=OWN, others=NOT_FOUND),'
    )


def test_every_route_has_a_line_in_the_access_table() -> None:
    missing = [missing_entry(r) for key, r in sorted(all_routes().items()) if key not in ROUTES]
    assert not missing, "\n\n".join(missing)


def test_the_access_table_names_no_route_that_is_gone() -> None:
    gone = sorted(set(ROUTES) - set(all_routes()))
    assert not gone, f"These lines of the access table name no route any more: {gone}"


def test_every_actor_of_every_route_has_an_entry() -> None:
    lacking = [
        f"{key}: no entry for the actor {name} (group {group!r}); name the group or give others=..."
        for key, rule in sorted(ROUTES.items())
        for name, group, _side in ACTORS
        if group not in rule.access
    ]
    assert not lacking, "\n".join(lacking)


def test_own_and_other_are_told_apart_only_where_a_route_names_an_object() -> None:
    routes = all_routes()
    pointless = [
        f"{key}: {group} has an own/other outcome, but the route names no owned object"
        for key, rule in sorted(ROUTES.items())
        if key in routes and ownerships(routes[key]) == ("none",)
        for group, access in rule.access.items()
        if isinstance(access, Scoped)
    ]
    assert not pointless, "\n".join(pointless)


def test_every_path_parameter_can_be_filled() -> None:
    unknown = [
        unknown_param(route, param)
        for route in all_routes().values()
        for param in route.params
        if param not in OWNED_PARAMS and param not in UNOWNED_PARAMS
    ]
    assert not unknown, "\n".join(unknown)
