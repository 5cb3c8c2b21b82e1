"""Reads of stored files, always through the reader's rights (documents/access.py)."""

import uuid

from django.contrib.auth.models import AnonymousUser

from blangkon.accounts.models import Organisation, User
from blangkon.core.errors import NotFound
from blangkon.documents.access import can_read_file, is_public_file, upload_owners
from blangkon.documents.models import StoredFile


def stored_file_get_for_user(*, user: User | AnonymousUser, file_id: uuid.UUID | str) -> StoredFile:
    """A file the user may read.

    Raises NotFound when the file does not exist *or* the user may not read it,
    so file ids cannot be probed.
    """
    try:
        key = file_id if isinstance(file_id, uuid.UUID) else uuid.UUID(str(file_id))
    except ValueError:
        raise NotFound from None
    stored_file = StoredFile.objects.select_related("owner").filter(pk=key).first()
    if stored_file is None or not can_read_file(user, stored_file):
        raise NotFound
    return stored_file


def stored_file_is_public(*, stored_file: StoredFile) -> bool:
    """True for a product image anyone may see (decides caching, not access)."""
    return is_public_file(stored_file)


def upload_owner_get(*, user: User, organisation_id: int | None) -> Organisation:
    """The organisation an upload will belong to: the user's own (the default) or,
    for a pendamping, a vendor they registered. Anything else is NotFound."""
    if organisation_id is None:
        organisation_id = user.organisation_id
    if organisation_id is None or organisation_id not in upload_owners(user):
        raise NotFound
    return Organisation.objects.get(pk=organisation_id)
