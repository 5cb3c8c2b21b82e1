"""An import whose worker stops partway: the recovery job queues it again and
the import continues after the committed chunks (every row once, the complete
error report, every image once); after too many attempts the upload ends
FAILED with a message; an upload whose worker is alive is left alone.

Here the worker "stops" by an exception nothing in the import catches, raised
inside a chunk's open transaction. test_bulk_worker_killed.py does the same
with a real process and SIGKILL.
"""

import io
import itertools
import time
from types import ModuleType

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks.backends.dummy import DummyBackend
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.catalog.bulk import images as bulk_images
from blangkon.catalog.bulk import importer
from blangkon.catalog.bulk.columns import COLUMN_COUNT
from blangkon.catalog.bulk.importer import (
    IMPORT_LOCK,
    RowImporter,
    UploadTakenOver,
    bulk_upload_process,
)
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create, bulk_uploads_recover
from blangkon.catalog.models import BulkUpload, BulkUploadRowError, BulkUploadStatus, Product
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.catalog.tests.test_bulk_images import FIRST, SAMPLE, SECOND, images_zip, picture
from blangkon.documents.storage import file_read
from blangkon.vendors.models import Vendor
from conftest import other_session


class WorkerStopped(BaseException):
    """Stands for the end of the worker's process: the import catches only
    Exception, so the upload stays RUNNING and nothing is finished."""


def stop_on_call(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str, call: int) -> None:
    """The `call`-th call of `module.name` does its work, then the worker stops
    (still inside the caller's transaction, which is then undone)."""
    original = getattr(module, name)
    calls = itertools.count(1)

    def stopping(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        if next(calls) == call:
            raise WorkerStopped
        return result

    monkeypatch.setattr(module, name, stopping)


def queued(
    owner: User,
    tasks: DummyBackend,
    content: bytes,
    images: SimpleUploadedFile | None = None,
) -> BulkUpload:
    """A stored upload, its import queued and taken off the queue: the test
    runs the import itself."""
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(content), images=images)
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.QUEUED
    assert len(tasks.results) == 1
    tasks.clear()
    return upload


def run_stopping(
    monkeypatch: pytest.MonkeyPatch, upload: BulkUpload, module: ModuleType, name: str, call: int
) -> None:
    """Run the upload's import with a worker that stops on that call."""
    with monkeypatch.context() as patch:
        stop_on_call(patch, module, name, call)
        with pytest.raises(WorkerStopped):
            bulk_upload_process(upload.pk)
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.RUNNING


def run_queued_task(queued_tasks: DummyBackend, upload: BulkUpload) -> None:
    """What a worker does with the task the recovery job queued."""
    (task,) = queued_tasks.results
    assert task.task.name == "import_bulk_upload"
    assert list(task.args) == [upload.pk]
    queued_tasks.clear()
    task.task.call(*task.args, **task.kwargs)
    upload.refresh_from_db()


def report_rows(upload: BulkUpload) -> list[tuple[object, ...]]:
    assert upload.error_report is not None
    workbook = load_workbook(io.BytesIO(file_read(upload.error_report.path)))
    return list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))


def test_a_stopped_import_resumes_after_its_committed_chunks(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 100)
    # Rows 102, 202, 302, 402 and 502 are bad; 502 repeats the SKU of row 2.
    sample = sample_rows(600, bad_every=100)
    upload = queued(owner, queued_tasks, sample.content)

    # Given a worker that stops while its third chunk's transaction is open
    run_stopping(monkeypatch, upload, importer, "products_create_many", 3)
    assert (upload.processed_rows, upload.created_count, upload.failed_count) == (200, 199, 1)
    assert Product.objects.filter(vendor=vendor).count() == 199

    # When the recovery job runs, the upload is queued again
    assert bulk_uploads_recover() == {"resumed": 1, "failed": 0}
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.QUEUED
    # And a second run finds nothing left to do
    assert bulk_uploads_recover() == {"resumed": 0, "failed": 0}

    # Then the worker that takes the task imports the rest, each row once
    run_queued_task(queued_tasks, upload)
    assert upload.status == BulkUploadStatus.DONE
    assert (upload.processed_rows, upload.created_count, upload.updated_count) == (600, 595, 0)
    assert upload.failed_count == 5
    skus = list(Product.objects.filter(vendor=vendor).values_list("sku", flat=True))
    assert len(skus) == len(set(skus)) == 595

    # And the report lists every bad row, the one before the stop too
    rows = report_rows(upload)
    assert [row[COLUMN_COUNT + 1] for row in rows] == sample.bad_rows
    assert all(row[COLUMN_COUNT] for row in rows)
    assert "2" in str(rows[-1][COLUMN_COUNT])  # the duplicate names row 2, read before the stop
    assert BulkUploadRowError.objects.filter(upload=upload).count() == 5
    moves = list(upload.status_changes.values_list("to_status", flat=True))
    assert moves == ["running", "queued", "running", "done"]


def test_a_resumed_import_attaches_each_image_once(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"{FIRST}.jpg": picture(),
        f"{FIRST}_2.png": picture("PNG"),
        f"{SECOND}.jpg": picture(),
    }
    upload = queued(owner, queued_tasks, SAMPLE, images=images_zip(files))

    # Given a worker that stops after attaching two of the three images
    run_stopping(monkeypatch, upload, bulk_images, "product_image_add", 2)
    assert upload.processed_rows == 3

    # When the upload is recovered and imported again
    bulk_uploads_recover()
    run_queued_task(queued_tasks, upload)

    # Then every image is attached once
    assert upload.status == BulkUploadStatus.DONE
    assert upload.images_attached == 3
    assert upload.image_problems == []
    images = {p.sku: p.images.count() for p in Product.objects.filter(vendor=vendor)}
    assert (images[FIRST], images[SECOND]) == (2, 1)


def test_after_three_attempts_the_upload_ends_failed_saying_what_was_saved(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    upload = queued(owner, queued_tasks, sample_rows(7).content)  # chunks of rows 2-3, 4-5, 6-7, 8

    # Given a file whose import stops every time, after one more chunk
    for attempt in (1, 2, 3):
        run_stopping(monkeypatch, upload, importer, "products_create_many", 2)
        assert upload.processed_rows == attempt * 2
        recovered = bulk_uploads_recover()
        if attempt < 3:
            assert recovered == {"resumed": 1, "failed": 0}
            queued_tasks.clear()

    # Then the third stop ends it, with what was saved and what to do
    assert recovered == {"resumed": 0, "failed": 1}
    assert queued_tasks.results == []
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.FAILED
    assert upload.finished_at is not None
    assert upload.error_message == (
        "Impor berhenti 3 kali sebelum selesai, sehingga dihentikan. Dari 7 baris, 6 produk "
        "dibuat dan 0 diperbarui sebelum itu; produk tersebut ada di Produk saya. Unggah lagi "
        "berkas yang sama untuk mengimpor sisanya: baris yang sudah tersimpan akan diperbarui, "
        "tidak dibuat dua kali."
    )
    assert Product.objects.filter(vendor=vendor).count() == 6
    assert bulk_uploads_recover() == {"resumed": 0, "failed": 0}


def test_an_upload_whose_worker_holds_the_lock_is_left_alone(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = queued(owner, queued_tasks, sample_rows(3).content)
    run_stopping(monkeypatch, upload, importer, "products_create_many", 1)
    with other_session() as worker:
        # A live worker's session holds the upload's lock
        worker.execute("SELECT pg_advisory_lock(hashtext(%s), %s)", [IMPORT_LOCK, upload.pk])
        assert bulk_uploads_recover() == {"resumed": 0, "failed": 0}
        upload.refresh_from_db()
        assert upload.status == BulkUploadStatus.RUNNING
    # Its connection ended: the lock went with it
    wait_until_released(upload.pk)
    assert bulk_uploads_recover() == {"resumed": 1, "failed": 0}


def wait_until_released(upload_id: int) -> None:
    """A server process drops its session's locks as it exits, a moment after
    its client hung up; a busy machine makes that moment longer."""
    with other_session() as probe:
        for _attempt in range(200):
            (free,) = probe.execute(
                "SELECT pg_try_advisory_lock(hashtext(%s), %s)", [IMPORT_LOCK, upload_id]
            ).fetchone() or (False,)
            if free:
                probe.execute(
                    "SELECT pg_advisory_unlock(hashtext(%s), %s)", [IMPORT_LOCK, upload_id]
                )
                return
            time.sleep(0.05)
    raise AssertionError("The closed session's lock was never released")


def test_a_task_delivered_twice_at_once_imports_once(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend
) -> None:
    upload = queued(owner, queued_tasks, sample_rows(3).content)
    with other_session() as first_worker:
        first_worker.execute("SELECT pg_advisory_lock(hashtext(%s), %s)", [IMPORT_LOCK, upload.pk])
        # The second delivery finds the first worker's lock and does nothing
        assert bulk_upload_process(upload.pk).status == BulkUploadStatus.QUEUED
    assert upload.status_changes.count() == 0
    assert bulk_upload_process(upload.pk).status == BulkUploadStatus.DONE
    assert bulk_upload_process(upload.pk).created_count == 3
    assert Product.objects.filter(vendor=vendor).count() == 3
    # The imports released the lock: another session can take it
    with other_session() as other:
        taken = other.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s), %s)", [IMPORT_LOCK, upload.pk]
        ).fetchone()
        assert taken == (True,)


def test_a_worker_whose_upload_moved_on_writes_nothing_more(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend
) -> None:
    upload = queued(owner, queued_tasks, sample_rows(3).content)
    BulkUpload.objects.filter(pk=upload.pk).update(status=BulkUploadStatus.RUNNING)
    upload.refresh_from_db()
    stale = RowImporter(upload, owner)
    # Another worker committed a chunk meanwhile
    BulkUpload.objects.filter(pk=upload.pk).update(processed_rows=1, created_count=1)
    sheet = load_workbook(io.BytesIO(SAMPLE), read_only=True).worksheets[0]
    first_row = next(sheet.iter_rows(min_row=2, max_col=COLUMN_COUNT, values_only=True))
    with pytest.raises(UploadTakenOver):
        stale.run(iter([(2, tuple(first_row))]))
    assert Product.objects.filter(vendor=vendor).count() == 0
    upload.refresh_from_db()
    assert (upload.processed_rows, upload.created_count) == (1, 1)
