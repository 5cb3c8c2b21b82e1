"""manage.py lift_expired_sanctions [--today YYYY-MM-DD]: run daily (cron or task)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from blangkon.vendors.services import lift_expired_sanctions


class Command(BaseCommand):
    help = "Lift suspensions and bans whose end date has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Treat this date (YYYY-MM-DD) as today; default: today in Asia/Jakarta.",
        )

    def handle(self, *args: Any, today: datetime.date | None, **options: Any) -> None:
        lifted = lift_expired_sanctions(today=today or timezone.localdate())
        self.stdout.write(f"Lifted {lifted} sanction(s).")
