"""The registry through which the owner apps tell documents who may read a file."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from blangkon.documents import readers
from blangkon.documents.models import DocumentKind


def test_every_kind_is_registered_by_the_app_that_owns_it() -> None:
    # An unregistered kind would fall back to "members only", silently.
    assert readers.registered_kinds() == set(DocumentKind.values)


def test_registering_the_same_rules_again_is_harmless_but_other_rules_are_refused() -> None:
    current = readers.kind_readers(DocumentKind.KTP)
    readers.register_kind(
        DocumentKind.KTP, may_read=current.may_read, member_may_read=current.member_may_read
    )
    with pytest.raises(ImproperlyConfigured):
        readers.register_kind(
            DocumentKind.KTP,
            may_read=lambda user, stored_file: True,
            member_may_read=current.member_may_read,
        )
    with pytest.raises(ImproperlyConfigured):
        readers.register_kind(DocumentKind.KTP, may_read=current.may_read)  # every member
    assert readers.kind_readers(DocumentKind.KTP) == current
