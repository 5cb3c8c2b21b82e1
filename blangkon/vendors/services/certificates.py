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
from blangkon.catalog.services import (
    products_restore_for_certificate,
    products_take_down_for_certificate,
)
from blangkon.core.errors import DomainError
from blangkon.documents.services import stored_file_create
from blangkon.vendors.models import CertificateKind, VendorCertificate
from blangkon.vendors.services._common import locked_for_editor, mail_vendor
from blangkon.vendors.status import VendorStatus

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
    A renewal clears the renewal request and sends the products taken down for
    the expiry back to the curators' queue (catalog).
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
    with transaction.atomic():
        vendor = locked_for_editor(actor=actor, vendor_id=vendor_id)
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
                kind="certificate",
                upload=upload,
                ip_address=ip_address,
            )
        certificate = (
            VendorCertificate.objects.select_for_update().filter(vendor=vendor, kind=kind).first()
        )
        renewed = certificate is not None
        was_expired = certificate is not None and certificate.renewal_requested_at is not None
        if certificate is None:
            certificate = VendorCertificate(vendor=vendor, kind=kind)
        certificate.number = number
        certificate.expires_on = expires_on
        certificate.renewal_requested_at = None
        if document is not None:
            certificate.document = document
        if renewed:
            certificate.save(
                update_fields=["number", "expires_on", "renewal_requested_at", "document"]
            )
        else:
            certificate.save()
        restored = 0
        if was_expired:
            # Products taken down for the expiry go back to the curators' queue.
            restored = products_restore_for_certificate(
                vendor=vendor, certificate_kind=kind, actor=actor
            )
        audit_record(
            actor=actor,
            action="vendor.certificate_renew" if renewed else "vendor.certificate_add",
            obj=certificate,
            organisation=vendor.organisation,
            ip_address=ip_address,
            details={
                "kind": kind,
                "expires_on": expires_on.isoformat() if expires_on else None,
                "file": str(document.pk) if document else None,
                "products_restored": restored,
            },
        )
    return certificate


def expire_certificates(*, today: datetime.date) -> int:
    """Ask for renewal of every certificate whose last valid day is before `today`.

    Marks renewal_requested_at (once per expiry), takes down the vendor's live
    products that depend on that kind of certificate (catalog), and e-mails the
    vendor after commit. Returns how many certificates were marked.
    """
    due = list(
        VendorCertificate.objects.filter(expires_on__lt=today, renewal_requested_at__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    marked = 0
    for certificate_id in due:
        with transaction.atomic():
            certificate = (
                VendorCertificate.objects.select_for_update()
                .select_related("vendor__organisation")
                .get(pk=certificate_id)
            )
            expires_on = certificate.expires_on
            if expires_on is None or expires_on >= today or certificate.renewal_requested_at:
                continue  # renewed meanwhile
            certificate.renewal_requested_at = timezone.now()
            certificate.save(update_fields=["renewal_requested_at"])
            vendor = certificate.vendor
            taken_down = products_take_down_for_certificate(
                vendor=vendor, certificate_kind=certificate.kind, actor=None
            )
            audit_record(
                actor=None,
                action="vendor.certificate_expired",
                obj=certificate,
                organisation=vendor.organisation,
                details={
                    "kind": certificate.kind,
                    "expires_on": expires_on.isoformat(),
                    "products_taken_down": taken_down,
                },
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
