from typing import Any

from django.db import models, transaction

from blangkon.audit.acted_as import with_acted_as
from blangkon.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    organisation: Any = None,
    ip_address: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction.

    Raises TransactionManagementError outside a transaction: an audit row that
    commits without its change (or the reverse) is worse than none.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit_record() must run inside the service's transaction."
        )
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        organisation=organisation,
        ip_address=ip_address,
        details=with_acted_as(details, actor),
    )


def audit_record_many(
    *,
    actor: Any,
    action: str,
    objects: list[tuple[models.Model, dict[str, Any]]],
    organisation: Any = None,
    ip_address: str | None = None,
) -> list[AuditEvent]:
    """One audit row per object in one INSERT, for bulk services (the XLSX import).

    The same rows `audit_record` writes, and the same rule: inside the caller's
    transaction only.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit_record_many() must run inside the service's transaction."
        )
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if is_user else None,
            actor_username=actor.get_username() if is_user else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            organisation=organisation,
            ip_address=ip_address,
            details=with_acted_as(details, actor),
        )
        for obj, details in objects
    )


def audit_export_record(
    *, actor: Any, file_format: str, filters: dict[str, Any], rows: int, ip_address: str | None
) -> AuditEvent:
    """Record that `actor` exported the audit log: the format, the filter (as
    the reader chose it: names, kind, dates) and how many rows it held. The
    caller has read the rows through the reader's scope, which is the
    permission check (`accounts.selectors.audit_list_for_user`)."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action="audit.export",
            object_type="audit.auditevent",
            organisation=getattr(actor, "organisation", None),
            ip_address=ip_address,
            details={"format": file_format, "filters": filters, "rows": rows},
        )
