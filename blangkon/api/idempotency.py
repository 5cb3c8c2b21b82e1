"""The `Idempotency-Key` header of the API's state-changing POSTs, and the
one way an endpoint answers under it (orders/idempotency.py: the same key
from the same user gets the first answer; a refusal does not use it up)."""

from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Header, Schema, Status

from blangkon.accounts.models import User
from blangkon.core.errors import NotFound
from blangkon.orders.idempotency import HEADER, MAX_KEY_LENGTH, once

# The ids PostgreSQL's bigint holds: an id beyond them names no object.
BIGINT = range(-(2**63), 2**63)

IdempotencyKey = Annotated[
    str,
    Header(
        alias=HEADER,
        max_length=MAX_KEY_LENGTH,
        description="Any unique string (a UUID): a request sent again with the same key gets "
        "the first answer, and nothing is done twice. A refused request does not use it up.",
    ),
]


def keyed_action(name: str, object_id: int) -> str:
    """What a key is used for: the action and its object ("submit:42"; the
    longest, "resolve-dispute:" and a bigint, fits the key's 40 characters).
    An id beyond the bigint names no object: 404, as the lookup would answer
    (its action would not fit the key's row: a 500 once)."""
    if object_id not in BIGINT:
        raise NotFound
    return f"{name}:{object_id}"


def answered_once[Out: Schema](
    request: HttpRequest,
    *,
    key: str,
    action: str,
    run: Callable[[User], Out],
    out: type[Out],
    status: int = 200,
) -> Status[Out]:
    """`run(user)`'s answer, or the first answer given under `key` to this user."""
    user = request.user
    assert isinstance(user, User)

    fresh: list[Out] = []

    def answer() -> dict[str, Any]:
        fresh.append(run(user))
        return fresh[0].model_dump(mode="json")

    status, body = once(user=user, key=key, action=action, run=answer, status=status)
    # A first answer as computed; a replay as stored (validated again).
    return Status(status, fresh[0] if fresh else out.model_validate(body))
