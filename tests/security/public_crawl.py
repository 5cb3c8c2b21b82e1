"""Everything an anonymous visitor can read, found without a list of pages.

The start: every URL pattern of the URLconf that answers GET and every GET
operation of the API's OpenAPI document (read from /api/v1/openapi.json, as a
client would), path parameters filled from the demo's objects (`FILLS`).
Then, from every page that answers 200, the links and GET forms on it: other
public pages, their next pages, their filters and their CSV/XLSX downloads.
So a page added tomorrow is read without this file changing, as long as its
path parameters are in `FILLS` or a public page links to it; one that is
neither, and that does not refuse an anonymous visitor, fails the test
(`Crawl.unfillable`).

Each request runs in a savepoint, so nothing a request writes outlives it.
"""

import contextlib
import io
import json
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import openpyxl
from django.db import transaction
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import Resolver404, resolve

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind
from blangkon.catalog.models import BulkUpload, Category, ProductImage
from blangkon.catalog.product_selectors import live_products
from blangkon.documents.models import StoredFile
from blangkon.notifications.models import Notification
from blangkon.orders.models import CartLine, Order
from blangkon.paperwork.models import IssuedDocument
from blangkon.procurement.models import HolidayDate, ProcurementRule
from blangkon.search.models import Synonym
from blangkon.transparency.tables import TABLES
from blangkon.vendors.models import TrainingEvent, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus
from tests.security.needles import Matcher, Needle
from tests.security.routes import page_routes

OPENAPI = "/api/v1/openapi.json"
# How many URLs of one route with one set of query keys the crawl follows:
# two products, two pages of a list, two values of a filter.
PER_SHAPE = 2
# And how many URLs of one route in all: the catalog's facets combine into
# thousands of query strings that show the same kind of page.
PER_ROUTE = 20
# A guard against a crawl that never ends; the demo needs far fewer.
MAX_REQUESTS = 3_000
SKIPPED_PREFIXES = ("/static/", "/media/")


def _first(queryset: Any, count: int = 2) -> list[object]:
    return [obj.pk for obj in queryset.order_by("pk")[:count]]


def _vendors() -> list[object]:
    """The demo CV, verified vendors of both kinds (a perorangan's name is
    its owner's), and one that may not sell."""
    verified = Vendor.objects.filter(status=VendorStatus.VERIFIED).order_by("pk")
    chosen = [
        *verified.filter(kind=VendorKind.BADAN_USAHA)[:2],
        *verified.filter(kind=VendorKind.PERORANGAN)[:2],
        *Vendor.objects.exclude(status=VendorStatus.VERIFIED).order_by("pk")[:1],
    ]
    return [vendor.pk for vendor in chosen]


def _files() -> list[object]:
    """A live product's picture (public) and one stored file of every kind."""
    image = ProductImage.objects.filter(product__in=live_products()).order_by("pk").first()
    files: list[object] = [image.file_id] if image is not None else []
    for kind in StoredFile.objects.values_list("kind", flat=True).distinct().order_by("kind"):
        files += _first(StoredFile.objects.filter(kind=kind), 1)
    return files


def _leaf_categories() -> list[str]:
    leaves = Category.objects.filter(parent__isnull=False).order_by("pk")
    return list(leaves.values_list("slug", flat=True)[:2])


def _organisations(kind: str) -> Callable[[], list[object]]:
    return lambda: _first(Organisation.objects.filter(kind=kind))


# What fills each path parameter, by name (pages and API alike): real demo
# objects, public ones first. A parameter not listed here is filled with a
# placeholder, and the route must then refuse an anonymous visitor.
FILLS: dict[str, Callable[[], Sequence[object]]] = {
    "product_id": lambda: _first(live_products(), 3),
    "vendor_id": _vendors,
    "file_id": _files,
    "image_id": lambda: _first(ProductImage.objects, 1),
    "category_slug": lambda: _leaf_categories(),
    "table": lambda: list(TABLES),
    "code": lambda: list(IssuedDocument.objects.order_by("pk").values_list("code", flat=True)[:3]),
    "kind": lambda: ["surat-pesanan", "bast"],
    "order_id": lambda: _first(Order.objects),
    "opd_id": _organisations(OrganisationKind.OPD),
    "organisation_id": _organisations(OrganisationKind.OPD),
    "pemda_id": _organisations(OrganisationKind.PEMDA),
    "user_id": lambda: _first(User.objects),
    "upload_id": lambda: _first(BulkUpload.objects),
    "event_id": lambda: _first(TrainingEvent.objects),
    "line_id": lambda: _first(CartLine.objects),
    "notification_id": lambda: _first(Notification.objects),
    "synonym_id": lambda: _first(Synonym.objects),
    "rule_id": lambda: _first(ProcurementRule.objects),
    "holiday_id": lambda: _first(HolidayDate.objects),
    "step": lambda: ["identitas"],
    "action": lambda: ["setujui"],
    # Capability links (a sign-in link, a password reset, an owner's
    # confirmation) are not public pages: an invalid one is what a stranger has.
    "token": lambda: ["0-invalid"],
    "uidb64": lambda: ["MQ"],
}
PLACEHOLDERS = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}
# Query parameters of the API, by name: what a visitor would filter by.
QUERY_FILLS: dict[str, Callable[[], list[str]]] = {
    "q": lambda: ["kertas", "budi"],
    "kab_kota": lambda: ["33.25", "33.24"],
    "category": lambda: _leaf_categories(),
    "year": lambda: ["2026", "2025"],
    "from": lambda: ["2026-03-16"],
    "to": lambda: ["2026-03-27"],
    "month": lambda: ["2026-11"],
    "page": lambda: ["2"],
    "offset": lambda: ["20"],
}


@dataclass(frozen=True)
class Answer:
    url: str
    route: str
    status: int
    content_type: str

    def __str__(self) -> str:
        return f"GET {self.url} ({self.route}) → {self.status}"


@dataclass
class Crawl:
    matcher: Matcher
    client: Client = field(default_factory=Client)
    answers: list[Answer] = field(default_factory=list)
    leaks: dict[Needle, list[str]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    # Routes that answered a placeholder without refusing: by route.
    placeholders: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    shapes: Counter[tuple[str, frozenset[str]]] = field(default_factory=Counter)
    per_route: Counter[str] = field(default_factory=Counter)
    queue: deque[tuple[str, str]] = field(default_factory=deque)

    # --- results ----------------------------------------------------------------

    def public(self) -> list[Answer]:
        return [a for a in self.answers if 200 <= a.status < 300]

    def public_routes(self) -> set[str]:
        return {a.route for a in self.public()}

    def refused_routes(self) -> set[str]:
        return {a.route for a in self.answers} - self.public_routes()

    def unfillable(self) -> list[str]:
        """Routes that did not refuse a placeholder and that no link filled
        either (a link from a public page to them is as good as a fill)."""
        public = self.public_routes()
        return [text for route, text in self.placeholders.items() if route not in public]

    # --- the start ----------------------------------------------------------------

    def start(self) -> None:
        schema = json.loads(self.get(OPENAPI, "api-v1:openapi-json") or "{}")
        assert schema.get("paths"), f"no OpenAPI document at {OPENAPI}"
        for route in page_routes():
            if "GET" not in route.methods:
                continue
            for url, placeholder in _fill(route.path, "<", ">"):
                self.get(url, route.key, placeholder=placeholder)
        for path, operations in schema["paths"].items():
            operation = operations.get("get")
            if operation is None:
                continue
            for url, placeholder in _fill(path, "{", "}"):
                for query in _api_queries(operation.get("parameters", [])):
                    full = f"{url}?{urlencode(query)}" if query else url
                    self.get(full, operation["operationId"], placeholder=placeholder)

    def run(self) -> None:
        self.start()
        while self.queue and len(self.answers) < MAX_REQUESTS:
            url, route = self.queue.popleft()
            self.get(url, route)

    # --- one request ----------------------------------------------------------------

    def get(self, url: str, route: str, *, placeholder: str | None = None) -> str | None:
        """Reads the URL anonymously, looks for needles, queues its links;
        the body of a 200 answer."""
        if url in self.seen:
            return None
        self.seen.add(url)
        try:
            with transaction.atomic():
                response = self.client.get(url)
        except Exception as error:  # a 500: the test reports it, then goes on
            self.errors.append(f"GET {url} ({route}) raised {error!r}")
            return None
        content_type = response.get("Content-Type", "").split(";")[0]
        answer = Answer(url, route, response.status_code, content_type)
        self.answers.append(answer)
        if response.status_code >= 500:
            self.errors.append(str(answer))
        if placeholder is not None and not self._refused(response):
            self.placeholders[route] = (
                f"{answer}: the route answers an anonymous visitor, but the test has no demo "
                f"value for its path parameter {placeholder!r}, and no public page links to "
                "it. Add one to FILLS in tests/security/public_crawl.py."
            )
        body = _body(response, content_type)
        for needle in self.matcher.find(_headers(response) + "\n" + body):
            self.leaks[needle].append(str(answer))
        if response.status_code in (301, 302, 303, 307, 308) and not self._refused(response):
            self._enqueue(urljoin(url, response["Location"]))
        if response.status_code == 200 and content_type == "text/html":
            for link in _links(body, url):
                self._enqueue(link)
        return body if response.status_code == 200 else None

    def _refused(self, response: HttpResponseBase) -> bool:
        if response.status_code in (401, 403, 405):
            return True
        login = resolve_url("accounts:login")
        return response.status_code == 302 and urlsplit(response["Location"]).path == login

    def _enqueue(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED_PREFIXES):
            return
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local in self.seen:
            return
        try:
            route = _route_key(resolve(parts.path))
        except Resolver404:
            return
        keys = frozenset(re.findall(r"(?:^|&)([^=&]+)=", parts.query))
        shape = (route, keys)
        # The next page of a list is always read; other variations up to PER_ROUTE.
        if self.shapes[shape] >= PER_SHAPE:
            return
        if keys != {"page"} and self.per_route[route] >= PER_ROUTE:
            return
        self.shapes[shape] += 1
        self.per_route[route] += 1
        self.queue.append((local, route))


def _route_key(match: Any) -> str:
    return match.view_name or match.route


def _fill(pattern: str, open_: str, close: str) -> Iterator[tuple[str, str | None]]:
    """The pattern's URLs with its parameters filled, and the name of a
    parameter filled with a placeholder, if any. One parameter: every value
    of FILLS; more: the first, second and third of each together."""
    marker = re.compile(re.escape(open_) + r"(?:(\w+):)?(\w+)" + re.escape(close))
    params = marker.findall(pattern)
    choices: list[list[str]] = []
    placeholder = None
    for converter, name in params:
        values = [str(v) for v in FILLS[name]()] if name in FILLS else []
        if not values:
            placeholder = placeholder or name
            values = [PLACEHOLDERS.get(converter, "x")]
        choices.append(values)
    if len(choices) <= 1:
        combos = [[value] for value in (choices[0] if choices else [""])]
    else:
        combos = [[c[min(i, len(c) - 1)] for c in choices] for i in range(3)]
    urls = dict.fromkeys(_substitute(marker, pattern, combo) for combo in combos)
    for url in urls:
        yield url, placeholder


def _substitute(marker: re.Pattern[str], pattern: str, values: list[str]) -> str:
    remaining = iter(values)
    return marker.sub(lambda _match: next(remaining), pattern)


def _api_queries(parameters: list[dict[str, Any]]) -> list[dict[str, str]]:
    """No query (the required ones only), then one filter at a time: the
    values of an enum, or what QUERY_FILLS names."""
    query = [p for p in parameters if p["in"] == "query"]
    required: dict[str, str] = {}
    for param in query:
        if param.get("required") and param["name"] in QUERY_FILLS:
            required[param["name"]] = QUERY_FILLS[param["name"]]()[0]
    variants = [required]
    for param in query:
        schema = param.get("schema", {})
        values = [str(v) for v in schema.get("enum", [])][:3]
        if param["name"] in QUERY_FILLS:
            values += QUERY_FILLS[param["name"]]()
        variants += [required | {param["name"]: value} for value in values]
    return variants


def _headers(response: HttpResponseBase) -> str:
    """The headers (a download's file name is one)."""
    return "\n".join(f"{key}: {value}" for key, value in response.headers.items())


def _body(response: HttpResponseBase, content_type: str) -> str:
    """The body as text: a spreadsheet's cells, JSON with its escapes undone;
    nothing for pictures and fonts."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content  # type: ignore[attr-defined]
    if content_type.startswith(("image/", "font/")):
        return ""
    if content.startswith(b"PK"):  # XLSX (a zip archive)
        return _cells(content)
    text = content.decode("utf-8", errors="replace")
    if content_type.endswith("json"):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _cells(content: bytes) -> str:
    """Every cell of every sheet of an XLSX file, read back with openpyxl."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else str(v) for v in row))
    workbook.close()
    return "\n".join(lines)


class _Links(HTMLParser):
    """The links of a page, and the URLs its GET forms make: each <select>'s
    first two values, and the page's search box with a demo word."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.links: list[str] = []
        self.form: dict[str, Any] | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "a" and attr.get("href"):
            self.links.append(urljoin(self.base, attr["href"]))
        elif tag == "form" and attr.get("method", "get").lower() == "get":
            action = urljoin(self.base, attr.get("action") or self.base).split("?")[0]
            self.form = {"action": action, "hidden": {}, "choices": []}
        elif self.form is not None:
            self._field(tag, attr)

    def _field(self, tag: str, attr: dict[str, str]) -> None:
        assert self.form is not None
        name = attr.get("name")
        if tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and attr.get("value"):
            self.form["choices"].append((self.select, attr["value"]))
        elif tag == "input" and name:
            kind = attr.get("type", "text")
            if kind == "hidden":
                self.form["hidden"][name] = attr.get("value", "")
            elif kind in ("text", "search") and name == "q":
                self.form["choices"] += [(name, "kertas"), (name, "budi")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "form" and self.form is not None:
            per_name: Counter[str] = Counter()
            for name, value in self.form["choices"]:
                per_name[name] += 1
                if per_name[name] <= 2:
                    query = self.form["hidden"] | {name: value}
                    self.links.append(f"{self.form['action']}?{urlencode(query)}")
            self.form = None


def _links(text: str, url: str) -> list[str]:
    parser = _Links(urljoin("http://testserver", url))
    parser.feed(text)
    return parser.links
