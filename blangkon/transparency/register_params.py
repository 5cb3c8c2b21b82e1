"""What the public register of transactions may be filtered, sorted and paged
by, checked once for the page, its downloads and the API: a
DomainError("invalid") naming each bad field, in the caller's language (the
API answers 400 with it, the page shows it and answers 400).

Every value is bounded before a query sees it: a search text of at most
Q_MAX_LENGTH characters, dates and years within FIRST_YEAR..LAST_YEAR, values
within what a BigInteger holds, a page of at most MAX_LIMIT rows. A field the
register does not know is refused too, so a misspelt filter never silently
answers the whole register.
"""

import base64
import binascii
import datetime
import json
from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError
from blangkon.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from blangkon.orders.status import OrderStatus
from blangkon.transparency.params import FIRST_YEAR, LAST_YEAR

Q_MAX_LENGTH = 100
# A rupiah bound beyond any order (the per-transaction ceiling is Rp50 juta),
# but well inside PostgreSQL's bigint.
VALUE_MAX = 10**15
SORTS = ("-date", "date", "-value", "value")
# Statuses an order the PPK signed can be in: the counted ones and the three
# ways it can end without delivery after the signature.
REGISTER_STATUSES = tuple(
    s.value for s in OrderStatus if s.value not in ("draft", "menunggu_persetujuan")
)
FILTERS = (
    "q",
    "year",
    "date_from",
    "date_to",
    "kab_kota",
    "opd",
    "category",
    "vendor",
    "status",
    "min_value",
    "max_value",
    "sort",
)
PAGING = ("limit", "cursor")


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: the sort key and id of the row next to it, and
    whether the page lies before that row (a "previous" link) or after it."""

    key: Any  # a datetime (ISO text in the token) or whole rupiah
    id: int
    before: bool = False


@dataclass(frozen=True)
class RegisterParams:
    q: str = ""
    year: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kab_kota: str = ""
    opd: int | None = None
    category: str = ""
    vendor: int | None = None
    status: str = ""
    min_value: int | None = None
    max_value: int | None = None
    sort: str = "-date"
    limit: int = DEFAULT_LIMIT
    cursor: Cursor | None = None

    def query(self) -> dict[str, str]:
        """The filters and sort as query string fields (links and downloads keep them)."""
        fields: dict[str, str] = {}
        for name in FILTERS:
            value = getattr(self, name)
            if value not in (None, "") and not (name == "sort" and value == "-date"):
                fields[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return fields

    def at(self, cursor: Cursor | None) -> "RegisterParams":
        return replace(self, cursor=cursor)


def cursor_token(cursor: Cursor) -> str:
    key = cursor.key.isoformat() if isinstance(cursor.key, datetime.datetime) else cursor.key
    raw = json.dumps([key, cursor.id, int(cursor.before)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor(token: str, sort: str) -> Cursor:
    """The cursor a token names; ValueError when it is not one this sort made."""
    if len(token) > 200:
        raise ValueError(token)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key, row_id, before = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, TypeError) as error:
        raise ValueError(token) from error
    if not isinstance(row_id, int) or not 0 < row_id < 2**63 or before not in (0, 1):
        raise ValueError(token)
    if sort.endswith("date"):
        if not isinstance(key, str):
            raise ValueError(token)
        key = datetime.datetime.fromisoformat(key)
        if key.tzinfo is None:
            raise ValueError(token)
    elif not isinstance(key, int) or not 0 <= key <= VALUE_MAX:
        raise ValueError(token)
    return Cursor(key=key, id=row_id, before=bool(before))


class _Reader:
    """Reads the fields of one query string, collecting a message per bad field."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def text(self, field: str) -> str:
        value = self.data.get(field)
        return str(value).strip() if value is not None else ""

    def whole(self, field: str, low: int, high: int, message: str) -> int | None:
        raw = self.text(field)
        if not raw:
            return None
        if raw.isascii() and raw.isdigit() and len(raw) <= 16 and low <= int(raw) <= high:
            return int(raw)
        self.errors[field] = message
        return None

    def date(self, field: str) -> datetime.date | None:
        raw = self.text(field)
        if not raw:
            return None
        try:
            value = datetime.date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            value = None
        if value is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
            self.errors[field] = _(
                "Enter a date as YYYY-MM-DD, between %(first)d and %(last)d."
            ) % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
            return None
        return value


def _check_choices(
    read: _Reader, *, regions: Container[str], categories: Container[str]
) -> tuple[str, str, str]:
    kab_kota, category, status = read.text("kab_kota"), read.text("category"), read.text("status")
    if kab_kota and kab_kota not in regions:
        read.errors["kab_kota"] = _("Choose a kabupaten/kota of the list.")
    if category and category not in categories:
        read.errors["category"] = _("Choose a category of the list.")
    if status and status not in REGISTER_STATUSES:
        read.errors["status"] = _("Choose a status of the list.")
    return kab_kota, category, status


def _ranges(read: _Reader) -> dict[str, Any]:
    """The year, the dates and the values, each range the right way round."""
    year = read.whole(
        "year",
        FIRST_YEAR,
        LAST_YEAR,
        _("Enter a fiscal year between %(first)d and %(last)d.")
        % {"first": FIRST_YEAR, "last": LAST_YEAR},
    )
    date_from, date_to = read.date("date_from"), read.date("date_to")
    if date_from and date_to and date_from > date_to:
        read.errors["date_to"] = _("The end date is before the start date.")
    rupiah = _("Enter whole rupiah, from 0 to %(max)s.") % {
        "max": f"{VALUE_MAX:,}".replace(",", ".")
    }
    min_value = read.whole("min_value", 0, VALUE_MAX, rupiah)
    max_value = read.whole("max_value", 0, VALUE_MAX, rupiah)
    if min_value is not None and max_value is not None and min_value > max_value:
        read.errors["max_value"] = _("The highest value is below the lowest.")
    return {
        "year": year,
        "date_from": date_from,
        "date_to": date_to,
        "min_value": min_value,
        "max_value": max_value,
    }


def _paging(read: _Reader, sort: str) -> tuple[int, Cursor | None]:
    limit = read.whole(
        "limit", 1, MAX_LIMIT, _("Ask for 1 to %(max)d rows at a time.") % {"max": MAX_LIMIT}
    )
    cursor = None
    if token := read.text("cursor"):
        try:
            cursor = _cursor(token, sort)
        except ValueError:
            read.errors["cursor"] = _("This page link is not valid; start from the first page.")
    return limit or DEFAULT_LIMIT, cursor


def parse_register_params(
    data: Mapping[str, Any],
    *,
    regions: Container[str],
    categories: Container[str],
    paging: bool = True,
) -> RegisterParams:
    """RegisterParams from a query string. `regions` and `categories` are the
    codes and slugs that exist; `paging` says whether limit and cursor may be
    asked for (not by a download, which takes every row)."""
    read = _Reader(data)
    known = FILTERS + PAGING if paging else FILTERS
    unknown = sorted(str(name) for name in data if name not in known)
    for name in unknown[:5]:
        read.errors[name[:40]] = _("The register has no filter by this name.")
    q = read.text("q")
    if len(q) > Q_MAX_LENGTH:
        read.errors["q"] = _("Search with at most %(max)d characters.") % {"max": Q_MAX_LENGTH}
        q = ""
    ranges = _ranges(read)
    kab_kota, category, status = _check_choices(read, regions=regions, categories=categories)
    an_id = _("Enter the number of an OPD or a vendor.")
    opd = read.whole("opd", 1, 2**62, an_id)
    vendor = read.whole("vendor", 1, 2**62, an_id)
    sort = read.text("sort") or "-date"
    if sort not in SORTS:
        read.errors["sort"] = _("Sort by date, -date, value or -value.")
        sort = "-date"
    limit, cursor = _paging(read, sort) if paging else (DEFAULT_LIMIT, None)
    if read.errors:
        raise DomainError("invalid", _("Check the register's filters."), read.errors)
    return RegisterParams(
        q=q,
        kab_kota=kab_kota,
        opd=opd,
        category=category,
        vendor=vendor,
        status=status,
        sort=sort,
        limit=limit,
        cursor=cursor,
        **ranges,
    )
