"""Who may read and upload which stored file: the one place these rules live.

Readers of a file:
- members of the organisation that owns it (every kind; for a vendor's KTP and
  bank book, its owner but not its staff, as vendors/access.py registers);
- users acting for the owner (every kind), as the owner apps register them in
  `documents.readers`: today the pendamping recorded as `Vendor.registered_by`;
- whoever the app that owns the file's kind lets read it (`documents.readers`):
  for vendor documents and product images, the kab/kota and province admins
  who verify the vendor and curate its products (vendors/access.py); for a
  product image of a live product, everyone (catalog/product_selectors.py).
Anyone else is told the file does not exist (NotFound, 404).

`documents` does not know vendors or products: it sits below them
(docs/architecture.md), so it asks the registry.
"""

from django.contrib.auth.models import AnonymousUser

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.documents.models import StoredFile
from blangkon.documents.readers import acting_for, kind_readers


def is_public_file(stored_file: StoredFile) -> bool:
    """A file anyone may read (a product image of a live product)."""
    return kind_readers(stored_file.kind).is_public(stored_file)


def can_read_file(user: User | AnonymousUser, stored_file: StoredFile) -> bool:
    # Public first: an anonymous request for a public image touches no session.
    if is_public_file(stored_file):
        return True
    if not isinstance(user, User) or not user.is_active:
        return False
    owner_id = stored_file.owner_id
    readers = kind_readers(stored_file.kind)
    if user.organisation_id is not None and user.organisation_id == owner_id:
        return readers.member_may_read(user, stored_file)
    if owner_id in acting_for(user):
        return True
    return readers.may_read(user, stored_file)


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
    return owners + sorted(acting_for(user) - set(owners))
