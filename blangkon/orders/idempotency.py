"""`Idempotency-Key`: a state-changing request sent again with the same key by
the same user gets the first answer, and nothing is done twice.

The edges (pages, API) call `once()` with the header's value and a function
that calls the service and returns the JSON answer. The key row is inserted
first (a concurrent request with the same key waits on it), and the answer is
stored in the same transaction as the service's writes: a refusal rolls both
back, so the key can be used again once the problem is fixed.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100


def key_of(request: HttpRequest) -> str:
    """The request's Idempotency-Key header ("" when it sent none)."""
    return request.headers.get(HEADER, "").strip()


def once(
    *,
    user: User,
    key: str,
    action: str,
    run: Callable[[], Mapping[str, Any]],
    status: int = 200,
) -> tuple[int, dict[str, Any]]:
    """(status, answer) of `run()`, or of its first run under `key` for `user`.

    No key: `run()` is simply called. A key used before for another action:
    DomainError("idempotency_key_reused")."""
    key = key.strip()
    if not key:
        return status, dict(run())
    if len(key) > MAX_KEY_LENGTH:
        message = _("The Idempotency-Key is too long (at most 100 characters).")
        raise DomainError("invalid", message, {HEADER: message})
    with transaction.atomic():
        row = _claim(user, key, action)
        if row.status:
            if row.action != action:
                raise DomainError(
                    "idempotency_key_reused",
                    _("This Idempotency-Key was already used for another request."),
                )
            return row.status, dict(row.response)
        answer = dict(run())
        row.status, row.response = status, answer
        row.save(update_fields=["status", "response"])
        return status, answer


def _claim(user: User, key: str, action: str) -> IdempotencyKey:
    """The key's row, locked: a new one (status 0) inserted by this request,
    or the existing one, waited for while another request holds it. One
    statement for a new key, the common case (RETURNING says whether the
    INSERT made the row; the ORM's ignore_conflicts cannot)."""
    table = IdempotencyKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, key, action, status, response, created_at)"  # noqa: S608 (the model's own table)
            " VALUES (%s, %s, %s, 0, '{}', now())"
            " ON CONFLICT (user_id, key) DO NOTHING RETURNING id",
            [user.pk, key, action],
        )
        inserted = cursor.fetchone()
    if inserted:
        return IdempotencyKey(id=inserted[0], user=user, key=key, action=action, status=0)
    return IdempotencyKey.objects.select_for_update().get(user=user, key=key)
