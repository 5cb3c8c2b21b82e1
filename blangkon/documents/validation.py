"""Decide what an uploaded file really is, from its bytes, and make it safe to keep.

The file name and the browser's content type are never trusted: a Windows
program renamed `ktp.pdf` or an SVG named `foto.png` is recognised by its first
bytes and refused. Images are decoded and re-encoded from their pixels, which
drops metadata (EXIF GPS, camera serials) and anything appended after the image
data. A PDF cannot be re-encoded, so one that could carry a payload (scripts,
links out, forms that send data, media, launched programs, embedded files) is
refused instead, however its names are spelled or hidden. Every refusal is a
DomainError("invalid_file", ...) whose message says what was wrong and what to
upload instead; nothing is written before validation has passed.
"""

import hashlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind

# Pillow refuses to decode images above twice this many pixels (DecompressionBombError)
# and warns above it; we refuse above it ourselves, before decoding. 40 MP covers
# every phone camera while capping the decoded size at ~160 MB (RGBA).
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

READ_CHUNK_BYTES = 64 * 1024

# ZIP archives (XLSX, photos for bulk upload). The limits follow Apache POI's
# zip-bomb defaults: an entry may not inflate more than 100 times, and the sum of
# the declared sizes is capped. Python's zipfile never returns more bytes than an
# entry declares, so checking the declared sizes bounds what a reader unpacks.
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
ZIP_MAX_INFLATE_RATIO = 100
ZIP_RATIO_GRACE_BYTES = 100 * 1024

# PDF names that run code, reach outside the document, send data, play media or
# carry other files. Refused wherever they appear, as a key or a value, in any
# spelling (#xx escapes are decoded first). /AA (actions run on events: a page
# opened, a field changed) is refused whatever it runs: no identity document
# needs it.
PDF_FORBIDDEN_NAMES = frozenset(
    {
        "/AA",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/GoToE",
        "/GoToR",
        "/ImportData",
        "/JavaScript",
        "/JS",
        "/Launch",
        "/Movie",
        "/Rendition",
        "/RichMedia",
        "/RichMediaExecute",
        "/Sound",
        "/SubmitForm",
        "/URI",
        "/XFA",
    }
)
# The only actions a document may carry (/OpenAction, a link's /A, /Next):
# moving inside itself. Any other action type is refused, a future one too.
PDF_SAFE_ACTIONS = frozenset({"/GoTo", "/Named"})
PDF_ACTION_KEYS = ("/A", "/OpenAction", "/Next")
# Objects visited while looking for forbidden names; a document that needs more
# is refused rather than walked for ever.
PDF_MAX_OBJECTS = 200_000
# Bytes of compressed object streams unpacked to read the names in them.
PDF_MAX_OBJECT_STREAM_BYTES = 32 * 1024 * 1024

# Detected types: (content type, file extension, label for messages).
PDF = "pdf"
JPEG = "jpeg"
PNG = "png"
XLSX = "xlsx"
ZIP = "zip"

CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ZIP: "application/zip",
}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", XLSX: "xlsx", ZIP: "zip"}
TYPE_LABELS = {
    PDF: gettext_lazy("a PDF"),
    JPEG: gettext_lazy("a JPEG photo"),
    PNG: gettext_lazy("a PNG image"),
    XLSX: gettext_lazy("an Excel workbook (.xlsx)"),
    ZIP: gettext_lazy("a ZIP of product photos"),
}

VENDOR_DOCUMENT_KINDS = frozenset(
    {
        DocumentKind.KTP,
        DocumentKind.NPWP,
        DocumentKind.NIB,
        DocumentKind.AKTA,
        DocumentKind.BANK_BOOK,
        DocumentKind.CERTIFICATE,
    }
)


def allowed_types(kind: str) -> tuple[str, ...]:
    """The detected types a file of this kind may be, in the order we name them."""
    if kind == DocumentKind.PRODUCT_IMAGE:
        return (JPEG, PNG)
    if kind == DocumentKind.BULK_UPLOAD:
        return (XLSX, ZIP)
    return (PDF, JPEG, PNG)


def max_bytes_for(kind: str) -> int:
    if kind == DocumentKind.BULK_UPLOAD:
        return int(settings.BULK_UPLOAD_MAX_BYTES)
    return int(settings.UPLOAD_MAX_BYTES)


def allowed_description(kind: str) -> str:
    """E.g. "a PDF, a JPEG photo or a PNG image" — for messages and form hints."""
    labels = [str(TYPE_LABELS[t]) for t in allowed_types(kind)]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


@dataclass(frozen=True)
class ValidatedFile:
    """Safe bytes to store, with the type decided from the content."""

    content: bytes
    detected: str  # one of PDF, JPEG, PNG, XLSX, ZIP

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.detected]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.detected]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def invalid_file(message: Any) -> DomainError:
    return DomainError("invalid_file", message, {"file": message})


def validate_upload(*, upload: UploadedFile, kind: str) -> ValidatedFile:
    """Check an upload for a document kind and return the bytes to store.

    Raises DomainError("invalid_file") when the file is too large, empty, of a
    type the kind does not allow, damaged, or could carry a payload.
    """
    data = read_capped(upload=upload, max_bytes=max_bytes_for(kind))
    detected = detect_type(data)
    if detected not in allowed_types(kind):
        raise invalid_file(
            _("This file is %(found)s, but for “%(kind)s” please upload %(allowed)s.")
            % {
                "found": TYPE_LABELS[detected],
                "kind": DocumentKind(kind).label,
                "allowed": allowed_description(kind),
            }
        )
    if detected in (JPEG, PNG):
        return ValidatedFile(reencode_image(data, detected), detected)
    if detected == PDF:
        check_pdf(data)
        return ValidatedFile(data, PDF)
    return ValidatedFile(data, check_zip(data))


def read_capped(*, upload: UploadedFile, max_bytes: int) -> bytes:
    """Read the upload into memory, refusing it before reading if it claims to be
    too large and stopping as soon as it turns out to be."""
    if upload.size is not None and upload.size > max_bytes:
        raise _too_large(upload.size, max_bytes)
    buffer = bytearray()
    for chunk in upload.chunks(chunk_size=READ_CHUNK_BYTES):
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise _too_large(len(buffer), max_bytes)
    if not buffer:
        raise invalid_file(_("The file is empty. Choose the file again and upload it."))
    return bytes(buffer)


def _too_large(size: int, max_bytes: int) -> DomainError:
    return invalid_file(
        _(
            "The file is too large (%(size)s); the limit is %(limit)s. Photograph or scan "
            "the page at a lower resolution, or compress the PDF, and upload it again."
        )
        % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
    )


# --- Type detection ------------------------------------------------------------------


def detect_type(data: bytes) -> str:
    """PDF, JPEG, PNG, XLSX or ZIP, from the first bytes; anything else is refused
    with a message that says what the file seems to be."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    raise invalid_file(_describe_refused(data))


def _zip_type(data: bytes) -> str:
    """XLSX for an Excel workbook, ZIP for any other archive (checked later)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ZIP  # check_zip explains that it is damaged
    if "[Content_Types].xml" not in names:
        return ZIP
    if "xl/workbook.xml" not in names:
        raise invalid_file(
            _(
                "This is a Word or PowerPoint document. Save it as PDF (File, Save as, PDF) "
                "and upload the PDF."
            )
        )
    return XLSX


def _describe_refused(data: bytes) -> str:
    head = data[:1024]
    accepted = _("Upload a PDF, a JPEG photo or a PNG image instead.")
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head.startswith(b"#!"):
        return _(
            "This file is a computer program, not a document or photo, and cannot be "
            "accepted. %(accepted)s"
        ) % {"accepted": accepted}
    text = head.lstrip(b"\xef\xbb\xbf\xfe\xff\x00 \t\r\n").lower()
    if text.startswith(b"<") or any(m in text for m in (b"<svg", b"<html", b"<script", b"<?xml")):
        return _(
            "This file is a web page or an SVG/XML drawing, not a photo or a PDF, even if "
            "its name says otherwise. %(accepted)s"
        ) % {"accepted": accepted}
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1"):
        return _(
            "This photo is in HEIC format, which is not accepted. Set the phone camera to "
            "'Most compatible' (JPEG), or share the photo as JPEG, and upload it again."
        )
    if head.startswith((b"GIF8", b"BM", b"II*\x00", b"MM\x00*")) or (
        head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    ):
        return _(
            "This image format (GIF, BMP, TIFF or WebP) is not accepted. Save the image as "
            "JPEG or PNG and upload it again."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _(
            "This is an old Microsoft Office file (.doc or .xls). Save it as PDF, or a "
            "spreadsheet as .xlsx, and upload it again."
        )
    if head.startswith((b"Rar!", b"7z\xbc\xaf")):
        return _("RAR and 7z archives are not accepted. %(accepted)s") % {"accepted": accepted}
    return _("The type of this file could not be recognised. %(accepted)s") % {"accepted": accepted}


# --- Images --------------------------------------------------------------------------


def reencode_image(data: bytes, detected: str) -> bytes:
    """Decode a JPEG or PNG and save its pixels as a new file of the same type.

    EXIF orientation is applied first; everything else (EXIF, GPS, text chunks,
    ICC profile, bytes after the image data) is left behind.
    """
    image_format = "JPEG" if detected == JPEG else "PNG"
    try:
        with Image.open(BytesIO(data), formats=[image_format]) as probe:
            _check_pixels(probe.size)
            probe.verify()
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = _normalise_mode(upright, image_format)
            # A new image from the pixel data only: no `info`, no EXIF, no chunks.
            clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except DomainError:
        raise
    except Exception:
        # Pillow reports a damaged or truncated file with many exception types.
        raise invalid_file(
            _(
                "The image could not be read; the file may be damaged or incomplete. Take "
                "the photo again, or save it as JPEG or PNG, and upload it again."
            )
        ) from None
    output = BytesIO()
    if image_format == "JPEG":
        clean.save(output, "JPEG", quality=85, optimize=True)
    else:
        clean.save(output, "PNG", compress_level=6)
    return output.getvalue()


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width <= 0 or height <= 0 or width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> DomainError:
    return invalid_file(
        _(
            "The image has too many pixels (the limit is %(megapixels)s megapixels). Resize "
            "it or take the photo at a lower resolution and upload it again."
        )
        % {"megapixels": MAX_IMAGE_PIXELS // 1_000_000}
    )


def _normalise_mode(image: Image.Image, image_format: str) -> Image.Image:
    """A mode the output format can store losslessly enough, without a palette."""
    if image_format == "JPEG":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if image.mode in ("1", "L", "LA", "RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


# --- PDF -----------------------------------------------------------------------------


class _ActiveContent(Exception):
    """The PDF can run code, leave the document, send data or play media."""


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that cannot be parsed, is encrypted, or carries an action
    other than moving inside itself (scripts, links out, forms that send data,
    media, launched programs) or embedded files.

    Two readings, so a file cannot hide from one of them: the bytes outside
    streams and inside object streams, as a viewer repairing the file would
    read them (dead objects of earlier revisions included), and every object
    pypdf finds through the cross-references, compressed or not.
    """
    try:
        if _raw_names(data) & PDF_FORBIDDEN_NAMES:
            raise _ActiveContent
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise invalid_file(
                _(
                    "The PDF is protected with a password. Save a copy without the password "
                    "and upload it again."
                )
            )
        if len(reader.pages) == 0:
            raise ValueError("no pages")
        _check_pdf_objects(reader)
    except _ActiveContent:
        raise invalid_file(
            _(
                "The PDF contains scripts, links to websites or files, forms that send data, "
                "sound or video, embedded files or other actions, which are not accepted. "
                "Print it to a new PDF ('Save as PDF') or scan the paper document, and "
                "upload that."
            )
        ) from None
    except DomainError:
        raise
    except Exception:
        raise invalid_file(
            _(
                "The PDF could not be read; it may be damaged. Save or scan it again as PDF, "
                "or upload a JPEG or PNG photo of the document."
            )
        ) from None


# What the byte reading looks for outside a stream's data: a name, a comment or
# a literal string without nesting or escapes (both skipped whole: text, not
# names), another literal string (walked), or the data of a stream (skipped:
# image and page bytes are not names, however they look).
_RAW_TOKEN = re.compile(
    rb"(?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|%[^\r\n]*"
    rb"|\([^\\()]*\)"
    rb"|(?P<string>\()"
    rb"|(?<![A-Za-z])(?P<stream>stream)(?=[\r\n])"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STRING_DELIMITER = re.compile(rb"[\\()]")


def _raw_names(data: bytes) -> set[str]:
    """Every name in `data` (a PDF file or the content of an object stream),
    with #xx escapes decoded, skipping comments, strings and stream data."""
    names: set[bytes] = set()
    position = 0
    while (token := _RAW_TOKEN.search(data, position)) is not None:
        position = token.end()
        if token.lastgroup == "name":
            names.add(token[0])
        elif token.lastgroup == "string":
            position = _string_end(data, position)
        elif token.lastgroup == "stream":
            end = data.find(b"endstream", position)
            position = len(data) if end < 0 else end + len(b"endstream")
    return {_decoded_name(name) for name in names}


def _decoded_name(name: bytes) -> str:
    if b"#" in name:
        name = _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), name)
    return name.decode("latin-1")


def _string_end(data: bytes, position: int) -> int:
    """Just after the literal string whose "(" is before `position`."""
    depth = 1
    while depth and (mark := _STRING_DELIMITER.search(data, position)) is not None:
        position = mark.end()
        if mark[0] == b"\\":
            position += 1  # the escaped character, a parenthesis too
        else:
            depth += 1 if mark[0] == b"(" else -1
    return position if depth == 0 else len(data)


def _check_pdf_objects(reader: PdfReader) -> None:
    """Walk every object reachable from the trailer or listed in the
    cross-references, whether a page uses it or not."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer, *_listed_objects(reader)]
    unpacked = 0
    for visited, node in enumerate(_walk(stack, seen)):
        if visited > PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(node, NameObject):
            if node in PDF_FORBIDDEN_NAMES:
                raise _ActiveContent
        elif isinstance(node, DictionaryObject):
            _check_dictionary(node)
            if isinstance(node, StreamObject) and _entry(node, "/Type") == "/ObjStm":
                content = node.get_data()
                unpacked += len(content)
                if unpacked > PDF_MAX_OBJECT_STREAM_BYTES:
                    raise ValueError("object streams too large")
                if _raw_names(content) & PDF_FORBIDDEN_NAMES:
                    raise _ActiveContent


def _listed_objects(reader: PdfReader) -> list[IndirectObject]:
    listed = [
        IndirectObject(number, generation, reader)
        for generation, numbers in reader.xref.items()
        for number in numbers
    ]
    listed += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    return listed


def _walk(stack: list[Any], seen: set[tuple[int, int]]) -> Iterator[Any]:
    """Every direct object under `stack`, each indirect object once."""
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            reference = (node.idnum, node.generation)
            if reference in seen:
                continue
            seen.add(reference)
            node = node.get_object()
        yield node
        if isinstance(node, DictionaryObject):  # streams are dictionaries too
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def _check_dictionary(node: DictionaryObject) -> None:
    """Refuse an action that does more than move inside the document, where
    a viewer runs actions from, or wherever it says it is one."""
    actions: list[Any] = [node] if _entry(node, "/Type") == "/Action" else []
    for key in PDF_ACTION_KEYS:
        value = _entry(node, key)
        if isinstance(value, ArrayObject) and key == "/Next":
            actions.extend(item.get_object() for item in value)
        elif value is not None:
            actions.append(value)
    for action in actions:
        if isinstance(action, DictionaryObject):
            kind = _entry(action, "/S")
            if kind is not None and kind not in PDF_SAFE_ACTIONS:
                raise _ActiveContent


def _entry(node: DictionaryObject, key: str) -> Any:
    """The value of `key`, an indirect reference followed."""
    value = node.get(key)
    return value.get_object() if isinstance(value, IndirectObject) else value


# --- ZIP: XLSX workbooks and photos for bulk upload ----------------------------------


def check_zip(data: bytes) -> str:
    """XLSX or ZIP of JPEG/PNG photos; refuses zip bombs, unsafe names, macros."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_zip_entries(entries)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names:
                _check_workbook(names)
                return XLSX
            _check_photo_entries(archive)
            return ZIP
    except DomainError:
        raise
    except Exception:
        raise invalid_file(
            _(
                "The file could not be opened; it may be damaged. Save it again as an Excel "
                "workbook (.xlsx) or create the ZIP again, and upload it."
            )
        ) from None


def _check_zip_entries(entries: list[zipfile.ZipInfo]) -> None:
    bomb = invalid_file(
        _(
            "The file unpacks to far more data than it holds (a 'zip bomb') or is larger than "
            "%(limit)s unpacked. Split it into smaller files, or save it again, and upload it."
        )
        % {"limit": filesizeformat(ZIP_MAX_UNCOMPRESSED_BYTES)}
    )
    if len(entries) > ZIP_MAX_ENTRIES:
        raise invalid_file(
            _("The archive holds more than %(count)s files. Split it and upload the parts.")
            % {"count": ZIP_MAX_ENTRIES}
        )
    total = 0
    for entry in entries:
        path = PurePosixPath(entry.filename)
        if (
            entry.filename.startswith("/")
            or "\\" in entry.filename
            or ":" in entry.filename
            or ".." in path.parts
        ):
            raise invalid_file(
                _("The archive contains a file with an unsafe name (%(name)s). Create it again.")
                % {"name": entry.filename[:80]}
            )
        if entry.flag_bits & 0x1:
            raise invalid_file(
                _("The archive is protected with a password. Save it without one and upload it.")
            )
        total += entry.file_size
        if total > ZIP_MAX_UNCOMPRESSED_BYTES:
            raise bomb
        if entry.file_size > ZIP_RATIO_GRACE_BYTES and (
            entry.compress_size == 0
            or entry.file_size / entry.compress_size > ZIP_MAX_INFLATE_RATIO
        ):
            raise bomb


def _check_workbook(names: set[str]) -> None:
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise invalid_file(
            _(
                "The workbook contains macros, which are not accepted. Save it as a normal "
                "Excel workbook (.xlsx) and upload it again."
            )
        )


def _is_ignorable_zip_entry(entry: zipfile.ZipInfo) -> bool:
    """Folders and the clutter macOS and Windows add to archives."""
    path = PurePosixPath(entry.filename)
    return (
        entry.is_dir()
        or path.parts[0] == "__MACOSX"
        or path.name.startswith(".")
        or path.name.lower() == "thumbs.db"
    )


def photo_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The entries of a validated photo ZIP that hold photos (clutter skipped).

    The bulk image import opens each of these and passes it through
    `stored_file_create(kind=PRODUCT_IMAGE, ...)`, which re-encodes it.
    """
    return [entry for entry in archive.infolist() if not _is_ignorable_zip_entry(entry)]


def _check_photo_entries(archive: zipfile.ZipFile) -> None:
    photos = photo_entries(archive)
    if not photos:
        raise invalid_file(
            _("The ZIP file holds no photos. Put the product photos (JPEG or PNG) in it.")
        )
    for entry in photos:
        with archive.open(entry) as handle:
            head = handle.read(8)
        if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
            raise invalid_file(
                _(
                    "The ZIP file contains %(name)s, which is not a JPEG or PNG photo. Put "
                    "only product photos in the ZIP, each named by the product's SKU."
                )
                % {"name": entry.filename[:80]}
            )
