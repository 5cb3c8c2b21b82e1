"""Template filters available in every template (registered as builtins)."""

from decimal import Decimal

from django import template

from blangkon.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount: int | Decimal | None) -> str:
    return format_rupiah(amount)
