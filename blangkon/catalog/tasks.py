"""Background tasks of the catalog (Django's tasks framework, ADR 0010).

In development and production the database backend queues them and
`manage.py db_worker` (started by `make run`) runs them; tests run them at once.
"""

from django.tasks import task

from blangkon.catalog.bulk.importer import bulk_upload_process


@task()
def import_bulk_upload(upload_id: int, language: str | None = None) -> dict[str, int | str]:
    """Import one queued bulk upload (see `bulk_upload_process`)."""
    upload = bulk_upload_process(upload_id, language=language)
    return {
        "status": upload.status,
        "created": upload.created_count,
        "updated": upload.updated_count,
        "failed": upload.failed_count,
    }
