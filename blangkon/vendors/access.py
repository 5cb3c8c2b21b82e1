"""Who may see, edit and verify which vendor.

Built on blangkon.accounts.access (the organisation scopes), which leaves
vendors out of its manage scope for this module to decide:

- read: the vendor's own owner and staff, the pendamping who registered it,
  kab/kota admins and auditors for vendors domiciled in their kab/kota, the
  province admin and a provincial auditor for all, superusers for all;
- edit the registration (identity, business and bank details, its documents,
  the submission): the vendor's owner and the pendamping who registered it.
  Not the staff: the registration is the owner's own declaration, and a staff
  member who could change the bank account could redirect the payments (ADR
  0048). Staff read the registration with the owner's NIK and account number
  masked, and cannot open the KTP or the bank book;
- add or renew certificates (the papers of the products they list): owner,
  staff and the pendamping;
- verify (approve, request revision, reject, sanction): kab/kota admins for
  vendors domiciled in their kab/kota, province admins for all.

Outside the read scope a vendor is NotFound (404); inside it, a role that may
never do the action gets Forbidden (403).

Stored files (documents) of a vendor: the pendamping who registered it acts for
it (`organisations_acted_for`), and its verifiers read its documents and
product images (`verifies_file_owner`). VendorsConfig.ready() and
CatalogConfig.ready() register these with `documents.readers`.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from blangkon.accounts.access import readable_organisations
from blangkon.accounts.models import User
from blangkon.accounts.roles import REGION_ADMIN_ROLES, VENDOR_ROLES, Role
from blangkon.core.errors import Forbidden
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.vendors.models import Vendor

VERIFIER_ROLES = REGION_ADMIN_ROLES
OFFICIAL_READER_ROLES = REGION_ADMIN_ROLES | {Role.AUDITOR}


def readable_vendors(user: User) -> QuerySet[Vendor]:
    """Vendors whose full registration (identity, bank, documents) the user may read."""
    vendors = Vendor.objects.all()
    if not user.is_authenticated or not user.is_active:
        return vendors.none()
    if user.is_superuser:
        return vendors
    if user.role in VENDOR_ROLES and user.organisation_id is not None:
        return vendors.filter(organisation_id=user.organisation_id)
    if user.role == Role.PENDAMPING:
        return vendors.filter(registered_by=user)
    if user.role in OFFICIAL_READER_ROLES:
        return vendors.filter(organisation__in=readable_organisations(user))
    return vendors.none()


def editable_vendors(user: User) -> QuerySet[Vendor]:
    """Vendors whose registration data the user may fill in (status rules aside):
    the owner's own and those a pendamping registered."""
    return _vendors_kept_by(user, roles=frozenset({Role.VENDOR_OWNER}))


def certificate_keeping_vendors(user: User) -> QuerySet[Vendor]:
    """Vendors whose certificates the user may add or renew: the owner's and the
    staff's own, and those a pendamping registered."""
    return _vendors_kept_by(user, roles=VENDOR_ROLES)


def _vendors_kept_by(user: User, *, roles: frozenset[Role]) -> QuerySet[Vendor]:
    vendors = Vendor.objects.all()
    if not user.is_authenticated or not user.is_active:
        return vendors.none()
    condition = Q(registered_by=user)
    if user.role in roles and user.organisation_id is not None:
        condition |= Q(organisation_id=user.organisation_id)
    return vendors.filter(condition)


def registration_refusal() -> Forbidden:
    """What a reader who may not change the registration (the vendor's staff) is told."""
    return Forbidden(
        gettext(
            "Only the business owner changes the registration: identity, bank account "
            "and documents. Ask the owner to do it."
        )
    )


def reads_owner_identity(user: User) -> bool:
    """Whether a reader of a vendor's registration sees the owner's NIK and bank
    account number in full and opens the KTP and the bank book. Everyone who
    reads the registration does, except the vendor's staff (ADR 0048)."""
    return user.role != Role.VENDOR_STAFF


# The owner's personal papers among the registration's documents.
OWNER_IDENTITY_FILE_KINDS = frozenset({DocumentKind.KTP, DocumentKind.BANK_BOOK})


def member_reads_vendor_file(user: User, stored_file: StoredFile) -> bool:
    """`documents.readers`: a member of the vendor opens its documents, except
    the owner's KTP and bank book, which its staff do not."""
    return stored_file.kind not in OWNER_IDENTITY_FILE_KINDS or reads_owner_identity(user)


def can_verify(user: User) -> bool:
    """Whether the user's role verifies and sanctions vendors (scope aside)."""
    return user.is_authenticated and user.is_active and user.role in VERIFIER_ROLES


def vendor_verifiers(vendor: Vendor) -> QuerySet[User]:
    """The active users who verify this vendor: the kab/kota admins of its
    region and the province admins."""
    return User.objects.filter(
        Q(role=Role.KAB_KOTA_ADMIN, organisation__region_id=vendor.organisation.region_id)
        | Q(role=Role.PROVINCE_ADMIN),
        is_active=True,
    ).order_by("pk")


def can_record_training(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in VERIFIER_ROLES


def organisations_acted_for(user: User) -> list[int]:
    """The vendors' organisations a pendamping registered: they act on the
    vendor's behalf, so they read and upload its files."""
    if user.role != Role.PENDAMPING:
        return []
    return list(Vendor.objects.filter(registered_by=user).values_list("organisation_id", flat=True))


def verifies_file_owner(user: User, stored_file: StoredFile) -> bool:
    """A kab/kota or province admin whose read scope holds the file's owner:
    they verify the vendor and curate its products. Auditors are deliberately
    left out: identity documents are personal data."""
    return (
        can_verify(user) and readable_organisations(user).filter(pk=stored_file.owner_id).exists()
    )
