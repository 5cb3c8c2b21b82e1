"""`manage.py import_holidays [YEAR ...]`: add the `holidays` package's
Indonesian holidays of the years given (default: this year and the next)
that have no row yet. Admin edits are never overwritten."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from blangkon.procurement.services import holidays_import


class Command(BaseCommand):
    help = "Import Indonesian national holidays and cuti bersama from the holidays package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        year = timezone.localdate().year
        years = options["years"] or [year, year + 1]
        added = holidays_import(years)
        self.stdout.write(f"{added} holiday dates added for {', '.join(map(str, years))}.")
