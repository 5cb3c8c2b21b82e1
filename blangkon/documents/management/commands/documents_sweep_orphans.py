"""manage.py documents_sweep_orphans [--older-than-minutes 60] [--dry-run]

Removes files under MEDIA_ROOT/private that have no StoredFile row (see
`documents.services.orphan_files_sweep`; the scheduler runs it daily as
`documents.tasks.sweep_orphan_files_task`).
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from blangkon.documents.services import orphan_files_sweep


class Command(BaseCommand):
    help = "Remove stored files that have no database row (left by rolled-back uploads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, older_than_minutes: int, dry_run: bool, **options: Any) -> None:
        orphans = orphan_files_sweep(
            older_than=datetime.timedelta(minutes=older_than_minutes), dry_run=dry_run
        )
        for relative in orphans:
            self.stdout.write(f"{'would remove' if dry_run else 'removed'} {relative}")
        self.stdout.write(f"{len(orphans)} orphaned file(s).")
