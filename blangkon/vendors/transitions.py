"""vendor_transition(): the only code that assigns Vendor.status.

The allowed moves are the table in vendors/status.py; docs/domain/lifecycles.md
draws it. Permission checks and the fields a move needs (reasons, the fields to
fix, sanction dates) belong to the services in vendors/services/, which call
this inside their own transaction.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, NotFound
from blangkon.vendors.models import Vendor, VendorStatusChange
from blangkon.vendors.status import ALLOWED, STAMPS, VendorStatus


def vendor_transition(
    *,
    vendor_id: int,
    to: str,
    actor: User | None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> Vendor:
    """Move a vendor to status `to`, with its history row and audit row.

    Idempotent: a vendor already in `to` is returned unchanged and nothing is
    written. A move outside ALLOWED raises DomainError("invalid_transition") and
    writes nothing. `actor` is None for automatic moves (lifting an ended
    sanction).
    """
    with transaction.atomic():
        vendor = (
            Vendor.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(pk=vendor_id)
            .first()
        )
        if vendor is None:
            raise NotFound
        current = vendor.status
        if current == to:
            return vendor
        if to not in ALLOWED.get(current, frozenset()):
            raise DomainError(
                "invalid_transition",
                _("A vendor cannot move from '%(from)s' to '%(to)s'.")
                % {"from": VendorStatus(current).label, "to": _label(to)},
            )
        vendor.status = to
        changed = ["status", "updated_at"]
        stamp = STAMPS.get(to)
        if stamp and not (to == VendorStatus.VERIFIED and current != VendorStatus.SUBMITTED):
            setattr(vendor, stamp, timezone.now())
            changed.append(stamp)
        vendor.save(update_fields=changed)
        VendorStatusChange.objects.create(
            vendor=vendor,
            from_status=current,
            to_status=to,
            actor=actor,
            reason=reason,
            details=details or {},
        )
        audit_record(
            actor=actor,
            action=f"vendor.{to}",
            obj=vendor,
            organisation=vendor.organisation,
            ip_address=ip_address,
            details={"from": current, "to": to, "reason": reason, **(details or {})},
        )
    return vendor


def _label(status: str) -> str:
    return str(VendorStatus(status).label) if status in VendorStatus.values else status
