"""Writes a person asks for in transparency: today only the province admin's
request to write the open-data files again (the files themselves are derived
data, written by `opendata.opendata_publish`, not audited)."""

from django.db import transaction
from django.utils.translation import gettext as _

from blangkon.accounts.access import is_province_admin
from blangkon.audit.services import audit_record
from blangkon.core.errors import Forbidden
from blangkon.transparency.tasks import opendata_publish_task


def opendata_publish_request(*, actor: object, ip_address: str | None) -> None:
    """Queue a run of the open-data job now. Only a province admin may (the
    platform owner); audited. The job runs in the worker, after the commit:
    at the scale of a province it takes minutes, more than a request should."""
    if not is_province_admin(actor):  # type: ignore[arg-type]
        raise Forbidden(_("Only a province admin may publish the open-data files."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="opendata.publish_requested",
            object_type="opendata",
            object_id="register",
            ip_address=ip_address,
        )
        # The task backend enqueues at the commit (Django's ENQUEUE_ON_COMMIT).
        opendata_publish_task.enqueue()
