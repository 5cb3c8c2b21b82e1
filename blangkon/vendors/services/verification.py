"""Verification and sanctions: approve, request revision, reject, suspend, ban,
lift; and lifting sanctions whose end date has passed.

Kab/kota admins act on vendors domiciled in their kab/kota, province admins on
all (vendors/access.py). Each service locks the vendor, moves it through
vendor_transition (history + audit in the same transaction) and tells the
vendor: a notification to its owner (the bell) and, after commit, an e-mail to
its contact address and its owner with the verifier's note.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.core.moments import stored_moment
from blangkon.documents.models import DocumentKind
from blangkon.notifications.services import notify
from blangkon.vendors.fields import REQUIRED_DOCUMENTS, fields_for_kind
from blangkon.vendors.models import Vendor
from blangkon.vendors.services._common import (
    lock_vendor,
    locked_for_verifier,
    mail_vendor,
    vendor_owner,
)
from blangkon.vendors.status import SANCTIONED, SanctionReason, VendorStatus
from blangkon.vendors.transitions import vendor_transition

# The owner's notification of each decision, by the status it leaves the vendor in.
DECISION_CODES: dict[str, str] = {
    VendorStatus.VERIFIED: "vendor.verified",
    VendorStatus.REVISION_REQUESTED: "vendor.revision_requested",
    VendorStatus.REJECTED: "vendor.rejected",
    VendorStatus.SUSPENDED: "vendor.suspended",
    VendorStatus.BANNED: "vendor.banned",
}


def _notify(vendor: Vendor, *, code: str = "") -> None:
    """Tell the vendor of a decision: its owner's bell now (the status_changed
    mail below is that notification's mail), the mail after the commit."""
    owner = vendor_owner(vendor)
    notify(
        recipients=[owner] if owner else [],
        code=code or DECISION_CODES[vendor.status],
        params={
            "vendor": vendor.organisation.name,
            "note": vendor.status_reason,
            "until": stored_moment(vendor.sanction_until),
        },
        url=reverse("vendors:dashboard"),
        mailed=True,
    )
    vendor_id = vendor.pk
    transaction.on_commit(lambda: mail_vendor(vendor_id, "status_changed", {}))


def missing_documents(vendor: Vendor) -> list[str]:
    """The document kinds this kind of vendor must have that it has not uploaded
    (documents.DocumentKind values, in the order of REQUIRED_DOCUMENTS)."""
    have = set(vendor.documents.values_list("file__kind", flat=True))
    return [kind for kind in REQUIRED_DOCUMENTS.get(vendor.kind, ()) if kind not in have]


def _refuse_without_documents(vendor: Vendor) -> None:
    missing = missing_documents(vendor)
    if missing:
        labels = ", ".join(str(DocumentKind(kind).label) for kind in missing)
        message = _("The vendor cannot be approved before these documents are present: %(list)s.")
        raise DomainError("missing_documents", message % {"list": labels})


def vendor_approve(
    *, actor: User, vendor_id: int, note: str = "", ip_address: str | None = None
) -> Vendor:
    """Verify a submitted vendor: it may now sell (SUBMITTED -> VERIFIED).

    Refused (DomainError "missing_documents") while a document its kind of
    vendor needs (REQUIRED_DOCUMENTS) is missing: nobody checked what is not there.
    """
    with transaction.atomic():
        vendor = locked_for_verifier(actor=actor, vendor_id=vendor_id)
        if vendor.status == VendorStatus.VERIFIED:
            return vendor
        if vendor.status == VendorStatus.SUBMITTED:  # other moves: the transition table says no
            _refuse_without_documents(vendor)
        vendor = vendor_transition(
            vendor_id=vendor.pk,
            to=VendorStatus.VERIFIED,
            actor=actor,
            reason=note.strip(),
            fields={"status_reason": "", "fields_to_fix": []},
            ip_address=ip_address,
        )
        _notify(vendor)
    return vendor


def vendor_request_revision(
    *,
    actor: User,
    vendor_id: int,
    fields_to_fix: list[str],
    note: str = "",
    ip_address: str | None = None,
) -> Vendor:
    """Send a submitted registration back to the owner with the fields to fix.

    Only fields of the vendor's kind may be ticked (a perorangan has no deed).
    """
    fields = list(dict.fromkeys(fields_to_fix))
    with transaction.atomic():
        vendor = locked_for_verifier(actor=actor, vendor_id=vendor_id)
        if not fields or any(f not in fields_for_kind(vendor.kind) for f in fields):
            message = _("Tick at least one field the vendor must fix.")
            raise DomainError("invalid", message, {"fields_to_fix": message})
        if vendor.status == VendorStatus.REVISION_REQUESTED:
            return vendor
        vendor = vendor_transition(
            vendor_id=vendor.pk,
            to=VendorStatus.REVISION_REQUESTED,
            actor=actor,
            reason=note.strip(),
            fields={"fields_to_fix": fields, "status_reason": note.strip()},
            ip_address=ip_address,
        )
        _notify(vendor)
    return vendor


def vendor_reject(
    *, actor: User, vendor_id: int, reason: str, ip_address: str | None = None
) -> Vendor:
    """Refuse a submitted registration for good (SUBMITTED -> REJECTED)."""
    reason = reason.strip()
    if not reason:
        message = _("Write the reason for the rejection; the vendor will read it.")
        raise DomainError("invalid", message, {"reason": message})
    with transaction.atomic():
        vendor = locked_for_verifier(actor=actor, vendor_id=vendor_id)
        if vendor.status == VendorStatus.REJECTED:
            return vendor
        vendor = vendor_transition(
            vendor_id=vendor.pk,
            to=VendorStatus.REJECTED,
            actor=actor,
            reason=reason,
            fields={"status_reason": reason},
            ip_address=ip_address,
        )
        _notify(vendor)
    return vendor


def _check_sanction(reason_code: str, until: datetime.date | None, *, until_required: bool) -> None:
    fields: dict[str, str] = {}
    if reason_code not in SanctionReason.values:
        fields["reason_code"] = _("Choose the reason for the sanction from the list.")
    if until is None and until_required:
        fields["until"] = _("Fill in the last day of the suspension.")
    elif until is not None and until < timezone.localdate():
        fields["until"] = _("The end date cannot be in the past. Choose today or a later date.")
    if fields:
        raise DomainError("invalid", _("Please correct the marked fields."), fields)


def _sanction(
    *,
    actor: User,
    vendor_id: int,
    to: str,
    reason_code: str,
    until: datetime.date | None,
    note: str,
    ip_address: str | None,
) -> Vendor:
    """Impose a sanction, or change the one that runs (a move to the same
    status): either way one history row and one audit row, and nothing at all
    when the same sanction is asked for again."""
    with transaction.atomic():
        vendor = locked_for_verifier(actor=actor, vendor_id=vendor_id)
        before = (vendor.status, vendor.sanction_reason, vendor.sanction_until)
        vendor = vendor_transition(
            vendor_id=vendor.pk,
            to=to,
            actor=actor,
            reason=note.strip(),
            fields={
                "sanction_reason": reason_code,
                "sanction_until": until,
                "status_reason": note.strip(),
            },
            ip_address=ip_address,
        )
        if (vendor.status, vendor.sanction_reason, vendor.sanction_until) != before:
            _notify(vendor)
    return vendor


def vendor_suspend(
    *,
    actor: User,
    vendor_id: int,
    reason_code: str,
    until: datetime.date,
    note: str = "",
    ip_address: str | None = None,
) -> Vendor:
    """Suspend a verified vendor through `until` (inclusive); its products vanish
    from buyers (only VERIFIED vendors' products are shown) until it is lifted."""
    _check_sanction(reason_code, until, until_required=True)
    return _sanction(
        actor=actor,
        vendor_id=vendor_id,
        to=VendorStatus.SUSPENDED,
        reason_code=reason_code,
        until=until,
        note=note,
        ip_address=ip_address,
    )


def vendor_ban(
    *,
    actor: User,
    vendor_id: int,
    reason_code: str,
    until: datetime.date | None,
    note: str = "",
    ip_address: str | None = None,
) -> Vendor:
    """Ban (blacklist) a vendor through `until`, or for good when `until` is None."""
    _check_sanction(reason_code, until, until_required=False)
    return _sanction(
        actor=actor,
        vendor_id=vendor_id,
        to=VendorStatus.BANNED,
        reason_code=reason_code,
        until=until,
        note=note,
        ip_address=ip_address,
    )


def _lift(vendor: Vendor, *, actor: User | None, note: str, ip_address: str | None) -> Vendor:
    vendor = vendor_transition(
        vendor_id=vendor.pk,
        to=VendorStatus.VERIFIED,
        actor=actor,
        reason=note,
        fields={"sanction_reason": "", "sanction_until": None, "status_reason": ""},
        details={"lifted": vendor.status, "sanction_until": str(vendor.sanction_until or "")},
        ip_address=ip_address,
    )
    _notify(vendor, code="vendor.sanction_lifted")
    return vendor


def vendor_lift_sanction(
    *, actor: User, vendor_id: int, note: str = "", ip_address: str | None = None
) -> Vendor:
    """End a suspension or ban early: the vendor is VERIFIED again."""
    with transaction.atomic():
        vendor = locked_for_verifier(actor=actor, vendor_id=vendor_id)
        if vendor.status not in SANCTIONED:
            raise DomainError("invalid_transition", _("This vendor is not suspended or banned."))
        return _lift(vendor, actor=actor, note=note.strip(), ip_address=ip_address)


def lift_expired_sanctions(*, today: datetime.date) -> int:
    """Lift every suspension and ban whose last day is before `today`.

    Runs daily (management command and task). One transaction per vendor, so
    one failure does not hold back the others. Returns how many were lifted.
    """
    due = list(
        Vendor.objects.filter(status__in=SANCTIONED, sanction_until__lt=today)
        .order_by("id")
        .values_list("id", flat=True)
    )
    lifted = 0
    for vendor_id in due:
        with transaction.atomic():
            vendor = lock_vendor(vendor_id)
            # Re-check under the lock: an admin may have changed it meanwhile.
            if vendor.status not in SANCTIONED or vendor.sanction_until is None:
                continue
            if vendor.sanction_until >= today:
                continue
            _lift(
                vendor,
                actor=None,
                note=_("The sanction ended on %(date)s.") % {"date": vendor.sanction_until},
                ip_address=None,
            )
            lifted += 1
    return lifted
