"""Who else may read a stored file: answered by the app that owns the file's kind.

`documents` sits below `vendors` and `catalog`, so it cannot look at a vendor or
a product to decide. Each owner app registers its kinds here in its
AppConfig.ready(); `documents.access` asks this registry and knows only the
rule common to every kind (members of the owning organisation read its files).

- `register_kind(kind, may_read=..., is_public=..., member_may_read=...)`: the
  readers of one kind besides the owner's members, and which of those members
  read it (all of them unless the app says otherwise: a vendor's staff do not
  open its owner's KTP). A kind nobody registered is readable by the owner's
  members only.
- `register_acting_for(source)`: organisations a user acts for besides their
  own (a pendamping for the vendors they registered). Such a user reads that
  organisation's files of every kind and may upload for it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from blangkon.accounts.models import User
from blangkon.documents.models import StoredFile

ReaderCheck = Callable[[User, StoredFile], bool]
PublicCheck = Callable[[StoredFile], bool]
ActingFor = Callable[[User], Iterable[int]]


def _no_one(*_args: object) -> bool:
    return False


def _every_member(*_args: object) -> bool:
    return True


@dataclass(frozen=True)
class KindReaders:
    # An active user who is not a member of the owning organisation.
    may_read: ReaderCheck = _no_one
    # Anyone, anonymous visitors included.
    is_public: PublicCheck = _no_one
    # Which members of the owning organisation read it.
    member_may_read: ReaderCheck = _every_member


_kinds: dict[str, KindReaders] = {}
_acting_for: list[ActingFor] = []


def register_kind(
    kind: str,
    *,
    may_read: ReaderCheck = _no_one,
    is_public: PublicCheck = _no_one,
    member_may_read: ReaderCheck = _every_member,
) -> None:
    """Record the readers of `kind`. Registering the same rules again is harmless;
    different rules for a kind already registered are a configuration error."""
    readers = KindReaders(may_read=may_read, is_public=is_public, member_may_read=member_may_read)
    if _kinds.setdefault(kind, readers) != readers:
        raise ImproperlyConfigured(f"Readers of stored files of kind {kind!r} registered twice.")


def register_acting_for(source: ActingFor) -> None:
    if source not in _acting_for:
        _acting_for.append(source)


def kind_readers(kind: str) -> KindReaders:
    return _kinds.get(kind, KindReaders())


def registered_kinds() -> frozenset[str]:
    return frozenset(_kinds)


def acting_for(user: User) -> set[int]:
    """Organisation ids the user acts for besides their own."""
    return {organisation_id for source in _acting_for for organisation_id in source(user)}
