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

from django.db import transaction
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
        IdempotencyKey.objects.bulk_create(
            [IdempotencyKey(user=user, key=key, action=action, status=0)], ignore_conflicts=True
        )
        row = IdempotencyKey.objects.select_for_update().get(user=user, key=key)
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
