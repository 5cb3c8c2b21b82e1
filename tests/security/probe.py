"""Calling a route as an actor, and judging the answer against the table.

Each call runs inside a savepoint that is rolled back afterwards, so an allowed
write (an approval, a deactivation) does not change what the next actor sees.
Before that rollback, a call the table expects to be refused or to change
nothing is checked against a digest of every table the project owns: if a row
moved, the refused write got through.
"""

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress
from blangkon.accounts.services import api_token_issue
from blangkon.documents.tests import samples
from blangkon.inaproc.tests.samples import sample as inaproc_sample
from blangkon.orders.negotiation_services import ProposedLine, negotiation_open
from blangkon.procurement.models import HolidayDate, ProcurementRule
from blangkon.vendors.fields import REQUIRED_DOCUMENTS
from blangkon.vendors.models import Vendor, VendorDocument
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import stored_file
from conftest import PASSWORD
from tests.security.access_matrix import Outcome, Rule
from tests.security.estate import Actor, Estate, Side, may_see
from tests.security.order_states import ORDER_PAGE_BODIES, ORDER_PREPARE, issued_code, order_of
from tests.security.routes import Route

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSALS = frozenset({Outcome.LOGIN, Outcome.NOT_FOUND, Outcome.FORBIDDEN, Outcome.METHOD})
# Columns that change when nothing was done: reading with a token touches it.
VOLATILE_COLUMNS = {("accounts_user", "last_login"), ("accounts_apitoken", "last_used_at")}
# Tables a refused call writes by design: the bank's callback logs every message,
# the refused ones too (payments/va_services.py).
LOGGED_REFUSALS = {
    "blangkon_api_routers_virtual_accounts_bank_callback": frozenset({"payments_bankcallback"}),
}


# --- what fills a path parameter ------------------------------------------------

# Parameters naming an object someone owns: filled from the side the call is
# about, with the variant the table's `fill=` asks for.
OWNED_PARAMS: dict[str, Callable[[Side, str | None], object]] = {
    "product_id": lambda side, variant: side.products[variant or "draft"].pk,
    "image_id": lambda side, _variant: side.image.pk,
    "opd_id": lambda side, _variant: side.opd.pk,
    "organisation_id": lambda side, _variant: side.opd.pk,
    "pemda_id": lambda side, _variant: side.pemda.pk,
    "user_id": lambda side, _variant: side.member.pk,
    "vendor_id": lambda side, _variant: side.vendor.pk,
    "upload_id": lambda side, _variant: side.upload.pk,
    "file_id": lambda side, _variant: side.document.pk,
    "event_id": lambda side, _variant: side.event.pk,
    "token_id": lambda side, _variant: side.token.pk,
    "line_id": lambda side, _variant: side.cart_line.pk,
    "notification_id": lambda side, _variant: side.notification.pk,
    "satker_id": lambda side, _variant: side.satker.pk,
    "order_id": order_of,
    "flag_id": lambda side, _variant: side.red_flag.pk,
    # The public code of the side's issued Surat Pesanan (order_states.documents_issued).
    "code": issued_code,
}


def _token(estate: Estate, variant: str | None) -> str:
    return "0-invalid" if variant == "password-reset" else estate.owner_link_token


# Parameters naming nothing anyone owns (a slug, a step, a capability link).
UNOWNED_PARAMS: dict[str, Callable[[Estate, str | None], object]] = {
    "synonym_id": lambda estate, _variant: estate.synonym.pk,
    # The first version of the procurement rules (in force: never deletable)
    # and a package holiday, both from the data migration.
    "rule_id": lambda _estate, _variant: ProcurementRule.objects.earliest("effective_from").pk,
    "holiday_id": lambda _estate, _variant: HolidayDate.objects.earliest("date").pk,
    "category_slug": lambda _estate, _variant: "atk",
    "table": lambda _estate, _variant: "category",  # a table of the public statistics
    "name": lambda _estate, _variant: "blangkon-transaksi-semua.csv",  # an open-data file
    "step": lambda _estate, _variant: "identitas",
    "action": lambda _estate, _variant: "setujui",
    "uidb64": lambda _estate, _variant: "MQ",
    "token": _token,
    # The kind of an order's PDF: the Surat Pesanan, which the probed orders have.
    "kind": lambda _estate, _variant: "surat-pesanan",
}


# --- what a write sends ---------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a body is built from: the side the call is about and who calls."""

    estate: Estate
    side: Side
    actor: Actor


def _product_form(ctx: Context) -> dict[str, Any]:
    return {
        "name": "Spidol papan tulis",
        "sku": "MATRIX-1",
        "category": "atk",
        "unit": "dos",
        "price": "30000",
        "min_order_quantity": "1",
        "stock": "10",
        "coverage": [ctx.side.pemda.region_id],
    }


def _product_json(ctx: Context, sku: str = "MATRIX-1") -> dict[str, Any]:
    return {
        "sku": sku,
        "name": "Spidol papan tulis",
        "category": "atk",
        "unit": "dos",
        "price": 30_000,
        "stock": 10,
    }


PAGE_BODIES: dict[str, Callable[[Context], dict[str, Any]]] = {
    "catalog:product-create": _product_form,
    "catalog:product-edit": lambda ctx: (
        _product_form(ctx) | {"sku": ctx.side.products["draft"].sku}
    ),
    "catalog:product-take-down": lambda ctx: {"reason": "vendor"},
    "catalog:curation-bulk-approve": lambda ctx: {
        "product_ids": [ctx.side.products["submitted"].pk]
    },
    "catalog:curation-request-revision": lambda ctx: {"revision_reason": "Foto kurang jelas."},
    "catalog:curation-reject": lambda ctx: {
        "rejection_reason": "Bukan barang ATK.",
        "confirm": "on",
    },
    "catalog:curation-change-reject": lambda ctx: {"reason": "Harga tidak wajar."},
    "catalog:curation-take-down": lambda ctx: {"reason": "admin", "note": "Uji akses."},
    "search:synonyms": lambda ctx: {"terms": "spidol, marker"},
    "accounts:login": lambda ctx: {"username": "tidak.ada", "password": "salah-sandi-123"},
    "accounts:password-reset": lambda ctx: {"email": "tidak.ada@test.blangkon.invalid"},
    "accounts:address-add": lambda ctx: {
        "label": "Gudang",
        "street": "Jl. Uji No. 1",
        "kab_kota": ctx.side.pemda.region_id,
        "postal_code": "51215",
    },
    "accounts:opd-create": lambda ctx: {"name": "Dinas Uji Akses"},
    "accounts:pemda-joined": lambda ctx: {"joined_on": "2024-05-02"},
    "accounts:user-create": lambda ctx: {
        "full_name": "Pengguna Uji",
        "username": "pengguna.uji",
        "email": "pengguna.uji@test.blangkon.invalid",
        "role": "pp",
    },
    "vendors:verification-action": lambda ctx: {"setujui-note": "Lengkap."},
    "vendors:training-list": lambda ctx: {
        "held_on": "2026-03-01",
        "place": "Aula",
        "topic": "Uji akses",
    },
    "vendors:training-detail": lambda ctx: {"vendors": [ctx.side.vendor.pk]},
    "set_language": lambda ctx: {"language": "en", "next": "/"},
    "orders:cart-add": lambda ctx: {"product_id": ctx.side.products["live"].pk, "quantity": "2"},
    "orders:cart-line-update": lambda ctx: {"quantity": "3"},
    "notifications:preference": lambda ctx: {"email_mode": "daily_digest"},
    "inaproc:import": lambda ctx: {"file": _inaproc_file()},
    "inaproc:satker-map": lambda ctx: {"opd": ctx.side.opd.pk},
} | ORDER_PAGE_BODIES


def _compared(ctx: Context) -> list[int]:
    """Four ids (the page's limit): unpublished ones, and live ones with changes waiting."""
    batang, kendal = ctx.estate.sides["batang"], ctx.estate.sides["kendal"]
    chosen = [(batang, "draft"), (kendal, "submitted"), (batang, "changed"), (kendal, "changed")]
    return [side.products[variant].pk for side, variant in chosen]


def _inaproc_file() -> Any:
    """The real sample's first package, as an upload."""
    first = inaproc_sample()[:1]
    return samples.upload("paket.json", json.dumps(first).encode(), "application/json")


# Query strings of GETs that search: every side's products, published or not,
# are asked for (unpublished ones must not come back).
QUERIES: dict[str, Callable[[Context], dict[str, Any]]] = {
    "search:catalog": lambda ctx: {"q": "ballpoint"},
    "search:suggest": lambda ctx: {"q": "ballp"},
    "search:compare": lambda ctx: {"id": _compared(ctx)},
    "catalog:curation-queue": lambda ctx: {"vendor": ctx.side.vendor.pk},
    "blangkon_api_routers_search_product_search": lambda ctx: {"q": "ballpoint"},
    "blangkon_api_routers_search_product_suggest": lambda ctx: {"q": "ballp"},
    "blangkon_api_routers_products_curation_list": lambda ctx: {"vendor_id": ctx.side.vendor.pk},
    "procurement:holidays": lambda ctx: {"tahun": "2026"},
    "blangkon_api_routers_procurement_working_days": lambda ctx: {
        "from": "2026-03-16",
        "to": "2026-03-27",
    },
    "taxes:preview": lambda ctx: {
        "date": "2026-03-16",
        "price": "11100000",
        "tax_class": "goods",
        "collector": "bendahara",
        "kind": "badan_usaha",
        "pkp": "on",
        "npwp": "on",
    },
}
# Routes whose body names an object (its owner decides "own" or "other").
OWNED_BODIES = frozenset(
    {
        "catalog:curation-bulk-approve",
        "blangkon_api_routers_products_curation_bulk_approve",
        "blangkon_api_routers_documents_document_upload",
    }
)


@dataclass(frozen=True)
class ApiBody:
    data: dict[str, Any]
    multipart: bool = False


def _document_upload(ctx: Context) -> ApiBody:
    data: dict[str, Any] = {
        "kind": "ktp",
        "file": samples.upload("ktp.pdf", samples.pdf(), "application/pdf"),
    }
    if ctx.side.name != ctx.actor.side:
        # "Other": a vendor organisation of the other side; "own": the default.
        data["owner_id"] = ctx.side.vendor.organisation_id
    return ApiBody(data, multipart=True)


def _token_request(ctx: Context) -> ApiBody:
    username = ctx.actor.name if ctx.actor.user is not None else "pp.batang"
    return ApiBody({"username": username, "password": PASSWORD})


def _order_draft(ctx: Context) -> ApiBody:
    address = DeliveryAddress.objects.filter(opd=ctx.side.opd).first()
    assert address is not None
    return ApiBody(
        {
            "lines": [{"product_id": ctx.side.products["live"].pk, "quantity": 1}],
            "delivery_address_id": address.pk,
            "budget_line": "5.1.02.01.01.0024",
            "funding_source": "APBD",
            "requested_arrival": str(timezone.localdate() + datetime.timedelta(days=7)),
        }
    )


ORDER_WRITES = "blangkon_api_routers_order_writes_order_"


def _bulk_upload(ctx: Context) -> ApiBody:
    from blangkon.catalog.bulk.sample import sample_rows

    xlsx = samples.upload("produk.xlsx", sample_rows(1).content)
    return ApiBody({"file": xlsx}, multipart=True)


API_BODIES: dict[str, Callable[[Context], ApiBody]] = {
    "blangkon_api_routers_cart_cart_line_add": lambda ctx: ApiBody(
        {"product_id": ctx.side.products["live"].pk, "quantity": 2}
    ),
    "blangkon_api_routers_cart_cart_line_update": lambda ctx: ApiBody({"quantity": 3}),
    "blangkon_api_routers_accounts_token_create": _token_request,
    "blangkon_api_routers_vendors_vendor_approve": lambda ctx: ApiBody({"note": "Lengkap."}),
    "blangkon_api_routers_vendors_vendor_request_revision": lambda ctx: ApiBody(
        {"fields_to_fix": ["nik"], "note": "NIK tidak terbaca."}
    ),
    "blangkon_api_routers_vendors_vendor_reject": lambda ctx: ApiBody({"reason": "Data palsu."}),
    "blangkon_api_routers_products_vendor_product_upsert": lambda ctx: ApiBody(_product_json(ctx)),
    "blangkon_api_routers_products_vendor_product_update": lambda ctx: ApiBody(
        _product_json(ctx, sku=ctx.side.products["draft"].sku)
    ),
    "blangkon_api_routers_products_vendor_product_take_down": lambda ctx: ApiBody(
        {"reason": "vendor"}
    ),
    "blangkon_api_routers_products_curation_bulk_approve": lambda ctx: ApiBody(
        {"product_ids": [ctx.side.products["submitted"].pk]}
    ),
    "blangkon_api_routers_products_curation_request_revision": lambda ctx: ApiBody(
        {"reason": "Foto kurang jelas."}
    ),
    "blangkon_api_routers_products_curation_reject": lambda ctx: ApiBody(
        {"reason": "Bukan barang ATK."}
    ),
    "blangkon_api_routers_products_curation_reject_changes": lambda ctx: ApiBody(
        {"reason": "Harga tidak wajar."}
    ),
    "blangkon_api_routers_products_curation_take_down": lambda ctx: ApiBody(
        {"reason": "admin", "note": "Uji akses."}
    ),
    "blangkon_api_routers_documents_document_upload": _document_upload,
    "blangkon_api_routers_bulk_bulk_upload_create": _bulk_upload,
    f"{ORDER_WRITES}create": _order_draft,
    f"{ORDER_WRITES}decline": lambda ctx: ApiBody({"reason": "Stok habis."}),
    f"{ORDER_WRITES}ship": lambda ctx: ApiBody({"own_delivery": True}),
    f"{ORDER_WRITES}receive": lambda ctx: ApiBody({"lines": [], "condition_ok": True}),
    f"{ORDER_WRITES}send_back": lambda ctx: ApiBody({"note": "Tinta kering."}),
    f"{ORDER_WRITES}cancel": lambda ctx: ApiBody({"reason": "Tidak jadi."}),
    f"{ORDER_WRITES}dispute": lambda ctx: ApiBody({"reason": "Barang rusak."}),
    "blangkon_api_routers_ratings_order_rate": lambda ctx: ApiBody(
        {"quality": 5, "timeliness": 5, "conformity": 5, "clarity": 5, "payment_speed": 5}
    ),
    "blangkon_api_routers_ratings_order_rating_reply": lambda ctx: ApiBody(
        {"text": "Terima kasih."}
    ),
    f"{ORDER_WRITES}resolve_dispute": lambda ctx: ApiBody(
        {"to": "dikirim", "reason": "Sudah jelas."}
    ),
    "blangkon_api_routers_order_receiving_order_receiver_set": lambda ctx: ApiBody(
        {"receiver_id": ctx.side.member.pk}
    ),
    "blangkon_api_routers_order_receiving_order_inspection": lambda ctx: ApiBody(
        {"outcome": "accept_all", "lines": [], "condition_ok": True}
    ),
    "blangkon_api_routers_payments_order_pay": lambda ctx: ApiBody(
        {
            "channel": "ls_sp2d",
            "paid_on": timezone.localdate().isoformat(),
            "sp2d_number": "00123/SP2D/LS/2026",
            "sp2d_date": timezone.localdate().isoformat(),
        }
    ),
    f"{ORDER_WRITES}payment_channel": lambda ctx: ApiBody({"payment_channel": "kkpd"}),
    "blangkon_api_routers_taxes_tax_preview": lambda ctx: ApiBody(
        {
            "date": "2026-03-16",
            "price": 11_100_000,
            "tax_class": "goods",
            "vendor": {"kind": "badan_usaha", "pkp": True, "npwp": True},
        }
    ),
}


def _offer_as_ordered(ctx: Context) -> ApiBody:
    """An offer of every line of the side's draft at its own price and quantity."""
    lines = [
        {"order_line_id": line.pk, "unit_price": line.unit_price, "quantity": line.quantity}
        for line in ctx.side.order.lines.all()
    ]
    return ApiBody({"lines": lines, "delivery_cost": 0})


API_BODIES["blangkon_api_routers_negotiations_negotiation_open"] = _offer_as_ordered
API_BODIES["blangkon_api_routers_negotiations_negotiation_counter"] = _offer_as_ordered


def _negotiations_open(estate: Estate) -> None:
    """Each side's buyer has offered on its draft: the vendor's turn."""
    for side in estate.sides.values():
        lines = [
            ProposedLine(line.pk, line.unit_price, line.quantity) for line in side.order.lines.all()
        ]
        negotiation_open(user=side.member, order_id=side.order.pk, lines=lines)


def _vendors_submitted(estate: Estate) -> None:
    """Verification decisions need registrations waiting for them, with the
    documents an approval requires."""
    Vendor.objects.filter(pk__in=[s.vendor.pk for s in estate.sides.values()]).update(
        status=VendorStatus.SUBMITTED, submitted_at=timezone.now()
    )
    for side in estate.sides.values():
        have = set(side.vendor.documents.values_list("file__kind", flat=True))
        for kind in REQUIRED_DOCUMENTS[side.vendor.kind]:
            if kind not in have:
                VendorDocument.objects.create(
                    vendor=side.vendor, file=stored_file(side.vendor, kind)
                )


# State a route's allowed writes need, set up before its calls.
PREPARE: dict[str, Callable[[Estate], None]] = {
    "vendors:verification-action": _vendors_submitted,
    "blangkon_api_routers_vendors_vendor_approve": _vendors_submitted,
    "blangkon_api_routers_vendors_vendor_request_revision": _vendors_submitted,
    "blangkon_api_routers_vendors_vendor_reject": _vendors_submitted,
    "blangkon_api_routers_negotiations_negotiation_open": _negotiations_open,
    "blangkon_api_routers_negotiations_negotiation_counter": _negotiations_open,
    "blangkon_api_routers_negotiations_negotiation_accept": _negotiations_open,
} | ORDER_PREPARE


# --- credentials ------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    """Each actor's session and API token, and a CSRF cookie with its form token."""

    sessions: dict[str, str]
    bearers: dict[str, str]
    csrf_cookie: str
    csrf_token: str


def issue_keys(estate: Estate) -> Keys:
    sessions, bearers = {}, {}
    for actor in estate.actors:
        if actor.user is None:
            continue
        client = Client()
        client.force_login(actor.user)
        sessions[actor.name] = client.cookies[settings.SESSION_COOKIE_NAME].value
        bearers[actor.name] = api_token_issue(user=actor.user)[1]
    # What a browser holds after any page with a form: the cookie, and the
    # (masked) token the form carries.
    request = RequestFactory().get("/")
    token = get_token(request)
    return Keys(sessions, bearers, request.META["CSRF_COOKIE"], token)


# --- one call ---------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    route: Route
    actor: Actor
    ownership: str  # own, other or none
    method: str

    def __str__(self) -> str:
        route = f"{self.route.key} [{self.method} {self.route.path}]"
        return f"{route} as {self.actor.name} ({self.ownership})"


@dataclass(frozen=True)
class Finding:
    call: Call
    problem: str  # leak, mismatch, personal data, write got through, server error

    def __str__(self) -> str:
        return f"{self.call}: {self.problem}"


def ownerships(route: Route) -> tuple[str, ...]:
    owned = any(p in OWNED_PARAMS for p in route.params) or route.key in OWNED_BODIES
    return ("own", "other") if owned else ("none",)


def unknown_param(route: Route, param: str) -> str:
    return (
        f"{route.key}: nothing fills the path parameter {param!r}. Add it to OWNED_PARAMS "
        "(an object someone owns: one per side in tests/security/estate.py) or to "
        "UNOWNED_PARAMS in tests/security/probe.py."
    )


def path_for(route: Route, rule: Rule, estate: Estate, side: Side) -> str:
    values: dict[str, object] = {}
    for param in route.params:
        variant = rule.fill.get(param)
        if param in OWNED_PARAMS:
            values[param] = OWNED_PARAMS[param](side, variant)
        elif param in UNOWNED_PARAMS:
            values[param] = UNOWNED_PARAMS[param](estate, variant)
        else:
            raise LookupError(unknown_param(route, param))
    if route.kind == "api":
        return route.path.format(**values)
    return reverse(route.key, kwargs=values)


def page_client(keys: Keys, actor: Actor) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = keys.csrf_cookie
    if actor.name in keys.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = keys.sessions[actor.name]
    return client


def _query(call: Call, ctx: Context) -> dict[str, Any]:
    return QUERIES[call.route.key](ctx) if call.route.key in QUERIES else {}


def send_page(
    call: Call, path: str, ctx: Context, keys: Keys, *, with_token: bool = True
) -> HttpResponseBase:
    client = page_client(keys, call.actor)
    if call.method == "GET":
        return client.get(path, _query(call, ctx))
    body = PAGE_BODIES.get(call.route.key, lambda _ctx: {})(ctx)
    if with_token:
        body = body | {"csrfmiddlewaretoken": keys.csrf_token}
    return client.post(path, body)


def send_api(call: Call, path: str, ctx: Context, keys: Keys) -> HttpResponseBase:
    headers = {}
    if call.actor.name in keys.bearers:
        headers["Authorization"] = f"Bearer {keys.bearers[call.actor.name]}"
    client = Client()
    builder = API_BODIES.get(call.route.key)
    if call.method == "GET":
        return client.get(path, _query(call, ctx), headers=headers)
    body = builder(ctx) if builder else ApiBody({})
    if body.multipart:
        return client.post(path, body.data, headers=headers)
    return client.generic(
        call.method,
        path,
        json.dumps(body.data),
        content_type="application/json",
        headers=headers,
    )


def classify(route: Route, response: HttpResponseBase) -> Outcome | str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        login = resolve_url(settings.LOGIN_URL)
        if route.kind == "page" and response["Location"].startswith(login):
            return Outcome.LOGIN
        return Outcome.OK
    if 200 <= status < 300:
        return Outcome.OK
    known = {
        400: Outcome.INVALID,
        401: Outcome.LOGIN,
        403: Outcome.FORBIDDEN,
        404: Outcome.NOT_FOUND,
        405: Outcome.METHOD,
    }
    return known.get(status, f"HTTP {status}")


def response_text(response: HttpResponseBase) -> str:
    """The body as text; spreadsheets (zip archives) are opened and read whole."""
    # The test client closes the response (a file's too, once it is read);
    # closing it again would close the test's database connection.
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content  # type: ignore[attr-defined]
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", errors="replace")


# --- the digest of every table the project owns -------------------------------------


def _digest_sql() -> str:
    parts = []
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("blangkon.") or not model._meta.managed:
            continue
        if model._meta.proxy:
            continue
        table = model._meta.db_table
        columns = [
            f.column
            for f in model._meta.local_concrete_fields
            if f.column and (table, f.column) not in VOLATILE_COLUMNS
        ]
        row = "md5(ROW(" + ", ".join(connection.ops.quote_name(c) for c in columns) + ")::text)"
        parts.append(
            f"SELECT '{table}' AS t, count(*), coalesce(md5(string_agg({row}, ',' "
            f"ORDER BY {row})), '') FROM {connection.ops.quote_name(table)}"
        )
    return " UNION ALL ".join(parts)


@dataclass
class Ledger:
    """Fingerprints of every table of the project's apps, to compare before and after."""

    sql: str = field(default_factory=_digest_sql)

    def take(self) -> dict[str, tuple[int, str]]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return {table: (count, digest) for table, count, digest in cursor.fetchall()}

    @staticmethod
    def changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
        return sorted(t for t in before if before[t] != after.get(t))


# --- a route, every actor -------------------------------------------------------------


@dataclass
class Figures:
    cells: int = 0  # route x actor x ownership
    requests: int = 0
    refused_writes: int = 0  # writes the table expects to be refused or to change nothing
    writes_through: int = 0
    leaks: int = 0
    server_errors: int = 0


@dataclass
class Report:
    figures: Figures = field(default_factory=Figures)
    findings: list[Finding] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"{len(self.findings)} finding(s):"] + [f"  {f}" for f in self.findings]
        return "\n".join(lines)


def expected_for(call: Call, rule: Rule) -> Outcome | None:
    """The table's outcome, with methods a page does not accept answered 405
    (after the login redirect when the page wants a login first)."""
    outcome = rule.expect(call.actor.group, call.ownership)
    if call.route.kind == "page" and call.method not in call.route.methods:
        if call.actor.user is None and outcome == Outcome.LOGIN:
            return Outcome.LOGIN
        return Outcome.METHOD
    return outcome


def methods_to_probe(route: Route) -> tuple[str, ...]:
    # Every page is tried with GET and POST: a page that refuses one must say 405.
    return ("GET", "POST") if route.kind == "page" else route.methods


class Prober:
    def __init__(self, estate: Estate, keys: Keys) -> None:
        self.estate = estate
        self.keys = keys
        self.ledger = Ledger()
        self.report = Report()
        self.baseline: dict[str, tuple[int, str]] = {}

    def route(self, route: Route, rule: Rule) -> Report:
        if route.key in PREPARE:
            PREPARE[route.key](self.estate)
        # Every call is rolled back, so this is the state before each of them.
        self.baseline = self.ledger.take()
        for actor in self.estate.actors:
            for ownership in ownerships(route):
                self.report.figures.cells += 1
                for method in methods_to_probe(route):
                    self.call(Call(route, actor, ownership, method), rule)
        return self.report

    def call(self, call: Call, rule: Rule) -> None:
        expected = expected_for(call, rule)
        side = self.estate.side_for(call.actor, call.ownership)
        ctx = Context(self.estate, side, call.actor)
        path = path_for(call.route, rule, self.estate, side)
        watched = call.method in WRITE_METHODS and expected != Outcome.OK
        self.report.figures.requests += 1
        self.report.figures.refused_writes += int(watched)
        with transaction.atomic():
            try:
                send = send_page if call.route.kind == "page" else send_api
                response = send(call, path, ctx, self.keys)
            except Exception as error:  # noqa: BLE001 - a crash is a finding, not the end
                self.report.figures.server_errors += 1
                self.report.findings.append(Finding(call, f"server error: {error!r}"))
                transaction.set_rollback(True)
                return
            if watched:
                changed = self.ledger.changed(self.baseline, self.ledger.take())
                logged = LOGGED_REFUSALS.get(call.route.key, frozenset())
                changed = [table for table in changed if table not in logged]
                if changed:
                    self.report.figures.writes_through += 1
                    self.report.findings.append(
                        Finding(call, f"write got through: changed {', '.join(changed)}")
                    )
            transaction.set_rollback(True)
        self.judge(call, expected, response)

    def judge(self, call: Call, expected: Outcome | None, response: HttpResponseBase) -> None:
        got = classify(call.route, response)
        text = response_text(response)
        if expected is None:
            problem = f"the table has no entry for {call.actor.group}; got {got}"
            self.report.findings.append(Finding(call, problem))
        elif not _matches(expected, got):
            leak = expected in REFUSALS and got == Outcome.OK
            self.report.figures.leaks += int(leak)
            if got == "HTTP 500":
                self.report.figures.server_errors += 1
            label = "LEAK" if leak else "mismatch"
            detail = (
                f"{label}: expected {expected.value}, got {_shown(got)} ({response.status_code})"
            )
            self.report.findings.append(Finding(call, detail))
        for secret in self.estate.secrets:
            if secret.value in text and not may_see(call.actor, secret):
                self.report.figures.leaks += 1
                self.report.findings.append(
                    Finding(call, f"LEAK of personal data: {secret.what} in the response")
                )


def _matches(expected: Outcome, got: Outcome | str) -> bool:
    if expected == Outcome.INERT:
        return got == Outcome.OK
    return expected == got


def _shown(got: Outcome | str) -> str:
    return got.value if isinstance(got, Outcome) else got
