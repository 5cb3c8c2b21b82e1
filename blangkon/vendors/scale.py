"""UMKM scale by PP 7/2021 (Pasal 35-36), computed from what the vendor declares."""

from blangkon.vendors.models import UmkmScale

JUTA = 1_000_000
MILIAR = 1_000 * JUTA

# Upper bounds, inclusive, in whole rupiah. Capital excludes land and buildings.
CAPITAL_LIMITS: list[tuple[int, str]] = [
    (1 * MILIAR, UmkmScale.MIKRO),
    (5 * MILIAR, UmkmScale.KECIL),
    (10 * MILIAR, UmkmScale.MENENGAH),
]
ANNUAL_SALES_LIMITS: list[tuple[int, str]] = [
    (2 * MILIAR, UmkmScale.MIKRO),
    (15 * MILIAR, UmkmScale.KECIL),
    (50 * MILIAR, UmkmScale.MENENGAH),
]


def _classify(amount: int, limits: list[tuple[int, str]]) -> str:
    for upper, scale in limits:
        if amount <= upper:
            return scale
    return UmkmScale.BESAR


def umkm_scale(*, capital: int | None, annual_sales: int | None) -> str:
    """mikro, kecil, menengah or besar; "" when neither amount is declared.

    Capital is the primary measure (PP 7/2021 Pasal 35 ayat 3); annual sales
    decide only for a business that declares no capital (ayat 5).
    """
    if capital is not None:
        return _classify(capital, CAPITAL_LIMITS)
    if annual_sales is not None:
        return _classify(annual_sales, ANNUAL_SALES_LIMITS)
    return ""
