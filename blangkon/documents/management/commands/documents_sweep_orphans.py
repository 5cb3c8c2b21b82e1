"""manage.py documents_sweep_orphans [--older-than-minutes 60] [--dry-run]

Removes files under MEDIA_ROOT/private that have no StoredFile row. They are
left behind when a caller's outer transaction rolled back after the upload
service had written the file. Recent files are kept: their transaction may still
be open.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from blangkon.documents import storage
from blangkon.documents.models import StoredFile


class Command(BaseCommand):
    help = "Remove stored files that have no database row (left by rolled-back uploads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, older_than_minutes: int, dry_run: bool, **options: Any) -> None:
        root = storage.private_root()
        if not root.is_dir():
            self.stdout.write("No private media folder; nothing to do.")
            return
        cutoff = time.time() - older_than_minutes * 60
        media_root = root.parent
        candidates = {
            path.relative_to(media_root).as_posix(): path
            for path in root.rglob("*")
            if path.is_file() and path.stat().st_mtime < cutoff
        }
        known = set(
            StoredFile.objects.filter(path__in=list(candidates)).values_list("path", flat=True)
        )
        orphans = sorted(set(candidates) - known)
        for relative in orphans:
            if not dry_run:
                candidates[relative].unlink(missing_ok=True)
            self.stdout.write(f"{'would remove' if dry_run else 'removed'} {relative}")
        self.stdout.write(f"{len(orphans)} orphaned file(s).")
