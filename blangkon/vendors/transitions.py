"""The vendor verification machine: the only code that moves Vendor.status and
writes its companion fields (reason, fields to fix, sanction).

The table is in vendors/status.py; docs/domain/lifecycles.md draws it.
Permission checks belong to the services in vendors/services/, which call
`vendor_transition` inside their own transaction.
"""

from collections.abc import Mapping
from typing import Any

from blangkon.lifecycles.machine import Stamp, StateMachine, transition
from blangkon.vendors.models import Vendor, VendorStatusChange
from blangkon.vendors.status import ALLOWED, VendorStatus

VENDOR_MACHINE = StateMachine(
    name="vendor",
    title="Vendor verification",
    model=Vendor,
    statuses=VendorStatus,
    allowed=ALLOWED,
    initial=(VendorStatus.DRAFT,),
    history_model=VendorStatusChange,
    history_fk="vendor",
    organisation=lambda vendor: vendor.organisation,
    stamps={
        VendorStatus.SUBMITTED: Stamp("submitted_at"),
        # Lifting a sanction returns to VERIFIED and keeps the first date.
        VendorStatus.VERIFIED: Stamp("verified_at", first_only=True),
    },
    companion_fields=frozenset(
        {"status_reason", "fields_to_fix", "sanction_reason", "sanction_until"}
    ),
    lock_related=("organisation",),
    table_module="blangkon/vendors/status.py",
    description=(
        "A registration is filled in (draft), verified by the kab/kota or province admin, "
        "and may be sanctioned. A suspension or ban that is changed while it runs (a new "
        "end date or reason) is a move from the status to itself, so it is recorded too."
    ),
)


def vendor_transition(
    *,
    vendor_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> Vendor:
    """Move a vendor to `to` with its companion `fields` (see `transition`)."""
    vendor: Vendor = transition(
        VENDOR_MACHINE,
        pk=vendor_id,
        to=to,
        actor=actor,
        reason=reason,
        fields=fields,
        details=details,
        ip_address=ip_address,
    )
    return vendor
