"""Vendor verification states and the allowed moves between them.

Pure data: models, services, docs and tests import it. The only code that
assigns Vendor.status (and its companion fields) is vendors/transitions.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VendorStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the owner (or a pendamping) is still filling it in
    SUBMITTED = "submitted", _("Waiting for verification")  # in a verifier's queue
    REVISION_REQUESTED = "revision_requested", _("Revision requested")  # back to the owner
    VERIFIED = "verified", _("Verified")  # may sell; products can go live
    REJECTED = "rejected", _("Rejected")  # final; a new registration is needed
    SUSPENDED = "suspended", _("Suspended")  # temporarily barred, until a date
    BANNED = "banned", _("Banned")  # barred (blacklist), until a date or for good


ALLOWED: dict[str, frozenset[str]] = {
    VendorStatus.DRAFT: frozenset({VendorStatus.SUBMITTED}),
    VendorStatus.SUBMITTED: frozenset(
        {VendorStatus.VERIFIED, VendorStatus.REVISION_REQUESTED, VendorStatus.REJECTED}
    ),
    VendorStatus.REVISION_REQUESTED: frozenset({VendorStatus.SUBMITTED}),
    VendorStatus.VERIFIED: frozenset({VendorStatus.SUSPENDED, VendorStatus.BANNED}),
    # Lifting a suspension or a ban returns the vendor to VERIFIED. A sanction
    # may be changed while it runs (a move to itself: new end date or reason).
    VendorStatus.SUSPENDED: frozenset(
        {VendorStatus.VERIFIED, VendorStatus.SUSPENDED, VendorStatus.BANNED}
    ),
    VendorStatus.BANNED: frozenset({VendorStatus.VERIFIED, VendorStatus.BANNED}),
    VendorStatus.REJECTED: frozenset(),
}

# Statuses in which the owner (or the pendamping) may still edit the registration.
EDITABLE = frozenset({VendorStatus.DRAFT, VendorStatus.REVISION_REQUESTED})

# Sanctions: the vendor is barred until lifted.
SANCTIONED = frozenset({VendorStatus.SUSPENDED, VendorStatus.BANNED})

# Vendors in these states may sell: their TAYANG products are visible.
ACTIVE = frozenset({VendorStatus.VERIFIED})


class SanctionReason(models.TextChoices):
    FALSE_DATA = "false_data", _("False or forged data")
    NON_DELIVERY = "non_delivery", _("Failed to deliver")
    PRICE_MARKUP = "price_markup", _("Unreasonable prices")
    COLLUSION = "collusion", _("Collusion or bribery")
    BLACKLIST = "blacklist", _("On the national blacklist")
    OTHER = "other", _("Other")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")  # in force, or with no end date
    EXPIRED = "expired", _("Expired: renewal requested")  # dependent products are down


CERTIFICATE_ALLOWED: dict[str, frozenset[str]] = {
    # A valid certificate may be updated early (new number or end date: a move
    # to itself) or expire (the daily expiry job).
    CertificateStatus.VALID: frozenset({CertificateStatus.VALID, CertificateStatus.EXPIRED}),
    # Renewing an expired certificate makes it valid again.
    CertificateStatus.EXPIRED: frozenset({CertificateStatus.VALID}),
}
