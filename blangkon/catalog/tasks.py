"""Background tasks of the catalog (Django's tasks framework, ADR 0010).

In development and production the database backend queues them and
`manage.py db_worker` (started by `make run`) runs them; tests run them at once.
`manage.py scheduler` queues the periodic ones (config/schedule.py, ADR 0017).
"""

from django.tasks import task

from blangkon.catalog.bulk.importer import bulk_upload_process
from blangkon.catalog.bulk.services import bulk_uploads_recover


@task()
def import_bulk_upload(upload_id: int, language: str | None = None) -> dict[str, int | str]:
    """Import one queued bulk upload (see `bulk_upload_process`). Idempotent: a
    second delivery finds the upload no longer QUEUED, or locked by the worker
    importing it, and does nothing."""
    upload = bulk_upload_process(upload_id, language=language)
    return {
        "status": upload.status,
        "created": upload.created_count,
        "updated": upload.updated_count,
        "failed": upload.failed_count,
    }


@task()
def recover_bulk_uploads_task() -> dict[str, int]:
    """Resume (or, after too many attempts, end) the uploads whose worker
    stopped mid-import. Idempotent and safe to run twice, even at once: see
    `bulk_uploads_recover`."""
    return bulk_uploads_recover()
