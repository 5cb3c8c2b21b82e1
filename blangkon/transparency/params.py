"""What the public statistics may be filtered by, checked once for the page
and the API: a DomainError("invalid") naming each bad field, in the user's
language (the API answers 400 with it, the page shows it)."""

from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError

# Where the transactions were made: Blangkon's own orders, the packages
# imported from INAPROC (blangkon.inaproc); "all" adds them up.
CHANNELS = ("blangkon", "inaproc", "all")
FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class StatsParams:
    channel: str = "blangkon"
    year: int | None = None  # the fiscal year (= the calendar year); None: all time
    kab_kota: str = ""  # a region code (a kab/kota, or the province's own OPDs)
    # One OPD's figures: set by the internal dashboards (transparency/internal.py)
    # for a reader the OPD is scoped to; never read from a public query string.
    opd_id: int | None = None

    def query(self) -> dict[str, str]:
        """The filters as a query string's fields (the download links keep them)."""
        fields = {"channel": self.channel}
        if self.year:
            fields["year"] = str(self.year)
        if self.kab_kota:
            fields["kab_kota"] = self.kab_kota
        return fields


def parse_stats_params(data: Mapping[str, Any], *, regions: Container[str]) -> StatsParams:
    """StatsParams from a query string; `regions` are the codes that exist."""

    def text(field: str) -> str:
        value = data.get(field)
        return str(value).strip() if value is not None else ""

    errors: dict[str, str] = {}
    channel = text("channel") or "blangkon"
    if channel not in CHANNELS:
        errors["channel"] = _("Choose a channel: blangkon, inaproc or all.")
    year = None
    if raw := text("year"):
        if raw.isascii() and raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            year = int(raw)
        else:
            errors["year"] = _("Enter a fiscal year between %(first)d and %(last)d.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    kab_kota = text("kab_kota")
    if kab_kota and kab_kota not in regions:
        errors["kab_kota"] = _("Choose a kabupaten/kota of the list.")
    if errors:
        raise DomainError("invalid", _("Check the statistics filters."), errors)
    return StatsParams(channel=channel, year=year, kab_kota=kab_kota)
