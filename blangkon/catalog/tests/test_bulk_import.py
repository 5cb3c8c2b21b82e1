"""Importing a bulk upload: counts, the error report, re-uploads, audit."""

import io

from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.catalog.bulk.columns import (
    COLUMN_COUNT,
    ERROR_HEADER,
    HEADERS,
    INDEX,
    ROW_NUMBER_HEADER,
)
from blangkon.catalog.bulk.importer import bulk_upload_process
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload, BulkUploadStatus, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.documents.storage import file_read
from blangkon.vendors.models import Vendor


def _upload(owner: User, content: bytes) -> BulkUpload:
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(content))
    upload.refresh_from_db()
    return upload


def _report_rows(upload: BulkUpload) -> list[tuple[object, ...]]:
    assert upload.error_report is not None
    workbook = load_workbook(io.BytesIO(file_read(upload.error_report.path)))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_small_upload_creates_products_and_reports_nothing(owner: User, vendor: Vendor) -> None:
    upload = _upload(owner, sample_rows(30).content)
    assert upload.status == BulkUploadStatus.DONE
    assert (upload.total_rows, upload.processed_rows) == (30, 30)
    assert (upload.created_count, upload.updated_count, upload.failed_count) == (30, 0, 0)
    assert upload.error_report is None
    assert upload.started_at is not None
    assert upload.finished_at is not None
    assert Product.objects.filter(vendor=vendor, status="draft").count() == 30


def test_ten_thousand_rows_import_and_the_error_report_lists_the_bad_ones(
    owner: User, vendor: Vendor
) -> None:
    # Given a generated 10,000-row workbook with about 1 % defective rows
    sample = sample_rows(10_000, bad_every=100)
    assert 90 <= len(sample.bad_rows) <= 110

    # When the vendor uploads it
    upload = _upload(owner, sample.content)

    # Then every row was tried, the good ones created, the bad ones reported
    assert upload.status == BulkUploadStatus.DONE
    assert upload.total_rows == upload.processed_rows == 10_000
    assert upload.failed_count == len(sample.bad_rows)
    assert upload.created_count == 10_000 - len(sample.bad_rows)
    assert upload.updated_count == 0
    assert Product.objects.filter(vendor=vendor).count() == upload.created_count

    # And the report holds the original rows, unchanged, plus the reason
    original = list(
        load_workbook(io.BytesIO(sample.content), read_only=True)
        .worksheets[0]
        .iter_rows(max_col=COLUMN_COUNT, values_only=True)
    )
    report = _report_rows(upload)
    assert report[0] == (*HEADERS, ERROR_HEADER, ROW_NUMBER_HEADER)
    assert [row[COLUMN_COUNT + 1] for row in report[1:]] == sample.bad_rows
    for row in report[1:]:
        number = row[COLUMN_COUNT + 1]
        assert isinstance(number, int)
        assert row[:COLUMN_COUNT] == original[number - 1][:COLUMN_COUNT]
        assert row[COLUMN_COUNT]  # the reason is never blank


def test_every_defect_gets_a_reason_naming_its_column(owner: User, vendor: Vendor) -> None:
    sample = sample_rows(1_100, bad_every=100)
    upload = _upload(owner, sample.content)
    reasons = {row[INDEX["sku"]]: str(row[COLUMN_COUNT]) for row in _report_rows(upload)[1:]}
    assert len(reasons) == upload.failed_count == 10
    joined = " | ".join(reasons.values())
    for header in ("Harga per satuan", "Nama produk", "SKU", "Kategori", "Satuan", "Wilayah"):
        assert header in joined


def test_uploading_the_same_file_again_updates_instead_of_creating(
    owner: User, vendor: Vendor
) -> None:
    content = sample_rows(40).content
    _upload(owner, content)
    again = _upload(owner, content)
    assert (again.created_count, again.updated_count, again.failed_count) == (0, 40, 0)
    assert Product.objects.filter(vendor=vendor).count() == 40


def test_a_corrected_error_report_can_be_uploaded_as_it_is(owner: User, vendor: Vendor) -> None:
    # The report keeps the template's columns first; the extra columns are ignored.
    sample = sample_rows(300, bad_every=100)
    first = _upload(owner, sample.content)
    assert first.failed_count == 2
    assert first.error_report is not None
    report = load_workbook(io.BytesIO(file_read(first.error_report.path)))
    sheet = report.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        row[INDEX["price"]].value = 125_000
        row[INDEX["coverage"]].value = "33.25"
        row[INDEX["is_pdn"]].value = "tidak"
        row[INDEX["sku"]].value = f"FIX-{row[0].row}"
    buffer = io.BytesIO()
    report.save(buffer)
    second = _upload(owner, buffer.getvalue())
    assert (second.created_count, second.failed_count) == (2, 0)


def test_an_upload_is_imported_once_even_if_the_task_runs_again(
    owner: User, vendor: Vendor
) -> None:
    upload = _upload(owner, sample_rows(5).content)
    again = bulk_upload_process(upload.pk)
    assert again.status == BulkUploadStatus.DONE
    assert (again.processed_rows, again.created_count) == (5, 5)
    assert Product.objects.filter(vendor=vendor).count() == 5


def test_upload_its_start_and_its_end_are_audited_and_in_its_history(
    owner: User, vendor: Vendor
) -> None:
    upload = _upload(owner, sample_rows(3).content)
    events = list(
        AuditEvent.objects.filter(object_type="catalog.bulkupload", object_id=str(upload.pk))
        .order_by("id")
        .values_list("action", "details")
    )
    assert [action for action, _details in events] == [
        "bulk_upload.create",
        "bulk_upload.running",
        "bulk_upload.done",
    ]
    done = events[-1][1]
    assert (done["rows"], done["created"], done["updated"], done["failed"]) == (3, 3, 0, 0)
    history = list(upload.status_changes.values_list("from_status", "to_status", "actor"))
    assert history == [("queued", "running", owner.pk), ("running", "done", owner.pk)]
    assert AuditEvent.objects.filter(action="product.create").count() == 3


def test_one_file_can_both_update_and_create(owner: User, vendor: Vendor) -> None:
    # Given 30 products from a first upload
    _upload(owner, sample_rows(30).content)
    # When a file with the same 30 SKUs and 30 new ones arrives
    upload = _upload(owner, sample_rows(60).content)
    # Then the known SKUs go through the one-by-one update and the others are created
    assert (upload.created_count, upload.updated_count, upload.failed_count) == (30, 30, 0)
    assert Product.objects.filter(vendor=vendor).count() == 60


def test_products_created_in_bulk_get_their_history_and_audit_rows(
    owner: User, vendor: Vendor
) -> None:
    from blangkon.catalog.models import PriceChange

    _upload(owner, sample_rows(25).content)
    products = Product.objects.filter(vendor=vendor)
    assert products.count() == 25
    for product in products:
        (first_price,) = PriceChange.objects.filter(product=product)
        assert (first_price.old_price, first_price.new_price) == (None, product.price)
        assert first_price.actor == owner
        assert product.coverage.exists()
    created = AuditEvent.objects.filter(action="product.create", actor=owner)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in products.values_list("pk", flat=True)
    )
