"""manage.py expire_certificates [--today YYYY-MM-DD]: run daily (cron or task)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from blangkon.vendors.services import expire_certificates


class Command(BaseCommand):
    help = "Ask vendors to renew expired certificates and take down the products that need them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Treat this date (YYYY-MM-DD) as today; default: today in Asia/Jakarta.",
        )

    def handle(self, *args: Any, today: datetime.date | None, **options: Any) -> None:
        marked = expire_certificates(today=today or timezone.localdate())
        self.stdout.write(f"Asked for renewal of {marked} expired certificate(s).")
