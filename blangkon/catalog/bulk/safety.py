"""Checks on ZIP containers before anything decompresses them.

An XLSX file is a ZIP archive, and so is the optional archive of product images.
A few kilobytes of ZIP can claim gigabytes of content (a "zip bomb"), so the
central directory is inspected first: the number of entries, the total size
once uncompressed and each entry's compression ratio. The sizes in the
directory can lie, but Python's zipfile never returns more than the declared
size of an entry (it stops and fails the CRC check), so checking the declared
sizes bounds what a later reader can be made to decompress.
"""

import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int
    max_total_bytes: int  # uncompressed, all entries together
    max_entry_bytes: int  # uncompressed, any one entry
    # Uncompressed/compressed for entries larger than `ratio_floor_bytes`.
    # Spreadsheet XML compresses 5-30x; a zip bomb compresses ~1000x.
    max_ratio: int = 200
    ratio_floor_bytes: int = 1024 * 1024


# An XLSX has a dozen parts; 100 MB of XML is ten times a full 10,000-row sheet.
XLSX_LIMITS = ZipLimits(
    max_entries=200, max_total_bytes=100 * 1024 * 1024, max_entry_bytes=100 * 1024 * 1024
)
# Up to 5 images per SKU; each image at most the documents' upload limit.
IMAGES_LIMITS = ZipLimits(
    max_entries=2000, max_total_bytes=200 * 1024 * 1024, max_entry_bytes=5 * 1024 * 1024
)


def _unsafe(message: str, field: str) -> DomainError:
    return DomainError("unsafe_file", message, {field: message})


def zip_inspect(
    file: IO[bytes], *, limits: ZipLimits, field: str = "file"
) -> list[zipfile.ZipInfo]:
    """Return the archive's entries, or raise DomainError("unsafe_file") when
    the archive is not a ZIP or exceeds `limits`. Leaves `file` at position 0."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise DomainError(
            "invalid_file",
            _("The file is not a valid XLSX or ZIP file. Save it again from the spreadsheet."),
            {field: _("Upload an .xlsx file saved from Excel, LibreOffice or Google Sheets.")},
        ) from error
    finally:
        file.seek(0)
    if len(entries) > limits.max_entries:
        raise _unsafe(
            _("The archive has too many parts (%(count)d; at most %(limit)d).")
            % {"count": len(entries), "limit": limits.max_entries},
            field,
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise _unsafe(_("Encrypted archives are not accepted."), field)
        if entry.file_size > limits.max_entry_bytes:
            raise _unsafe(
                _("A part of the archive is too large once unpacked (%(name)s).")
                % {"name": entry.filename[:80]},
                field,
            )
        if entry.file_size > limits.ratio_floor_bytes and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise _unsafe(
                _("The archive is compressed suspiciously well (a 'zip bomb'); it was refused."),
                field,
            )
        total += entry.file_size
        if total > limits.max_total_bytes:
            raise _unsafe(
                _("The archive is too large once unpacked (more than %(mb)d MB).")
                % {"mb": limits.max_total_bytes // (1024 * 1024)},
                field,
            )
    return entries
