"""Indonesia's holidays from the `holidays` package: pure data, no models, so
the data migration can use it too.

The package's "public" category holds the national holidays (libur nasional)
and its "government" category the cuti bersama of the joint ministerial
decree (SKB 3 Menteri) it knows of. Dates of lunar holidays in years the
government has not yet decided are the package's estimates: the province
admin corrects them on /aturan/hari-libur/ when the SKB is signed.
"""

import datetime
from dataclasses import dataclass

import holidays

NATIONAL = "national"
CUTI_BERSAMA = "cuti_bersama"


@dataclass(frozen=True)
class PackageHoliday:
    date: datetime.date
    name: str
    kind: str  # NATIONAL or CUTI_BERSAMA


def package_holidays(year: int) -> list[PackageHoliday]:
    """Weekday holidays of `year`, by date. Weekends are never working days,
    so a holiday on a Saturday or Sunday needs no row. A date that is both a
    national holiday and cuti bersama counts as national."""
    national = holidays.country_holidays("ID", years=year, categories=("public",))
    government = holidays.country_holidays("ID", years=year, categories=("government",))
    found = {
        day: PackageHoliday(day, name, CUTI_BERSAMA)
        for day, name in sorted(government.items())
        if day.weekday() < 5
    }
    found.update(
        {
            day: PackageHoliday(day, name, NATIONAL)
            for day, name in sorted(national.items())
            if day.weekday() < 5
        }
    )
    return [found[day] for day in sorted(found)]
