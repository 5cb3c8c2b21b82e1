"""GET /open-data/ocds/releases.json: Blangkon's orders as an OCDS 1.1 release
package (no token), a page at a time, written as it is read
(docs/design/transparency.md § 10, ADR 0033).

The body is streamed, so the endpoint returns its own StreamingHttpResponse
(django-ninja passes any HttpResponseBase through) and its parameters and
answer are declared in the OpenAPI document by hand, as for /stats/summary."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import http_date, parse_http_date_safe
from ninja import Router

from blangkon.ocds.package import PUBLICATION_POLICY_PATH, package_fields, package_text
from blangkon.ocds.params import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Cursor,
    ReleaseParams,
    parse_release_params,
)
from blangkon.ocds.selectors import PagePlan, page_before, page_plan, page_releases

router = Router(tags=["open data"])

PACKAGE_SCHEMA_URL = (
    "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
)
MOMENT = (
    "An ISO date (YYYY-MM-DD: the day in Asia/Jakarta) or date-time (without an offset: "
    "Asia/Jakarta's)."
)
PARAMETERS = [
    {
        "in": "query",
        "name": "since",
        "required": False,
        "description": f"Releases dated at or after this. {MOMENT}",
        "schema": {"type": "string", "maxLength": 40},
    },
    {
        "in": "query",
        "name": "until",
        "required": False,
        "description": f"Releases dated before this (a date: up to the end of that day). {MOMENT}",
        "schema": {"type": "string", "maxLength": 40},
    },
    {
        "in": "query",
        "name": "limit",
        "required": False,
        "description": "Releases per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    },
    {
        "in": "query",
        "name": "cursor",
        "required": False,
        "description": "Where the page starts: take it from the previous page's links.next.",
        "schema": {"type": "string", "pattern": r"^[1-9][0-9]{0,17}\.[0-9]{1,2}$"},
    },
]
RESPONSES = {
    200: {
        "description": (
            f"An OCDS 1.1 release package ({PACKAGE_SCHEMA_URL}); links.next and links.prev "
            "name the next and the previous page where there is one. Last-Modified is the "
            "newest release's date."
        ),
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["uri", "version", "publishedDate", "publisher", "releases"],
                    "properties": {
                        "uri": {"type": "string"},
                        "version": {"type": "string"},
                        "publishedDate": {"type": "string"},
                        "publisher": {"type": "object"},
                        "license": {"type": "string"},
                        "publicationPolicy": {"type": "string"},
                        "releases": {"type": "array", "items": {"type": "object"}},
                        "links": {
                            "type": "object",
                            "properties": {
                                "next": {"type": "string"},
                                "prev": {"type": "string"},
                            },
                        },
                    },
                }
            }
        },
    },
    204: {
        "description": (
            "No release in the window (or past the last page): an OCDS package holds at "
            "least one release, so none is sent."
        )
    },
    304: {"description": "Nothing newer than If-Modified-Since."},
}


def _page_url(request: HttpRequest, params: ReleaseParams, cursor: Cursor | None) -> str:
    query = params.query() | ({"cursor": str(cursor)} if cursor else {})
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def _links(request: HttpRequest, params: ReleaseParams, plan: PagePlan) -> dict[str, str]:
    links = {}
    if plan.next is not None:
        links["next"] = _page_url(request, params, plan.next)
    before, start = page_before(params)
    if before:
        links["prev"] = _page_url(request, params, start)
    return links


def _not_modified(request: HttpRequest, plan: PagePlan) -> bool:
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return plan.newest is not None and since is not None and plan.newest.timestamp() < since + 1


@router.get(
    "/open-data/ocds/releases.json",
    auth=None,
    response={200: None},
    summary="Orders as OCDS 1.1 releases",
    openapi_extra={"parameters": PARAMETERS, "responses": RESPONSES},
)
def ocds_releases(request: HttpRequest) -> HttpResponseBase:
    """One contracting process per order the PPK signed; a release for each
    step it reached (tender, award, contract, the vendor's confirmation,
    delivery, BAST, invoice, payment, its end), in the order of the orders.
    Organisations by name and Blangkon id, never a person."""
    params = parse_release_params(request.GET)
    plan = page_plan(params)
    if plan.count == 0:  # the package schema wants at least one release
        return HttpResponse(status=204)
    if _not_modified(request, plan):
        return HttpResponse(status=304)
    fields: dict[str, Any] = package_fields(
        uri=request.build_absolute_uri(),
        published=plan.newest,
        site=request.build_absolute_uri("/"),
        policy=request.build_absolute_uri(PUBLICATION_POLICY_PATH),
    )
    links = _links(request, params, plan)
    text = package_text(fields, page_releases(params, plan.count), links=links or None)
    response = StreamingHttpResponse(text, content_type="application/json")
    if plan.newest is not None:
        response["Last-Modified"] = http_date(plan.newest.timestamp())
    return response
