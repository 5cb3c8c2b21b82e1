"""A worker process killed with SIGKILL mid-import: PostgreSQL drops its lock
with its connection, the scheduled recovery job queues the upload again, and
the resumed import ends DONE with every row imported once.

A real separate process, so the test commits (transaction=True) and the
worker reads the test database through DATABASE_URL.
"""

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.tasks.backends.dummy import DummyBackend
from openpyxl import load_workbook

from blangkon.accounts.models import User
from blangkon.catalog.bulk.columns import COLUMN_COUNT
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUploadStatus, Product
from blangkon.catalog.tasks import recover_bulk_uploads_task
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.documents.storage import file_read
from blangkon.vendors.models import Vendor
from conftest import TRANSACTIONAL, database_url_for_workers, reference_data_reload

pytestmark = TRANSACTIONAL

ROOT = Path(__file__).resolve().parents[3]
WORKER = (
    "import os, sys, django;"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
    "django.setup();"
    "from blangkon.catalog.bulk.importer import bulk_upload_process;"
    "bulk_upload_process(int(sys.argv[1]))"
)
# Generous: only a machine that stalls for minutes reaches it; nothing is timed.
PATIENCE_SECONDS = 300


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()  # the flush after an earlier transactional test removed it


def wait_for(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


def start_worker(upload_id: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BLANGKON_ENV": "test",
        "DATABASE_URL": database_url_for_workers(),
        "APP_DATABASE_URL": database_url_for_workers(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER, str(upload_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_killed_worker_s_upload_is_resumed_by_the_recovery_job_and_ends_done(
    owner: User, vendor: Vendor, queued_tasks: DummyBackend
) -> None:
    sample = sample_rows(2_000, bad_every=100)
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(sample.content))
    queued_tasks.clear()  # this test is the worker

    # Given a worker process that has committed its first chunk
    worker = start_worker(upload.pk)
    try:

        def progressed() -> bool:
            assert worker.poll() is None, worker.stderr.read().decode()  # type: ignore[union-attr]
            upload.refresh_from_db()
            return upload.processed_rows > 0

        wait_for("the worker's first chunk", progressed)
        # While it lives, the recovery job leaves its upload alone
        assert recover_bulk_uploads_task.call() == {"resumed": 0, "failed": 0}

        # When it is killed mid-import
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=PATIENCE_SECONDS) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stderr.close()  # type: ignore[union-attr]
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.RUNNING
    assert 0 < upload.processed_rows < upload.total_rows
    imported_before = upload.processed_rows

    # Then the scheduled recovery job queues it again, once PostgreSQL has
    # ended the dead worker's session (and so its lock)
    wait_for("the recovery job", lambda: recover_bulk_uploads_task.call()["resumed"] == 1)
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.QUEUED
    assert upload.processed_rows == imported_before

    # And the worker that takes the queued task finishes it: every row once
    (task,) = queued_tasks.results
    assert list(task.args) == [upload.pk]
    task.task.call(*task.args, **task.kwargs)
    upload.refresh_from_db()
    assert upload.status == BulkUploadStatus.DONE
    assert upload.processed_rows == upload.total_rows == 2_000
    assert (upload.created_count, upload.updated_count) == (2_000 - len(sample.bad_rows), 0)
    assert upload.failed_count == len(sample.bad_rows)
    skus = list(Product.objects.filter(vendor=vendor).values_list("sku", flat=True))
    assert len(skus) == len(set(skus)) == upload.created_count
    assert upload.error_report is not None
    report = load_workbook(io.BytesIO(file_read(upload.error_report.path))).worksheets[0]
    reported = [row[COLUMN_COUNT + 1] for row in report.iter_rows(min_row=2, values_only=True)]
    assert reported == sample.bad_rows
    moves = list(upload.status_changes.values_list("to_status", flat=True))
    assert moves == ["running", "queued", "running", "done"]
