"""Rupiah: integers (or Decimal where a tax computation needs a fraction), never float."""

from decimal import ROUND_HALF_UP, Decimal


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
