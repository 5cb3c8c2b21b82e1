"""What a request for releases may ask: a window of release dates, a page
size and where to continue. Checked once for the API and the export command:
a DomainError("invalid") naming each bad field, in the caller's language (the
API answers 400 with it, the command stops with it)."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError

JAKARTA = ZoneInfo("Asia/Jakarta")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
FIRST_YEAR = 2000
LAST_YEAR = 2100
FIELDS = ("since", "until", "limit", "cursor")
# "<order id>.<releases of that order already given>"; the order id fits a bigint.
CURSOR = re.compile(r"(?P<order>[1-9][0-9]{0,17})\.(?P<skip>[0-9]{1,2})")
PLUS_AS_SPACE = re.compile(r" ([0-9]{2}:?[0-9]{2})$")
LONGEST_DATE = 40  # "2026-12-06T10:00:00.123456+07:00" and some room


@dataclass(frozen=True)
class Window:
    """Release dates since ≤ date < until (either open)."""

    since: datetime.datetime | None = None
    until: datetime.datetime | None = None

    def holds(self, moment: datetime.datetime) -> bool:
        return (self.since is None or self.since <= moment) and (
            self.until is None or moment < self.until
        )


@dataclass(frozen=True)
class Cursor:
    """Continue with this order's releases, after the first `skip` of them
    that fall in the window."""

    order_id: int
    skip: int = 0

    def __str__(self) -> str:
        return f"{self.order_id}.{self.skip}"


@dataclass(frozen=True)
class ReleaseParams:
    window: Window = Window()
    limit: int = DEFAULT_LIMIT
    cursor: Cursor | None = None

    def query(self) -> dict[str, str]:
        """The fields of a query string asking for the same (the cursor apart)."""
        fields = {"limit": str(self.limit)}
        if self.window.since:
            fields["since"] = self.window.since.isoformat()
        if self.window.until:
            fields["until"] = self.window.until.isoformat()
        return fields


def parse_moment(raw: str, *, end_of_day: bool) -> datetime.datetime | None:
    """An ISO date or date-time, None when it is neither or out of range. A
    date stands for its start (since) or the start of the next day (until), in
    Asia/Jakarta; a date-time without an offset is Asia/Jakarta's."""
    if not raw.isascii() or len(raw) > LONGEST_DATE:
        return None
    # An offset's "+" written unencoded in a URL arrives as a space.
    raw = PLUS_AS_SPACE.sub(r"+\1", raw)
    try:
        if len(raw) == 10:
            day = datetime.date.fromisoformat(raw)
            if end_of_day:
                day += datetime.timedelta(days=1)
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=JAKARTA)
        else:
            moment = datetime.datetime.fromisoformat(raw)
    except (ValueError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return moment


def _text(data: Mapping[str, Any], field: str) -> str:
    value = data.get(field)
    return str(value).strip() if value is not None else ""


def _moments(data: Mapping[str, Any], errors: dict[str, str]) -> Window:
    message = _(
        "Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS+07:00) "
        "between %(first)d and %(last)d."
    ) % {"first": FIRST_YEAR, "last": LAST_YEAR}
    moments: dict[str, datetime.datetime | None] = {}
    for field in ("since", "until"):
        raw = _text(data, field)
        moments[field] = parse_moment(raw, end_of_day=field == "until") if raw else None
        if raw and moments[field] is None:
            errors[field] = message
    since, until = moments["since"], moments["until"]
    if since and until and since >= until:
        errors["until"] = _("The end of the period must come after its start.")
    return Window(since=since, until=until)


def _limit(data: Mapping[str, Any], errors: dict[str, str]) -> int:
    raw = _text(data, "limit")
    if not raw:
        return DEFAULT_LIMIT
    if raw.isascii() and raw.isdigit() and len(raw) <= 7 and 1 <= int(raw) <= MAX_LIMIT:
        return int(raw)
    errors["limit"] = _("Enter a number of releases from 1 to %(max)d.") % {"max": MAX_LIMIT}
    return DEFAULT_LIMIT


def _cursor(data: Mapping[str, Any], errors: dict[str, str]) -> Cursor | None:
    raw = _text(data, "cursor")
    if not raw:
        return None
    match = CURSOR.fullmatch(raw) if raw.isascii() else None
    if match is None:
        errors["cursor"] = _("Use the cursor of a links.next link as it is.")
        return None
    return Cursor(order_id=int(match["order"]), skip=int(match["skip"]))


def parse_release_params(data: Mapping[str, Any]) -> ReleaseParams:
    """ReleaseParams from a query string; unknown fields are refused, so a
    misspelt filter never silently answers everything."""
    errors: dict[str, str] = {}
    for field in data:
        if field not in FIELDS:
            errors[str(field)[:50]] = _("Unknown field. Use since, until, limit or cursor.")
    window = _moments(data, errors)
    limit = _limit(data, errors)
    cursor = _cursor(data, errors)
    if errors:
        raise DomainError("invalid", _("Check the fields of the request for releases."), errors)
    return ReleaseParams(window=window, limit=limit, cursor=cursor)
