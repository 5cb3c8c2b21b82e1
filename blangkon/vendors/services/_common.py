"""Helpers shared by the vendor services: locking a vendor in the actor's scope
and sending the vendor an e-mail after the transaction commits."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.core.errors import Forbidden, NotFound
from blangkon.core.mail import site_mail_send
from blangkon.vendors.access import (
    can_verify,
    certificate_keeping_vendors,
    editable_vendors,
    readable_vendors,
    registration_refusal,
)
from blangkon.vendors.models import Vendor


def lock_vendor(vendor_id: int) -> Vendor:
    vendor = (
        Vendor.objects.select_for_update(of=("self",))
        .select_related("organisation", "organisation__region")
        .filter(pk=vendor_id)
        .first()
    )
    if vendor is None:
        raise NotFound
    return vendor


def locked_for_verifier(*, actor: User, vendor_id: int) -> Vendor:
    """The vendor, locked, if the actor may verify it.

    Out of read scope: NotFound. Readable but the role never verifies (an
    auditor, the vendor itself, its pendamping): Forbidden.
    """
    if not readable_vendors(actor).filter(pk=vendor_id).exists():
        raise NotFound
    if not can_verify(actor):
        raise Forbidden
    return lock_vendor(vendor_id)


def locked_for_editor(*, actor: User, vendor_id: int) -> Vendor:
    """The vendor, locked, if the actor may fill in its registration. Its staff
    read it but may not (ADR 0048): Forbidden, saying who may."""
    return _locked_in(editable_vendors, actor, vendor_id, refusal=registration_refusal)


def locked_for_certificate_keeper(*, actor: User, vendor_id: int) -> Vendor:
    """The vendor, locked, if the actor may add or renew its certificates."""
    return _locked_in(certificate_keeping_vendors, actor, vendor_id, refusal=Forbidden)


def _locked_in(
    scope: Callable[[User], QuerySet[Vendor]],
    actor: User,
    vendor_id: int,
    *,
    refusal: Callable[[], Forbidden],
) -> Vendor:
    if not scope(actor).filter(pk=vendor_id).exists():
        if readable_vendors(actor).filter(pk=vendor_id).exists():
            raise refusal()
        raise NotFound
    return lock_vendor(vendor_id)


def vendor_owner(vendor: Vendor) -> User | None:
    return (
        User.objects.filter(organisation_id=vendor.organisation_id, role=Role.VENDOR_OWNER)
        .order_by("id")
        .first()
    )


def vendor_recipients(vendor: Vendor) -> list[str]:
    """Where mail about the vendor goes: its contact address and its owner's."""
    addresses = [vendor.email]
    owner = vendor_owner(vendor)
    if owner is not None:
        addresses.append(owner.email)
    return sorted({a for a in addresses if a})


def mail_vendor(vendor_id: int, template: str, context: dict[str, Any]) -> None:
    """Render templates/vendors/email/<template>_{subject,body}.txt and send it.

    Runs after commit (transaction.on_commit), in the site's default language.
    """
    vendor = Vendor.objects.select_related("organisation").get(pk=vendor_id)
    recipients = vendor_recipients(vendor)
    if not recipients:
        return
    site_mail_send(
        subject_template=f"vendors/email/{template}_subject.txt",
        body_template=f"vendors/email/{template}_body.txt",
        context={"vendor": vendor, **context},
        recipients=recipients,
    )
