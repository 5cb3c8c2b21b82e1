"""The open-data files of the register (docs/design/transparency.md § 7,
ADR 0032): CSV, XLSX and JSON of every fiscal year with signed orders and of
all of them, written daily by the scheduler and on demand.

A run writes each file to a temporary name beside it, hashes it (SHA-256,
read back in blocks), moves it over the old one (`os.replace`, atomic on one
file system: a reader gets the old file or the new one, never half), and then
updates the file's `PublishedFile` row. Files are written row by row (the
register's keyset walk), so memory stays constant whatever the size.

Idempotent: a run rewrites the same names from the orders as they are; a
second run (the scheduler's slot delivered twice, an admin's button) finds the
same files and rows and leaves one row per name. A file whose year no longer
has orders is removed with its row. Two runs at once: the second skips (a
session advisory lock), since the first writes the same thing.
"""

import datetime
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone, translation

from blangkon.core.locks import session_lock
from blangkon.orders.models import Order
from blangkon.transparency.models import FileFormat, PublishedFile
from blangkon.transparency.register import register_rows
from blangkon.transparency.register_files import csv_stream, json_chunks, xlsx_write
from blangkon.transparency.register_params import RegisterParams

OPENDATA_DIR = "opendata"
FILE_MODE = 0o644
HASH_BLOCK = 1024 * 1024
LOCK = "transparency.opendata"
# Files are in the site's default language: the column titles and labels.
FILES_LANGUAGE = "id"


@dataclass(frozen=True)
class PublishResult:
    written: int  # files written
    removed: int  # files of years without orders any more
    skipped: bool = False  # another run was at work


def opendata_root() -> Path:
    return Path(settings.MEDIA_ROOT) / OPENDATA_DIR


def file_name(year: int | None, file_format: str) -> str:
    return f"blangkon-transaksi-{year or 'semua'}.{file_format}"


def published_years() -> list[int]:
    """The fiscal years (Asia/Jakarta) with orders the PPK signed, newest first."""
    years = Order.objects.filter(approved_at__isnull=False).datetimes("approved_at", "year")
    return sorted({moment.year for moment in years}, reverse=True)


def opendata_publish() -> PublishResult:
    """Write every open-data file from the orders as they are now."""
    with session_lock(LOCK, 0) as locked:
        if not locked:
            return PublishResult(written=0, removed=0, skipped=True)
        with translation.override(FILES_LANGUAGE):
            return _publish()


def _publish() -> PublishResult:
    root = opendata_root()
    root.mkdir(parents=True, exist_ok=True)
    # Half-written files of a run that was killed (the lock says none is running).
    for leftover in root.glob(".blangkon-transaksi-*"):
        leftover.unlink(missing_ok=True)
    names = set()
    for year in [None, *published_years()]:
        for file_format in FileFormat.values:
            names.add(_write(root, year, file_format))
    stale = PublishedFile.objects.exclude(name__in=names)
    removed = 0
    for old in stale:
        (Path(settings.MEDIA_ROOT) / old.path).unlink(missing_ok=True)
        old.delete()
        removed += 1
    return PublishResult(written=len(names), removed=removed)


class _Counted:
    """Passes rows through, counting them."""

    def __init__(self, rows: Iterator[dict[str, Any]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def _content(
    handle: IO[bytes], year: int | None, file_format: str, generated: datetime.datetime
) -> int:
    """Write the file's content; how many rows it holds."""
    params = RegisterParams(year=year, sort="date")
    rows = _Counted(register_rows(params))
    if file_format == FileFormat.XLSX:
        return xlsx_write(handle, rows)
    if file_format == FileFormat.CSV:
        chunks: Iterator[str] = csv_stream(rows)
    else:
        header = {
            "publisher": "Blangkon",
            "title": "Register transaksi Blangkon",
            "fiscal_year": year,
            "generated_at": generated.isoformat(),
        }
        chunks = json_chunks(rows, header=header)
    for chunk in chunks:
        handle.write(chunk.encode("utf-8"))
    return rows.count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _write(root: Path, year: int | None, file_format: str) -> str:
    name = file_name(year, file_format)
    target = root / name
    generated = timezone.now()
    descriptor, temporary = tempfile.mkstemp(dir=root, prefix=f".{name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            rows = _content(handle, year, file_format, generated)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, FILE_MODE)
        sha256 = _sha256(Path(temporary))
        size = Path(temporary).stat().st_size
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    PublishedFile.objects.update_or_create(
        name=name,
        defaults={
            "fiscal_year": year,
            "format": file_format,
            "path": f"{OPENDATA_DIR}/{name}",
            "rows": rows,
            "size": size,
            "sha256": sha256,
            "generated_at": generated,
        },
    )
    return name


def published_files() -> list[PublishedFile]:
    return list(PublishedFile.objects.all())


def published_file_get(name: str) -> tuple[PublishedFile, Path] | None:
    """The row and place on disk of a published file; None when there is none."""
    found = PublishedFile.objects.filter(name=name).first()
    if found is None:
        return None
    path = (Path(settings.MEDIA_ROOT) / found.path).resolve()
    if not path.is_relative_to(opendata_root().resolve()) or not path.is_file():
        return None
    return found, path
