"""Certificates (SPPKP, PP 55/2022, halal, PIRT, BPOM) and their expiry."""

import datetime
import logging
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.services import files_atomic, stored_file_create
from blangkon.vendors.events import certificate_expired, certificate_renewed, listings_moved
from blangkon.vendors.models import CertificateKind, Vendor, VendorCertificate
from blangkon.vendors.services._common import locked_for_certificate_keeper, mail_vendor
from blangkon.vendors.status import CertificateStatus, VendorStatus
from blangkon.vendors.transitions import certificate_transition

logger = logging.getLogger("blangkon.vendors")


def certificate_save(
    *,
    actor: User,
    vendor_id: int,
    kind: str,
    number: str,
    expires_on: datetime.date | None,
    upload: UploadedFile | None = None,
    ip_address: str | None = None,
) -> VendorCertificate:
    """Add or renew the vendor's certificate of one kind (one per kind).

    The vendor's owner and staff (and the pendamping who registered it) may do
    this in any status but REJECTED and BANNED, so a verified vendor can renew.
    Renewing an expired certificate makes it valid again (a move of the
    certificate machine) and announces `certificate_renewed`, so the catalog
    sends the products taken down for the expiry back to the curators' queue.
    """
    number = " ".join(number.split())
    fields: dict[str, str] = {}
    if kind not in CertificateKind.values:
        fields["kind"] = _("Choose the kind of certificate from the list.")
    if not number:
        fields["number"] = _("Fill in the certificate number as printed on it.")
    elif len(number) > 80:
        fields["number"] = _("Too long: use at most %(max)d characters.") % {"max": 80}
    if expires_on is not None and expires_on < timezone.localdate():
        fields["expires_on"] = _(
            "This certificate has already expired. Renew it first, then add the new one."
        )
    if fields:
        raise DomainError("invalid", _("Please correct the marked fields."), fields)
    with files_atomic():  # the scan goes if the renewal's reactions fail
        vendor = locked_for_certificate_keeper(actor=actor, vendor_id=vendor_id)
        if vendor.status in (VendorStatus.REJECTED, VendorStatus.BANNED):
            raise DomainError(
                "not_editable",
                _("The registration is %(status)s and cannot be changed now.")
                % {"status": vendor.get_status_display()},
            )
        document = None
        if upload is not None:
            document = stored_file_create(
                actor=actor,
                owner=vendor.organisation,
                kind=DocumentKind.CERTIFICATE,
                upload=upload,
                ip_address=ip_address,
            )
        existing = VendorCertificate.objects.filter(vendor=vendor, kind=kind).first()
        if existing is None:
            return _certificate_add(
                actor=actor,
                vendor=vendor,
                kind=kind,
                number=number,
                expires_on=expires_on,
                document=document,
                ip_address=ip_address,
            )
        return _certificate_renew(
            actor=actor,
            certificate_id=existing.pk,
            number=number,
            expires_on=expires_on,
            document=document,
            ip_address=ip_address,
        )


def _certificate_add(
    *,
    actor: User,
    vendor: Vendor,
    kind: str,
    number: str,
    expires_on: datetime.date | None,
    document: StoredFile | None,
    ip_address: str | None,
) -> VendorCertificate:
    certificate = VendorCertificate.objects.create(
        vendor=vendor, kind=kind, number=number, expires_on=expires_on, document=document
    )
    audit_record(
        actor=actor,
        action="certificate.add",
        obj=certificate,
        organisation=vendor.organisation,
        ip_address=ip_address,
        details={
            "kind": kind,
            "expires_on": expires_on.isoformat() if expires_on else None,
            "file": str(document.pk) if document else None,
        },
    )
    return certificate


def _certificate_renew(
    *,
    actor: User,
    certificate_id: int,
    number: str,
    expires_on: datetime.date | None,
    document: StoredFile | None,
    ip_address: str | None,
) -> VendorCertificate:
    """Renew an expired certificate (its products go back to curation), or
    update a valid one early; the same details again change nothing."""
    fields: dict[str, object] = {"number": number, "expires_on": expires_on}
    if document is not None:
        fields["document"] = document
    # Locked before reading: the expiry job may be marking it at this moment.
    before = VendorCertificate.objects.select_for_update().get(pk=certificate_id).status
    certificate = certificate_transition(
        certificate_id=certificate_id,
        to=CertificateStatus.VALID,
        actor=actor,
        fields=fields,
        ip_address=ip_address,
    )
    if before == CertificateStatus.EXPIRED:
        responses = certificate_renewed.send(
            sender=VendorCertificate,
            vendor=certificate.vendor,
            certificate_kind=certificate.kind,
            actor=actor,
        )
        restored = listings_moved(responses)
        logger.info(
            "Certificate %s renewed: %d products back to curation", certificate_id, restored
        )
    return certificate


def expire_certificates(*, today: datetime.date) -> int:
    """Ask for renewal of every certificate whose last valid day is before `today`.

    Moves each to EXPIRED (once per expiry: history, audit, renewal_requested_at),
    announces `certificate_expired` (the catalog takes down the products that
    depend on that kind) and e-mails the vendor after commit. Safe to run twice:
    an expired certificate is not picked again. Returns how many were marked.
    """
    due = list(
        VendorCertificate.objects.filter(expires_on__lt=today, status=CertificateStatus.VALID)
        .order_by("id")
        .values_list("id", flat=True)
    )
    marked = 0
    for certificate_id in due:
        with transaction.atomic():
            current = VendorCertificate.objects.select_for_update().get(pk=certificate_id)
            expires_on = current.expires_on
            # Re-checked under the lock: renewed meanwhile, or already marked.
            if current.status != CertificateStatus.VALID or not expires_on or expires_on >= today:
                continue
            certificate = certificate_transition(
                certificate_id=certificate_id,
                to=CertificateStatus.EXPIRED,
                actor=None,
                reason=_("The certificate was valid until %(date)s.") % {"date": expires_on},
            )
            vendor = certificate.vendor
            taken_down = listings_moved(
                certificate_expired.send(
                    sender=VendorCertificate,
                    vendor=vendor,
                    certificate_kind=certificate.kind,
                    actor=None,
                )
            )
            context = {
                "certificate_kind": certificate.get_kind_display(),
                "expires_on": expires_on,
                "products_taken_down": taken_down,
            }
            transaction.on_commit(partial(mail_vendor, vendor.pk, "certificate_expired", context))
            marked += 1
    logger.info("Asked for renewal of %d expired certificates", marked)
    return marked
