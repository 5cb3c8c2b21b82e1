"""manage.py red_flags_refresh: run the red-flag detectors now (after an
import, or to check them), all kinds or those named with --kind."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blangkon.red_flags.detectors import DETECTORS
from blangkon.red_flags.refresh import red_flags_refresh


class Command(BaseCommand):
    help = "Run the red-flag detectors and write their findings (red_flags.RedFlag)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", default=[], help="Only this kind.")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = sorted(set(options["kind"]) - set(DETECTORS))
        if unknown:
            raise CommandError(
                f"Unknown kind: {', '.join(unknown)}. Kinds: {', '.join(DETECTORS)}."
            )
        started = time.perf_counter()
        changes = red_flags_refresh(options["kind"] or None)
        if not changes:
            raise CommandError("Another refresh is running; try again when it has finished.")
        elapsed = time.perf_counter() - started
        for kind, c in changes.items():
            self.stdout.write(
                f"{kind}: {c.found:,} found ({c.raised:,} new, {c.back:,} back, {c.gone:,} gone)"
            )
        self.stdout.write(f"Done in {elapsed:.1f} s.")
