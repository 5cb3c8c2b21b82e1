"""Who may read and upload which stored file: the one place these rules live.

Readers of a file:
- members of the organisation that owns it (every kind);
- the pendamping recorded as `Vendor.registered_by` of the owning vendor (every
  kind: they act on the vendor's behalf);
- for vendor documents (KTP, NPWP, NIB, akta, bank book, certificates) and
  product images: the kab/kota and province admins whose read scope
  (`accounts.access.readable_organisations`) includes the owner, i.e. those who
  verify the vendor and curate its products;
- everyone, anonymous visitors included, for a reviewed product image of a
  TAYANG product of a VERIFIED vendor (a photo added to a live product is
  private until a curator approves it).
Auditors are deliberately left out: identity documents are personal data.
Anyone else is told the file does not exist (NotFound, 404).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from blangkon.accounts.access import readable_organisations
from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.catalog.models import ProductImage
from blangkon.catalog.status import ProductStatus
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.validation import VENDOR_DOCUMENT_KINDS
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus

VERIFIER_ROLES = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN})
# Kinds the verifying officials may read (vendor documents and product images).
OFFICIAL_KINDS = VENDOR_DOCUMENT_KINDS | {DocumentKind.PRODUCT_IMAGE}


def is_public_file(stored_file: StoredFile) -> bool:
    """A product image (or its thumbnail) of a live product of a verified vendor."""
    if stored_file.kind != DocumentKind.PRODUCT_IMAGE:
        return False
    return ProductImage.objects.filter(
        Q(file_id=stored_file.pk) | Q(thumbnail_id=stored_file.pk),
        product__status=ProductStatus.TAYANG,
        product__vendor__status=VendorStatus.VERIFIED,
        awaiting_review=False,
    ).exists()


def _is_registering_pendamping(user: User, owner_id: int) -> bool:
    return (
        user.role == Role.PENDAMPING
        and Vendor.objects.filter(organisation_id=owner_id, registered_by=user).exists()
    )


def _is_verifying_official(user: User, owner_id: int) -> bool:
    return user.role in VERIFIER_ROLES and readable_organisations(user).filter(pk=owner_id).exists()


def can_read_file(user: User | AnonymousUser, stored_file: StoredFile) -> bool:
    # Public first: an anonymous request for a public image touches no session.
    if is_public_file(stored_file):
        return True
    if not isinstance(user, User) or not user.is_active:
        return False
    owner_id = stored_file.owner_id
    if user.organisation_id is not None and user.organisation_id == owner_id:
        return True
    if _is_registering_pendamping(user, owner_id):
        return True
    return stored_file.kind in OFFICIAL_KINDS and _is_verifying_official(user, owner_id)


def can_upload_for(actor: User, owner: Organisation) -> bool:
    """Members upload for their own organisation; a pendamping registers for a vendor.

    Deliberately simple; the vendors app narrows a pendamping to the vendors they
    registered before calling the upload service.
    """
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.organisation_id == owner.pk or actor.role == Role.PENDAMPING


def upload_owners(user: User) -> list[int]:
    """Organisation ids the user may pick as the owner of an upload (API)."""
    if not user.is_authenticated or not user.is_active:
        return []
    owners = [user.organisation_id] if user.organisation_id is not None else []
    if user.role == Role.PENDAMPING:
        owners += list(
            Vendor.objects.filter(registered_by=user).values_list("organisation_id", flat=True)
        )
    return owners
