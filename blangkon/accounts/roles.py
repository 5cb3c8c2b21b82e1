"""Roles and the organisation kind each role belongs to.

Pure data, imported by models, access rules, demo data and tests. One account
holds one role, as in SPSE and INAPROC: an official who is both PP and PPK has
two accounts, so every signature names the capacity it was given in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PEMDA = "pemda", _("Local government (pemda)")
    OPD = "opd", _("Work unit (OPD)")
    VENDOR = "vendor", _("Vendor (penyedia)")


class Role(models.TextChoices):
    PP = "pp", _("Procurement official (PP)")  # builds carts and orders for the OPD
    PPK = "ppk", _("Commitment official (PPK)")  # signs Surat Pesanan and BAST
    BENDAHARA = "bendahara", _("Treasurer (bendahara)")  # pays and withholds taxes
    OPD_ADMIN = "opd_admin", _("OPD administrator")  # manages the OPD's users and addresses
    KAB_KOTA_ADMIN = "kab_kota_admin", _("Kab/kota administrator")  # OPDs, vendors, curation
    PROVINCE_ADMIN = "province_admin", _("Provincial administrator")  # the platform owner
    AUDITOR = "auditor", _("Auditor (read-only)")  # Inspektorat, BPK, BPKP
    VENDOR_OWNER = "vendor_owner", _("Vendor owner")  # the UMKM's owner or director
    VENDOR_STAFF = "vendor_staff", _("Vendor staff")  # helps the owner run the store
    PENDAMPING = "pendamping", _("UMKM assistant (pendamping)")  # helps UMKM register


# Each role's label, lazy: translated when read (the audit log, an order's history).
ROLE_LABELS = dict(Role.choices)

OPD_ROLES = frozenset({Role.PP, Role.PPK, Role.BENDAHARA, Role.OPD_ADMIN})
PEMDA_ROLES = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN, Role.AUDITOR, Role.PENDAMPING})
VENDOR_ROLES = frozenset({Role.VENDOR_OWNER, Role.VENDOR_STAFF})
ADMIN_ROLES = frozenset({Role.OPD_ADMIN, Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN})
# The administrators of a pemda: they enrol OPDs, verify vendors and curate
# products in their region (the province admin in the whole province).
REGION_ADMIN_ROLES = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN})


def organisation_kind_for(role: str) -> str:
    """The kind of organisation an account of this role must belong to."""
    if role in OPD_ROLES:
        return OrganisationKind.OPD
    if role in VENDOR_ROLES:
        return OrganisationKind.VENDOR
    return OrganisationKind.PEMDA
