"""The bulk upload table: every (from, to) pair, stamps, and the audit names."""

from itertools import product as pairs

import pytest
from django.tasks.backends.dummy import DummyBackend

from blangkon.accounts.models import User
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload
from blangkon.catalog.status import BULK_UPLOAD_ALLOWED, BulkUploadStatus
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.catalog.transitions import BULK_UPLOAD_MACHINE, bulk_upload_transition
from blangkon.lifecycles.testing import check_move

STATUSES = list(BulkUploadStatus.values)


def upload_in(owner: User, status: str) -> BulkUpload:
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(sample_rows(2).content))
    BulkUpload.objects.filter(pk=upload.pk).update(status=status)
    upload.refresh_from_db()
    return upload


@pytest.mark.parametrize(("source", "target"), list(pairs(STATUSES, STATUSES)))
def test_every_move_in_the_table_works_and_every_other_is_refused(
    owner: User, queued_tasks: DummyBackend, source: str, target: str
) -> None:
    upload = upload_in(owner, source)
    check_move(
        BULK_UPLOAD_MACHINE,
        upload,
        source=source,
        target=target,
        actor=owner,
        move=lambda: bulk_upload_transition(upload_id=upload.pk, to=target, actor=owner),
    )


def test_done_and_failed_are_final() -> None:
    assert BULK_UPLOAD_ALLOWED[BulkUploadStatus.DONE] == frozenset()
    assert BULK_UPLOAD_ALLOWED[BulkUploadStatus.FAILED] == frozenset()


def test_a_resumed_upload_keeps_its_first_start_time(
    owner: User, queued_tasks: DummyBackend
) -> None:
    upload = upload_in(owner, BulkUploadStatus.QUEUED)
    bulk_upload_transition(upload_id=upload.pk, to=BulkUploadStatus.RUNNING, actor=owner)
    upload.refresh_from_db()
    first_start = upload.started_at
    assert first_start is not None
    bulk_upload_transition(upload_id=upload.pk, to=BulkUploadStatus.QUEUED, actor=None)
    bulk_upload_transition(upload_id=upload.pk, to=BulkUploadStatus.RUNNING, actor=owner)
    upload.refresh_from_db()
    assert upload.started_at == first_start
    assert list(upload.status_changes.values_list("to_status", "actor")) == [
        ("running", owner.pk),
        ("queued", None),
        ("running", owner.pk),
    ]
