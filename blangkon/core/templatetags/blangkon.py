"""Template filters available in every template (registered as builtins)."""

from decimal import Decimal

from django import template

from blangkon.core.masking import masked as mask_value
from blangkon.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount: int | Decimal | None) -> str:
    return format_rupiah(amount)


@register.filter
def masked(value: str | None) -> str:
    """A personal number with its last four characters only ("•••• 4321")."""
    return mask_value(value or "")
