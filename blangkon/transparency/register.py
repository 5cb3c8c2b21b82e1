"""The public register of transactions (docs/design/transparency.md § 6):
every order from the moment the PPK signed it, one row each, for the page
/transparansi/transaksi/, `GET /api/v1/transactions`, their downloads and the
open-data files.

Which orders: those with an `approved_at` (the PPK's signature), whatever
happened after. An order cancelled, declined or timed out after the signature
stays in the register with its status: the public sees that it was signed and
that it ended. (The statistics count a narrower set, § 2: those not ended.)

What a row shows is only what the public may know (UU 14/2008 KIP) and no
personal data (UU 27/2022): the order's public number, day, OPD and its
kab/kota, the vendor by the name its public storefront shows with its kind,
scale and kab/kota, the items, the value, the status and the days from the
BAST to the payment. The queries below never select a NIK, NPWP, bank
account, phone, e-mail, address or any user (officials included).

Staying fast at any size: the order of every page is an index
(orders_order_register_date, orders_order_register_value: migration
transparency 0002) read from a keyset cursor, never an OFFSET; the count is
capped at COUNT_CAP rows read; a download walks the same keyset in chunks.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from blangkon.accounts.models import Organisation
from blangkon.accounts.roles import OrganisationKind
from blangkon.catalog.models import Category
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import OrderStatus
from blangkon.transparency.register_params import Cursor, RegisterParams
from blangkon.vendors.models import UmkmScale, Vendor, VendorKind

# Counting stops here: a count of millions on every page would read millions
# of rows. Past it the page says "more than 10,000" and the API `count_capped`.
COUNT_CAP = 10_000
CHUNK = 2_000  # rows per query when a download or a bulk file walks the register
# A search text matching more vendor or OPD names than this is too general to
# narrow anything; the first ones are used.
NAME_MATCHES = 1_000
# Up to this many orders of the vendors and OPDs a search names are read by
# their ids; more are filtered while walking the sort's index.
FEW_ORDERS = 5_000

ORDER_FIELDS = (
    "id",
    "number",
    "approved_at",
    "status",
    "total",
    "accepted_total",
    "value",
    "opd_id",
    "opd__name",
    "opd__region__name",
    "vendor_id",
    "vendor__kind",
    "vendor__scale",
    "vendor__organisation__name",
    "vendor__organisation__region__name",
    "payment__days_from_bast",
)
LINE_FIELDS = (
    "order_id",
    "name",
    "unit",
    "unit_price",
    "quantity",
    "accepted_quantity",
    "category_id",
    "category__name",
)


@dataclass(frozen=True)
class RegisterPage:
    rows: list[dict[str, Any]]
    next: Cursor | None
    previous: Cursor | None


def signed_orders() -> QuerySet[Order]:
    """Every order the PPK signed, with its value (`payable_total`) as `value`."""
    return Order.objects.filter(approved_at__isnull=False).annotate(
        value=Coalesce("accepted_total", "total")
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a local (Asia/Jakarta) day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search(q: str) -> Q:
    """The order's number, its vendor's or OPD's name, or an item's name
    contains `q`. The names are looked up first in their own small tables, so
    the orders are filtered by id lists their indexes answer, never by a join
    evaluated on every order; item names have a trigram index (migration
    transparency 0002)."""
    vendors = list(
        Vendor.objects.filter(organisation__name__icontains=q).values_list("id", flat=True)[
            :NAME_MATCHES
        ]
    )
    opds = list(
        Organisation.objects.filter(kind=OrganisationKind.OPD, name__icontains=q).values_list(
            "id", flat=True
        )[:NAME_MATCHES]
    )
    # The number, the items and (when they have few orders) the vendors and
    # OPDs: one set of order ids, each part read through its own index, so
    # the planner reads only those orders.
    parts = [
        Order.objects.filter(number=q.upper()).values("id"),
        OrderLine.objects.filter(name__icontains=q).values("order_id"),
    ]
    party = Q(vendor_id__in=vendors) | Q(opd_id__in=opds)
    common = False
    if vendors or opds:
        common = Order.objects.filter(party).order_by()[: FEW_ORDERS + 1].count() > FEW_ORDERS
        if not common:
            parts.append(Order.objects.filter(party).values("id"))
    matches = Q(id__in=parts[0].union(*parts[1:]))
    if common:
        # Vendors or OPDs with many orders: plain conditions, met often
        # enough on the sort's index that walking it finds a page at once.
        matches |= party
    return matches


def _when(params: RegisterParams) -> Q:
    """The year and dates of the PPK's signature, as local (Asia/Jakarta) days."""
    when = Q()
    if params.year:
        when &= Q(approved_at__gte=_day_start(datetime.date(params.year, 1, 1)))
        when &= Q(approved_at__lt=_day_start(datetime.date(params.year + 1, 1, 1)))
    if params.date_from:
        when &= Q(approved_at__gte=_day_start(params.date_from))
    if params.date_to:
        when &= Q(approved_at__lt=_day_start(params.date_to + datetime.timedelta(days=1)))
    return when


def _who_and_what(params: RegisterParams) -> Q:
    """Who bought and sold, the status and the value."""
    fields = {
        "opd__region_id": params.kab_kota or None,
        "opd_id": params.opd,
        "vendor_id": params.vendor,
        "status": params.status or None,
        "value__gte": params.min_value,
        "value__lte": params.max_value,
    }
    return Q(**{name: value for name, value in fields.items() if value is not None})


def register_orders(params: RegisterParams) -> QuerySet[Order]:
    """The signed orders the filters let through (unordered)."""
    orders = signed_orders().filter(_when(params), _who_and_what(params))
    if params.category:
        # An order with an item of the category (or of one below it).
        slugs = Q(slug=params.category) | Q(parent__slug=params.category)
        categories = list(Category.objects.filter(slugs).values_list("id", flat=True))
        items = OrderLine.objects.filter(category_id__in=categories).values("order_id")
        orders = orders.filter(id__in=items)
    if params.q:
        orders = orders.filter(_search(params.q))
    return orders


def _key_field(sort: str) -> str:
    return "approved_at" if sort.endswith("date") else "value"


def _after(field: str, cursor: Cursor, *, descending: bool) -> Q:
    """Rows past the cursor in the walking order. The plain `<=` (or `>=`)
    on the key lets the index start at the cursor instead of filtering every
    row before it."""
    if descending:
        return Q(**{f"{field}__lte": cursor.key}) & (
            Q(**{f"{field}__lt": cursor.key}) | Q(id__lt=cursor.id)
        )
    return Q(**{f"{field}__gte": cursor.key}) & (
        Q(**{f"{field}__gt": cursor.key}) | Q(id__gt=cursor.id)
    )


def _cursor_of(row: dict[str, Any], field: str, *, before: bool) -> Cursor:
    return Cursor(key=row[field], id=row["id"], before=before)


def register_page(params: RegisterParams) -> RegisterPage:
    """One page of the register: `params.limit` rows from `params.cursor`,
    with the cursors of the next and the previous page (None at either end)."""
    field = _key_field(params.sort)
    descending = params.sort.startswith("-")
    cursor = params.cursor
    backwards = bool(cursor and cursor.before)
    # A page before the cursor is read walking the other way, then turned round.
    walk_descending = descending != backwards
    orders = register_orders(params)
    if cursor:
        orders = orders.filter(_after(field, cursor, descending=walk_descending))
    sign = "-" if walk_descending else ""
    found = list(
        orders.order_by(f"{sign}{field}", f"{sign}id").values(*ORDER_FIELDS)[: params.limit + 1]
    )
    more = len(found) > params.limit
    found = found[: params.limit]
    if backwards:
        found.reverse()
    rows = _rows(found)
    if not found:
        return RegisterPage(rows=[], next=None, previous=None)
    first, last = found[0], found[-1]
    has_next = more if not backwards else True
    has_previous = more if backwards else cursor is not None
    return RegisterPage(
        rows=rows,
        next=_cursor_of(last, field, before=False) if has_next else None,
        previous=_cursor_of(first, field, before=True) if has_previous else None,
    )


def register_count(params: RegisterParams) -> tuple[int, bool]:
    """How many rows the filters let through, counting at most COUNT_CAP
    (reading that many index entries at most); and whether it stopped there."""
    found = register_orders(params).order_by()[: COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


def register_rows(params: RegisterParams) -> Iterator[dict[str, Any]]:
    """Every row the filters let through, in the params' sort, read CHUNK
    rows at a time along the same keyset as the pages (constant memory)."""
    chunk = replace(params, cursor=None, limit=CHUNK)
    while True:
        page = register_page(chunk)
        yield from page.rows
        if page.next is None:
            return
        chunk = chunk.at(page.next)


def _rows(orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The public rows of these orders (two queries: the orders were read; the items)."""
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    lines = OrderLine.objects.filter(order_id__in=[o["id"] for o in orders])
    for line in lines.order_by("order_id", "id").values(*LINE_FIELDS):
        items[line["order_id"]].append(line)
    return [_row(order, items[order["id"]]) for order in orders]


def _largest_category(order: dict[str, Any], lines: list[dict[str, Any]]) -> str:
    """The category with the most of the order's value (the statistics' rule)."""
    accepted = order["accepted_total"] is not None
    parts: dict[tuple[int, str], int] = defaultdict(int)
    for line in lines:
        quantity = line["quantity"]
        if accepted and line["accepted_quantity"] is not None:
            quantity = line["accepted_quantity"]
        parts[(line["category_id"], line["category__name"])] += line["unit_price"] * quantity
    if not parts:
        return ""
    return max(parts, key=lambda key: (parts[key], -key[0]))[1]


def _label(choices: type[Any], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _row(order: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": order["id"],
        "number": order["number"],
        "signed_on": timezone.localdate(order["approved_at"]),
        "opd": {"id": order["opd_id"], "name": order["opd__name"]},
        "kab_kota": order["opd__region__name"],
        "vendor": {
            "id": order["vendor_id"],
            "name": order["vendor__organisation__name"],
            "kind": order["vendor__kind"],
            "kind_label": _label(VendorKind, order["vendor__kind"]),
            "scale": order["vendor__scale"],
            "scale_label": _label(UmkmScale, order["vendor__scale"])
            if order["vendor__scale"]
            else "",
            "kab_kota": order["vendor__organisation__region__name"],
        },
        "category": _largest_category(order, lines),
        "items": [
            {
                "product": line["name"],
                "quantity": line["quantity"],
                "accepted_quantity": line["accepted_quantity"],
                "unit": line["unit"],
                "unit_price": line["unit_price"],
            }
            for line in lines
        ],
        "total": order["value"],
        "status": order["status"],
        "status_label": _label(OrderStatus, order["status"]),
        "days_from_bast_to_payment": order["payment__days_from_bast"],
    }


def register_categories() -> dict[str, str]:
    """slug -> name of every category (the filter's choices)."""
    return dict(Category.objects.order_by("position", "name").values_list("slug", "name"))
