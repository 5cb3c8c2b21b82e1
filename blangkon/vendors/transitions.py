"""The vendors' machines: verification (Vendor.status and its companion fields:
reason, fields to fix, sanction) and certificate renewal (VendorCertificate.status
with its number, end date and file). The only code that moves them.

The tables are in vendors/status.py; docs/domain/lifecycles.md draws it.
Permission checks belong to the services in vendors/services/, which call
`vendor_transition` inside their own transaction.
"""

from collections.abc import Mapping
from typing import Any

from blangkon.lifecycles.machine import Stamp, StateMachine, transition
from blangkon.vendors.models import (
    CertificateStatusChange,
    Vendor,
    VendorCertificate,
    VendorStatusChange,
)
from blangkon.vendors.status import (
    ALLOWED,
    CERTIFICATE_ALLOWED,
    CertificateStatus,
    VendorStatus,
)

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


CERTIFICATE_MACHINE = StateMachine(
    name="certificate",
    title="Certificate renewal",
    model=VendorCertificate,
    statuses=CertificateStatus,
    allowed=CERTIFICATE_ALLOWED,
    initial=(CertificateStatus.VALID,),
    history_model=CertificateStatusChange,
    history_fk="certificate",
    organisation=lambda certificate: certificate.vendor.organisation,
    stamps={
        CertificateStatus.EXPIRED: Stamp("renewal_requested_at"),
        CertificateStatus.VALID: Stamp("renewed_at"),
    },
    companion_fields=frozenset({"number", "expires_on", "document"}),
    lock_related=("vendor__organisation",),
    table_module="blangkon/vendors/status.py",
    description=(
        "A certificate (SPPKP, PP 55/2022, halal, PIRT, BPOM) is valid until its end date. "
        "The daily expiry job marks an expired one and asks the vendor to renew; the "
        "catalog takes down the products that depend on it (halal food) and sends them "
        "back to curation when the vendor renews. A valid certificate updated early is a "
        "move to itself."
    ),
)


def certificate_transition(
    *,
    certificate_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    fields: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> VendorCertificate:
    """Move a certificate to `to` with its companion `fields` (see `transition`)."""
    certificate: VendorCertificate = transition(
        CERTIFICATE_MACHINE,
        pk=certificate_id,
        to=to,
        actor=actor,
        reason=reason,
        fields=fields,
        details=details,
        ip_address=ip_address,
    )
    return certificate
