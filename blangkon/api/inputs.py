"""The base of every schema the API reads from a request body or query."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError


def _holds_null_character(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_null_character(k) or _holds_null_character(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_null_character(item) for item in value)
    return False


class InputSchema(Schema):
    """Text anywhere in the input (lists and mappings included) may not hold
    a NUL character: no field takes one, and PostgreSQL cannot store or
    compare text holding one, so it would end as a 500. Django's form fields
    refuse it on the pages the same way."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_null_character(cls, value: Any) -> Any:
        if _holds_null_character(value):
            raise PydanticCustomError(
                "null_character", _("The text contains a NUL character, which is not accepted.")
            )
        return value
