"""The one pagination of the API's lists: `limit` and `offset` with the
bounds every list shares (core.pagination); a value out of bounds is a 400
naming the field."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from blangkon.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET


class BoundedPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"Items per response, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
        )
        offset: int = Field(
            0,
            ge=0,
            le=MAX_OFFSET,
            description=(
                f"Items to skip, 0 to {MAX_OFFSET}. Further into a list, narrow it with a filter."
            ),
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
