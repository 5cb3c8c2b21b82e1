"""Rupiah: integers (or Decimal where a tax computation needs a fraction), never float."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def format_rupiah(amount: int | Decimal | None) -> str:
    """Write an amount the Indonesian way: Rp11.100.000, -Rp5.000, Rp1.250,50.

    Whole rupiah print without decimals; a Decimal with sen keeps two decimals
    after a comma. Floats are refused: they cannot hold money exactly.
    """
    if amount is None:
        return ""
    if isinstance(amount, (float, bool)):
        raise TypeError("Money must be int or Decimal, not float.")
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, sen = divmod(value, 1)
    grouped = f"{int(whole):,}".replace(",", ".")
    if sen:
        return f"{sign}Rp{grouped},{int(sen * 100):02d}"
    return f"{sign}Rp{grouped}"


def format_number(number: int) -> str:
    """A whole number with Indonesian thousands dots: 10.000."""
    return f"{number:,}".replace(",", ".")


class RupiahParseError(ValueError):
    """A price that is not a whole number of rupiah; the message says how to write it."""


MAX_PRICE_TEXT_LENGTH = 40
# "Rp 45.000", "Rp45.000", "Rp. 45.000", "IDR 45000", "45 000", "45.000,00",
# "45.000,-": whole rupiah, thousands grouped the Indonesian way or not at all,
# and a ",00" or ",-" tail that says "no sen".
_WHOLE_RUPIAH = re.compile(
    r"(?:rp\.?|idr)?\s*(?P<digits>\d{1,3}(?:[.\s]\d{3})+|\d+)(?:,0{1,2}|,-{1,2})?",
    re.IGNORECASE,
)
# "45,5", "1.500,50", "45.5", "1500.25": sen, which a price in whole rupiah cannot hold.
_WITH_SEN = re.compile(r"(?:rp\.?|idr)?\s*[\d.\s]*\d[.,]\d{1,2}", re.IGNORECASE)
# "45,000" or "1,500,000": a comma grouping thousands the English way, or three
# decimals the Indonesian way; either reading is a guess.
_COMMA_GROUPED = re.compile(r"(?:rp\.?|idr)?\s*\d{1,3}(?:,\d{3})+", re.IGNORECASE)


def parse_rupiah(value: object) -> int:
    """A price as a person typed it (the product form) or a spreadsheet cell
    holds it (the bulk upload) to whole rupiah.

    Accepted: 45000 (also 45000.0 from a numeric cell), "45000", "45.000",
    "45 000", "Rp 45.000", "Rp45.000", "Rp. 45.000", "45.000,00", "45.000,-".
    Refused with a message that says how to write it: sen ("45,5", "1.500,50"),
    a comma between thousands ("45,000", ambiguous), negative amounts, text.
    Zero is returned: whether a price may be zero is the product rules' call.
    """
    if isinstance(value, bool):
        raise RupiahParseError(_not_a_price())
    if isinstance(value, int | float | Decimal):
        return _from_number(value)
    text = " ".join(str(value or "").replace("\u00a0", " ").replace("\u202f", " ").split())
    if len(text) > MAX_PRICE_TEXT_LENGTH:
        raise RupiahParseError(_not_a_price())
    if text.startswith("-"):
        raise RupiahParseError(_not_positive())
    match = _WHOLE_RUPIAH.fullmatch(text)
    if match is not None:
        return int(re.sub(r"[.\s]", "", match.group("digits")))
    if _COMMA_GROUPED.fullmatch(text):
        raise RupiahParseError(
            _("Write thousands with a dot, not a comma: 45.000 or 45000, not 45,000.")
        )
    if _WITH_SEN.fullmatch(text):
        raise RupiahParseError(_with_sen())
    raise RupiahParseError(_not_a_price())


def _from_number(value: int | float | Decimal) -> int:
    """A number cell: 45000 or 45000.0 (spreadsheets store numbers as floats)."""
    if not isinstance(value, int):
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if not finite:
            raise RupiahParseError(_not_a_price())
        if value != int(value):
            raise RupiahParseError(_with_sen())
    return _not_negative(int(value))


def _not_negative(amount: int) -> int:
    if amount < 0:
        raise RupiahParseError(_not_positive())
    return amount


def _not_a_price() -> str:
    return _("Enter the price in whole rupiah, e.g. Rp 45.000, 45.000 or 45000.")


def _with_sen() -> str:
    return _("A price is in whole rupiah, without sen: write 45.000, not 45,5 or 45.000,50.")


def _not_positive() -> str:
    return _("The price must be more than Rp0 (whole rupiah, tax included).")
