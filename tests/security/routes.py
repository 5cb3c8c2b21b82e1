"""Every route the site answers: the page layer's URL patterns and the API's
operations, with the methods each accepts and its path parameters.

Pages come from walking `config.urls` (resolvers included recursively); API
operations come from the OpenAPI document, so an endpoint added to a router is
found without anyone listing it. The URL patterns django-ninja mounts for its
operations are skipped in the walk (the OpenAPI document describes them); its
other patterns (the document itself, Swagger UI, the API root) are pages.
"""

import functools
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from django.urls import URLPattern, URLResolver, get_resolver

from blangkon.api.api import api

API_PREFIX = "/api/v1"
API_NAMESPACE = "api-v1"
# What a function view without a method decorator is probed with.
ANY_METHOD = ("GET", "POST")


@dataclass(frozen=True)
class Route:
    """One page (a named URL pattern) or one API operation."""

    key: str  # "namespace:name" for pages, the operationId for API operations
    kind: Literal["page", "api"]
    path: str  # the pattern as written: <int:product_id> for pages, {product_id} for the API
    methods: tuple[str, ...]  # the methods it accepts (pages) or its one method (API)
    params: tuple[str, ...]  # path parameter names, in order
    view: str  # the view (pages) or the endpoint's function (API), dotted

    @property
    def label(self) -> str:
        return f"{'/'.join(self.methods)} {self.path}"


def _accepted_methods(view: Callable[..., Any]) -> tuple[str, ...]:
    """Methods a page view accepts: from require_POST/require_GET/require_safe
    (require_http_methods keeps its list in a closure), or from a class-based
    view's handlers."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return tuple(
            m.upper()
            for m in ("get", "post", "put", "patch", "delete")
            if m in view_class.http_method_names and hasattr(view_class, m)
        )
    current: Any = view
    while current is not None:
        if inspect.isfunction(current):
            allowed = inspect.getclosurevars(current).nonlocals.get("request_method_list")
            if allowed is not None:
                return tuple(m for m in allowed if m in ("GET", "POST", "PUT", "PATCH", "DELETE"))
        current = getattr(current, "__wrapped__", None)
    return ANY_METHOD


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
) -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def _view_name(view: Callable[..., Any]) -> str:
    target = getattr(view, "view_class", None) or inspect.unwrap(view)
    if isinstance(target, functools.partial):
        target = target.func
    return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', '?')}"


def _is_ninja_operation(pattern: URLPattern) -> bool:
    return getattr(pattern.callback, "__qualname__", "").startswith("PathView.")


def page_routes() -> list[Route]:
    routes = []
    for path, namespace, pattern in _walk(get_resolver().url_patterns, "/", ""):
        if namespace == API_NAMESPACE and _is_ninja_operation(pattern):
            continue
        name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
        params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", path))
        routes.append(
            Route(
                key=name or path,
                kind="page",
                path=path,
                methods=_accepted_methods(pattern.callback),
                params=params,
                view=_view_name(pattern.callback),
            )
        )
    return routes


def api_routes() -> list[Route]:
    schema = api.get_openapi_schema()
    routes = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            routes.append(
                Route(
                    key=operation["operationId"],
                    kind="api",
                    path=path,
                    methods=(method.upper(),),
                    params=tuple(
                        p["name"] for p in operation.get("parameters", []) if p["in"] == "path"
                    ),
                    view=operation["operationId"],
                )
            )
    return routes


@cache
def all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for route in page_routes() + api_routes():
        assert route.key not in routes, f"two routes share the key {route.key!r}"
        routes[route.key] = route
    return routes
