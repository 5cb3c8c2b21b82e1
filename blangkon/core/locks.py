"""PostgreSQL session-level advisory locks, as a "someone is working on this"
flag that cannot outlive its holder.

A session lock belongs to the database connection, not to a transaction: it
stays through any number of commits and PostgreSQL drops it the moment the
connection ends, however the process ended (an exception, SIGKILL, a machine
that lost power: the server notices the closed socket). So "the lock is free"
means "nobody alive holds it", which no status column can say.

The connection must be a direct one (or a session-pooled one): behind a
transaction-pooling pgbouncer, consecutive statements may run on different
server sessions and the lock is taken on one and released on another (ADR 0017).

A lock is named by text plus an integer key, as `(hashtext(name), key)`, so
`pg_locks` shows the key in `objid`.

`transaction_locks` takes the other kind, held until the transaction ends:
for a read-then-write that must not interleave with another request's
(counting sign-in failures before checking a password, ADR 0019).
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection
from django.db.transaction import TransactionManagementError

# The two-integer form of the advisory lock functions takes int4 keys.
_MAX_KEY = 2**31 - 1


@contextmanager
def session_lock(name: str, key: int) -> Iterator[bool]:
    """Try to take the lock `(name, key)` without waiting; yield whether it was
    taken, and release it on leaving the block if it was.

    `with session_lock(...) as taken: pass` is a probe: it tells whether any
    other session holds the lock right now.
    """
    assert 0 <= key <= _MAX_KEY, f"advisory lock key out of range: {key}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s), %s)", [name, key])
        taken = bool(cursor.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            _unlock(name, key)


def _unlock(name: str, key: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s), %s)", [name, key])
    except DatabaseError:
        # The connection broke, and the lock went with it; the error that
        # broke it is the one worth raising, not this one.
        pass


def transaction_locks(name: str, keys: Iterable[str]) -> None:
    """Wait for the transaction-scoped advisory locks `(name, key)` of every
    key; PostgreSQL releases them when the transaction ends.

    Keys are text (a username, an address), mapped to int4 by a stable hash; a
    collision only makes two keys wait for each other. They are taken in one
    order, so two transactions sharing keys cannot deadlock.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("transaction_locks() needs a transaction.")
    with connection.cursor() as cursor:
        for key in sorted({_text_key(key) for key in keys}):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", [name, key])


def _text_key(text: str) -> int:
    digest = hashlib.blake2b(text.encode(), digest_size=4).digest()
    return int.from_bytes(digest) & _MAX_KEY
