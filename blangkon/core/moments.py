"""Dates and moments stored as ISO text (in JSON: audit details, notification
placeholders) and written for a reader in the active language when read, so a
reader of either language sees the one date style of the pages ("7 Des 2026",
"7 Des 2026 19.24")."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format


def stored_moment(value: datetime.date | datetime.datetime | None) -> str:
    """ISO text of a date, or of a moment in the site's time zone to the
    minute; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


def readable_moment(value: str) -> str | None:
    """An ISO date or date-time in the active language's format, or None when
    `value` is not one."""
    if len(value) < 10 or value[4:5] != "-" or value[7:8] != "-":
        return None
    try:
        moment = parse_datetime(value) if len(value) > 10 else None
        day = parse_date(value) if len(value) == 10 else None
    except ValueError:
        return None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATETIME_FORMAT")
    return date_format(day) if day is not None else None
