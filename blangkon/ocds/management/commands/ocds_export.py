"""manage.py ocds_export [--output PATH] [--since …] [--until …]: one OCDS
release package of every release in the window, written as it is read (the
memory of one chunk of orders at any size), to PATH or to stdout. The number
of releases goes to stderr. A window without releases writes nothing: the
package schema wants at least one."""

import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blangkon.core.errors import DomainError
from blangkon.ocds.package import (
    PUBLICATION_POLICY_PATH,
    RELEASES_PATH,
    package_fields,
    package_text,
    site_url,
)
from blangkon.ocds.params import Window, parse_release_params
from blangkon.ocds.selectors import all_releases


class Command(BaseCommand):
    help = (
        "Write one OCDS 1.1 release package of Blangkon's orders (every release whose "
        "date is in [--since, --until)) to --output or stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="The file to write (default: stdout).")
        parser.add_argument("--since", default="", help="YYYY-MM-DD or an ISO date-time.")
        parser.add_argument("--until", default="", help="YYYY-MM-DD (the day included) or …")

    def handle(self, *args: Any, **options: Any) -> None:
        window = _window(options["since"], options["until"])
        query = {k: v for k, v in (("since", options["since"]), ("until", options["until"])) if v}
        fields = package_fields(
            uri=site_url(RELEASES_PATH + (f"?{urlencode(query)}" if query else "")),
            published=None,
            site=site_url("/"),
            policy=site_url(PUBLICATION_POLICY_PATH),
        )
        started = time.perf_counter()
        releases = all_releases(window)
        first = next(releases, None)
        if first is None:  # an OCDS package holds at least one release
            self.stderr.write("0 releases in the window: no package written.")
            return
        counted = _Counted(chain([first], releases))
        output: Path | None = options["output"]
        if output is None:
            for piece in package_text(fields, counted):
                self.stdout.write(piece, ending="")
        else:
            with output.open("w", encoding="utf-8") as stream:
                _write(stream, package_text(fields, counted))
        elapsed = time.perf_counter() - started
        self.stderr.write(f"{counted.count} releases written in {elapsed:.1f} s.")


def _window(since: str, until: str) -> Window:
    try:
        params = parse_release_params({"since": since, "until": until})
    except DomainError as error:
        problems = "; ".join(f"--{field}: {message}" for field, message in error.fields.items())
        raise CommandError(problems) from error
    return params.window


def _write(stream: IO[str], pieces: Iterator[str]) -> None:
    for piece in pieces:
        stream.write(piece)


class _Counted:
    """The releases, counted as they pass."""

    def __init__(self, releases: Iterator[dict[str, Any]]) -> None:
        self.releases = releases
        self.count = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for release in self.releases:
            self.count += 1
            yield release
