"""Reading an uploaded workbook and importing its rows.

`bulk_upload_process` is what the background task (`catalog.tasks`) and
`make bench` run. Each row is read in full (`rows.parse_row`) and checked by
`catalog.services.validate_product_input`, the product form's own rules, even
when a cell could not be read, so every problem of the row is reported at once;
new products are written per chunk by `products_create_many` and updates go
through `product_upsert_by_sku`, each row in its own savepoint: a row with any
problem is reported and nothing of it is imported, and the others are still
imported (all-or-nothing per row). The template's example row (a SKU starting
with CONTOH) is passed over by the sheet reader: never counted nor imported.

Safety against bad input:
- the ZIP container is inspected before openpyxl opens it (`safety.zip_inspect`);
- openpyxl reads with `read_only=True, data_only=False`: formulas are never
  evaluated, and a cell holding one rejects its row;
- the sheet's `<dimension>` claim is ignored: rows are read with a hard cap of
  `BULK_UPLOAD_MAX_ROWS + 1` data rows and `COLUMN_COUNT` columns.

A worker that stops mid-import (killed, machine restarted) leaves the upload
RUNNING. The worker holds a session lock on the upload for the whole import
(`IMPORT_LOCK`, see core/locks.py), which PostgreSQL drops with the worker's
connection; the recovery job (`bulk/services.py: bulk_uploads_recover`)
queues such an upload again, and the import continues after the last
committed chunk (`RowImporter._replay`).
"""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill

from blangkon.accounts.models import User
from blangkon.catalog.bulk.columns import (
    COLUMN_COUNT,
    COLUMNS,
    DATA_SHEET_TITLE,
    ERROR_HEADER,
    EXAMPLE_SKU,
    HEADERS,
    INDEX,
    ROW_NUMBER_HEADER,
    header_for_field,
    header_matches,
    is_example_sku,
    ordered_errors,
)
from blangkon.catalog.bulk.images import images_attach
from blangkon.catalog.bulk.rows import Lookups, ParsedRow, add_rule_errors, is_blank, parse_row
from blangkon.catalog.bulk.safety import XLSX_LIMITS, zip_inspect
from blangkon.catalog.models import (
    BulkUpload,
    BulkUploadRowError,
    BulkUploadStatus,
    BulkUploadStatusChange,
    Product,
    ProductImage,
)
from blangkon.catalog.services import (
    catalog_reference,
    product_upsert_by_sku,
    products_create_many,
    validate_product_input,
)
from blangkon.catalog.transitions import bulk_upload_transition
from blangkon.core.errors import DomainError
from blangkon.core.locks import session_lock
from blangkon.core.spreadsheets import xlsx_cell
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.services import files_atomic, stored_file_create
from blangkon.documents.storage import file_open

logger = logging.getLogger(__name__)

# Rows imported per transaction; the progress counters move in these steps. New
# products of a chunk are inserted together (one savepoint); only updates and a
# failed batch go row by row, each with its own savepoint. Past 64 savepoints in
# one transaction PostgreSQL's subtransaction cache overflows and slows other
# sessions, so a chunk that falls back row by row is the rare, slower case.
CHUNK_ROWS = 200

# The shade of a cell with a problem in the error report.
PROBLEM_FILL = PatternFill("solid", fgColor="F8D7DA")

# Held by the worker importing an upload, from before QUEUED -> RUNNING until
# after the end is committed: an upload RUNNING whose lock is free has no
# worker left (core/locks.py says why that holds even after SIGKILL).
IMPORT_LOCK = "blangkon.bulk_upload_import"


class UploadTakenOver(Exception):
    """The upload's progress is no longer where this worker left it: another
    worker resumed it. This one stops without writing anything more."""


def _invalid_workbook(message: str) -> DomainError:
    return DomainError("invalid_file", message, {"file": message})


@contextmanager
def sheet_rows(
    file: IO[bytes], *, examples: list[int] | None = None
) -> Iterator[Iterator[tuple[int, tuple[object, ...]]]]:
    """Open a workbook safely and yield an iterator of (row number, cells) over
    its non-blank data rows, at most BULK_UPLOAD_MAX_ROWS + 1 of them. The
    template's example rows are passed over (their numbers go to `examples`):
    they are never counted nor imported.

    Raises DomainError("unsafe_file" / "invalid_file") for a ZIP that is unsafe,
    a file that is not a workbook, or a first row that is not the template header.
    """
    zip_inspect(file, limits=XLSX_LIMITS)
    try:
        workbook = load_workbook(file, read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # noqa: BLE001 - any parser failure means "not a workbook"
        raise _invalid_workbook(
            _("The file could not be read as an XLSX workbook. Save it again as .xlsx.")
        ) from error
    try:
        if not workbook.worksheets:
            raise _invalid_workbook(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        cap = settings.BULK_UPLOAD_MAX_ROWS + 2  # the header, the limit and one more
        rows = sheet.iter_rows(min_row=1, max_row=cap, max_col=COLUMN_COUNT, values_only=True)
        _check_header(_next_row(rows))
        yield _data_rows(rows, [] if examples is None else examples)
    finally:
        workbook.close()


def _next_row(rows: Iterator[tuple[object, ...]]) -> tuple[object, ...] | None:
    """The next row, with any failure of the XML parser reported as a bad file
    (and nothing else caught: errors of the caller are not ours to relabel)."""
    try:
        return next(rows, None)
    except Exception as error:  # noqa: BLE001 - malformed sheet XML
        raise _invalid_workbook(
            _("The sheet could not be read. Save the file again as .xlsx.")
        ) from error


def _check_header(header: tuple[object, ...] | None) -> None:
    found = list(header or ())
    found += [""] * (COLUMN_COUNT - len(found))
    for position, (column, expected) in enumerate(zip(COLUMNS, HEADERS, strict=True)):
        if not header_matches(column, found[position]):
            raise _invalid_workbook(
                _(
                    "This is not the Blangkon template: column %(number)d of the first row "
                    "should be '%(expected)s'. Download the template again and copy your "
                    "rows into it."
                )
                % {"number": position + 1, "expected": expected}
            )


def _data_rows(
    rows: Iterator[tuple[object, ...]], examples: list[int]
) -> Iterator[tuple[int, tuple[object, ...]]]:
    number = 1
    while (values := _next_row(rows)) is not None:
        number += 1
        if is_blank(values):
            continue
        if is_example_sku(values[INDEX["sku"]] if values else None):
            examples.append(number)
            continue
        yield number, tuple(values)


def count_data_rows(file: IO[bytes]) -> int:
    """The number of non-blank data rows, reading no further than one past the
    limit. Raises DomainError("too_many_rows") above BULK_UPLOAD_MAX_ROWS and
    DomainError("empty_file") when there is none."""
    limit = settings.BULK_UPLOAD_MAX_ROWS
    examples: list[int] = []
    with sheet_rows(file, examples=examples) as rows:
        count = sum(1 for _row in rows)
    file.seek(0)
    if count > limit:
        message = _(
            "The file has more than %(limit)d product rows. Split it into files of at most "
            "%(limit)d rows."
        ) % {"limit": limit}
        raise DomainError("too_many_rows", message, {"file": message})
    if count == 0 and examples:
        message = _(
            "The file has only the template's example row (SKU %(sku)s), which is never "
            "imported. Add your products in the rows below it, each with your own SKU."
        ) % {"sku": EXAMPLE_SKU}
        raise DomainError("empty_file", message, {"file": message})
    if count == 0:
        message = _("The file has no product rows under the header.")
        raise DomainError("empty_file", message, {"file": message})
    return count


@dataclass
class ImportOutcome:
    failed_rows: list[ParsedRow] = field(default_factory=list)
    # SKU -> product id of every row that was created or updated, for images.
    products_by_sku: dict[str, int] = field(default_factory=dict)


class RowImporter:
    """Imports parsed rows for one upload, a chunk per transaction."""

    def __init__(self, upload: BulkUpload, actor: User) -> None:
        self.upload = upload
        self.actor = actor
        self.vendor = upload.vendor
        # Reference data read once, not once per row.
        self.reference = catalog_reference()
        self.lookups = Lookups.load(self.reference)
        self.first_row_of_sku: dict[str, int] = {}
        self.outcome = ImportOutcome()
        # Data rows committed so far, by this attempt or earlier ones. Each
        # chunk commits its rows, their counters and their failures together,
        # so this is exact: a resumed import starts right after them.
        self.done = upload.processed_rows

    def run(self, rows: Iterator[tuple[int, tuple[object, ...]]]) -> ImportOutcome:
        if self.done:
            self._replay(islice(rows, self.done))
        chunk: list[ParsedRow] = []
        for number, values in rows:
            chunk.append(self._parse(number, values))
            if len(chunk) == CHUNK_ROWS:
                self._import_chunk(chunk)
                chunk = []
        if chunk:
            self._import_chunk(chunk)
        return self.outcome

    def _replay(self, rows: Iterator[tuple[int, tuple[object, ...]]]) -> None:
        """Go over the rows an earlier attempt committed, writing nothing: note
        each SKU's first row (a later duplicate still fails), put the failed
        rows back into the report with their stored reasons, and find the
        products the others saved (their images are attached at the end)."""
        reasons = dict(
            BulkUploadRowError.objects.filter(upload=self.upload).values_list(
                "row_number", "errors"
            )
        )
        saved: list[str] = []
        for number, values in rows:
            row = self._parse(number, values)
            if number in reasons:
                row.errors = reasons[number]
                self.outcome.failed_rows.append(row)
            elif row.sku:
                saved.append(row.sku)
        found = Product.objects.filter(vendor=self.vendor, sku__in=saved).values_list("sku", "pk")
        self.outcome.products_by_sku.update(found)

    def _parse(self, number: int, values: tuple[object, ...]) -> ParsedRow:
        row = parse_row(number, values, self.lookups)
        sku = row.sku
        if sku:
            first = self.first_row_of_sku.setdefault(sku, number)
            if first != number:
                # Every later duplicate fails, whatever happened to the first.
                row.product = None
                row.errors[COLUMNS[0].header] = _(
                    "SKU %(sku)s already appears in row %(row)d; each SKU may appear only "
                    "once per file."
                ) % {"sku": sku, "row": first}
        return row

    def _import_chunk(self, chunk: list[ParsedRow]) -> None:
        """Import a chunk in one transaction; each row is all-or-nothing.

        Rows are validated by the product form's own `validate_product_input`.
        Valid rows with new SKUs are created together by `products_create_many`
        (a few statements per chunk); rows that update an existing SKU, and every
        row of a chunk whose bulk insert fails, go one by one through
        `product_upsert_by_sku`, whose `transaction.atomic()` is the row's
        savepoint. The counters and the failed rows' reasons commit with the
        rows. The counter update is fenced on the progress this worker expects:
        if another worker moved it meanwhile, the chunk is undone
        (UploadTakenOver), so no row is ever imported twice.
        """
        with transaction.atomic():
            one_by_one, created = self._create_new_rows(chunk)
            updated = 0
            for row in one_by_one:
                was_created = self._upsert_row(row)
                if was_created is not None:
                    created += was_created
                    updated += not was_created
            failed = [row for row in chunk if row.errors]
            moved = BulkUpload.objects.filter(
                pk=self.upload.pk, status=BulkUploadStatus.RUNNING, processed_rows=self.done
            ).update(
                processed_rows=self.done + len(chunk),
                created_count=F("created_count") + created,
                updated_count=F("updated_count") + updated,
                failed_count=F("failed_count") + len(failed),
                updated_at=timezone.now(),
            )
            if not moved:
                raise UploadTakenOver
            BulkUploadRowError.objects.bulk_create(
                BulkUploadRowError(upload=self.upload, row_number=row.number, errors=row.errors)
                for row in failed
            )
        self.done += len(chunk)
        self.outcome.failed_rows.extend(failed)

    def _create_new_rows(self, chunk: list[ParsedRow]) -> tuple[list[ParsedRow], int]:
        """Validate the chunk and create its new products in bulk. Returns the rows
        left for the one-by-one path and how many products were created."""
        new_rows: list[ParsedRow] = []
        cleans = []
        for row in chunk:
            if row.candidate is None:
                continue
            try:
                clean = validate_product_input(
                    row.candidate, vendor=self.vendor, reference=self.reference
                )
            except DomainError as error:
                add_rule_errors(row, error.fields or {"": str(error.message)})
                continue
            if row.product is None:  # the rules are met, but a cell was not
                continue
            new_rows.append(row)
            cleans.append(clean)
        existing = set(
            Product.objects.filter(
                vendor=self.vendor, sku__in=[clean.data.sku for clean in cleans]
            ).values_list("sku", flat=True)
        )
        fresh = [(row, clean) for row, clean in zip(new_rows, cleans, strict=True)
                 if clean.data.sku not in existing]  # fmt: skip
        one_by_one = [row for row in new_rows if row.product.sku in existing]  # type: ignore[union-attr]
        try:
            with transaction.atomic():
                products = products_create_many(
                    actor=self.actor, vendor=self.vendor, cleans=[clean for _, clean in fresh]
                )
        except DatabaseError:
            # A SKU appeared meanwhile: the savepoint undid the batch; go row by row.
            return one_by_one + [row for row, _ in fresh], 0
        for product in products:
            self.outcome.products_by_sku[product.sku] = product.pk
        return one_by_one, len(products)

    def _upsert_row(self, row: ParsedRow) -> bool | None:
        """One row through the product form's path. Returns created (True),
        updated (False) or None when the row failed (its errors are set)."""
        assert row.product is not None
        try:
            product, was_created = product_upsert_by_sku(
                actor=self.actor, vendor=self.vendor, data=row.product, reference=self.reference
            )
        except DomainError as error:
            row.errors = _field_errors(error)
            return None
        except DatabaseError:
            # Rolled back to the row's savepoint by the service.
            logger.warning("Bulk upload %s row %s", self.upload.pk, row.number)
            row.errors = {"": _("The row could not be saved; try again.")}
            return None
        self.outcome.products_by_sku[row.product.sku] = product.pk
        return was_created


def _field_errors(error: DomainError) -> dict[str, str]:
    if not error.fields:
        return {"": str(error.message)}
    return {header_for_field(name): str(message) for name, message in error.fields.items()}


def error_text(row: ParsedRow) -> str:
    """Every problem of the row, one per line, each naming its column."""
    return "\n".join(
        f"{header}: {message}" if header else message
        for header, message in ordered_errors(row.errors)
    )


def error_report_build(failed_rows: list[ParsedRow]) -> bytes:
    """The failed rows as uploaded, plus the reasons ("Kesalahan", one line per
    problem, each naming its column) and the row number ("Baris"). Each cell
    with a problem is shaded and carries its reason as a comment. Only failed
    rows are listed, so the vendor fixes them and uploads the report itself: the
    importer reads only the template's columns. Every text cell is written as
    text, so an uploaded formula stays inert."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[_letter(position)].width = column.width
    sheet.column_dimensions[_letter(COLUMN_COUNT + 1)].width = 80
    sheet.append([*HEADERS, ERROR_HEADER, ROW_NUMBER_HEADER])
    for row in failed_rows:
        cells: list[WriteOnlyCell] = []
        for column, value in zip(COLUMNS, row.values, strict=True):
            cell = xlsx_cell(sheet, value)
            if column.header in row.errors:
                cell.fill = PROBLEM_FILL
                cell.comment = Comment(row.errors[column.header], "Blangkon")
            cells.append(cell)
        reasons = xlsx_cell(sheet, error_text(row))
        reasons.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(reasons)
        cells.append(xlsx_cell(sheet, row.number))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def started_attempts(upload_id: int) -> int:
    """How many times a worker has started this upload's import (its history's
    moves to RUNNING)."""
    return BulkUploadStatusChange.objects.filter(
        upload_id=upload_id, to_status=BulkUploadStatus.RUNNING
    ).count()


def _start(upload_id: int) -> BulkUpload | None:
    """QUEUED -> RUNNING under a row lock; None when the upload is not queued
    (it ran already: a task delivered twice imports once). The caller holds
    the upload's IMPORT_LOCK."""
    with transaction.atomic():
        upload = (
            BulkUpload.objects.select_for_update(of=("self",))
            .select_related("uploaded_by")
            .get(pk=upload_id)
        )
        if upload.status != BulkUploadStatus.QUEUED:
            return None
        return bulk_upload_transition(
            upload_id=upload_id,
            to=BulkUploadStatus.RUNNING,
            actor=upload.uploaded_by,
            details={
                "attempt": started_attempts(upload_id) + 1,
                "resume_after_rows": upload.processed_rows,
            },
        )


def _finish(
    upload: BulkUpload,
    *,
    status: str,
    outcome: ImportOutcome | None = None,
    error_message: str = "",
    images: tuple[int, list[dict[str, str]]] = (0, []),
) -> BulkUpload:
    """RUNNING -> DONE or FAILED, storing the error report and the images'
    outcome with the move."""
    with files_atomic():  # the error report goes if the move fails
        report = None
        if outcome is not None and outcome.failed_rows:
            report = _store_report(upload, outcome.failed_rows)
        counts = (
            BulkUpload.objects.filter(pk=upload.pk)
            .values("total_rows", "created_count", "updated_count", "failed_count")
            .get()
        )
        attached, problems = images
        return bulk_upload_transition(
            upload_id=upload.pk,
            to=status,
            actor=upload.uploaded_by,
            fields={
                "error_message": error_message,
                "error_report": report,
                "images_attached": attached,
                "image_problems": problems,
            },
            details={
                "rows": counts["total_rows"],
                "created": counts["created_count"],
                "updated": counts["updated_count"],
                "failed": counts["failed_count"],
            },
        )


def _store_report(upload: BulkUpload, failed_rows: list[ParsedRow]) -> StoredFile:
    content = error_report_build(failed_rows)
    return stored_file_create(
        actor=upload.uploaded_by,
        owner=upload.vendor.organisation,
        kind=DocumentKind.BULK_UPLOAD,
        upload=SimpleUploadedFile(
            f"kesalahan-unggah-{upload.pk}.xlsx",
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )


def bulk_upload_process(upload_id: int, *, language: str | None = None) -> BulkUpload:
    """Import a queued upload: every row through `product_upsert_by_sku`, then the
    images, then the error report. A file that cannot be read ends FAILED with
    the reason. An upload queued again after its worker stopped continues
    after the rows already committed.

    Idempotent: an upload that is not QUEUED is left alone, and while one
    worker holds the upload's IMPORT_LOCK another (the same task delivered
    twice) returns at once.
    """
    with (
        translation.override(language or settings.LANGUAGE_CODE),
        session_lock(IMPORT_LOCK, upload_id) as ours,
    ):
        upload = _start(upload_id) if ours else None
        if upload is None:
            return BulkUpload.objects.get(pk=upload_id)
        return _import(upload)


def _import(upload: BulkUpload) -> BulkUpload:
    try:
        with file_open(upload.file.path) as file, sheet_rows(file) as rows:
            outcome = RowImporter(upload, upload.uploaded_by).run(rows)
        images: tuple[int, list[dict[str, str]]] = (0, [])
        if upload.images_file is not None:
            images = images_attach(
                actor=upload.uploaded_by,
                products_by_sku=outcome.products_by_sku,
                stored=upload.images_file,
                attached_before=_images_attached_before(upload, outcome.products_by_sku),
            )
    except UploadTakenOver:
        logger.warning("Bulk upload %s was resumed by another worker; this one stops", upload.pk)
        return BulkUpload.objects.get(pk=upload.pk)
    except DomainError as error:
        return _finish(upload, status=BulkUploadStatus.FAILED, error_message=str(error.message))
    except Exception:
        logger.exception("Bulk upload %s failed", upload.pk)
        _finish(
            upload,
            status=BulkUploadStatus.FAILED,
            error_message=_("Something went wrong on our side. Upload the file again later."),
        )
        raise
    return _finish(upload, status=BulkUploadStatus.DONE, outcome=outcome, images=images)


def _images_attached_before(
    upload: BulkUpload, products_by_sku: dict[str, int]
) -> set[tuple[int, str]]:
    """(product id, file name) of the images an earlier attempt of this import
    attached: stored since the upload first started, under a name of the ZIP.
    A first attempt has none (nothing to look up)."""
    if not upload.processed_rows or upload.started_at is None:
        return set()
    return set(
        ProductImage.objects.filter(
            product_id__in=products_by_sku.values(), file__created_at__gte=upload.started_at
        ).values_list("product_id", "file__original_name")
    )
