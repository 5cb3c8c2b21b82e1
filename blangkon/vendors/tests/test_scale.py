"""UMKM scale by PP 7/2021 at the boundaries."""

import pytest

from blangkon.vendors.scale import MILIAR, umkm_scale


@pytest.mark.parametrize(
    ("capital", "scale"),
    [
        (0, "mikro"),
        (1 * MILIAR, "mikro"),
        (1 * MILIAR + 1, "kecil"),
        (5 * MILIAR, "kecil"),
        (5 * MILIAR + 1, "menengah"),
        (10 * MILIAR, "menengah"),
        (10 * MILIAR + 1, "besar"),
    ],
)
def test_capital_sets_the_scale(capital: int, scale: str) -> None:
    assert umkm_scale(capital=capital, annual_sales=None) == scale


@pytest.mark.parametrize(
    ("sales", "scale"),
    [
        (2 * MILIAR, "mikro"),
        (2 * MILIAR + 1, "kecil"),
        (15 * MILIAR, "kecil"),
        (15 * MILIAR + 1, "menengah"),
        (50 * MILIAR, "menengah"),
        (50 * MILIAR + 1, "besar"),
    ],
)
def test_annual_sales_set_the_scale_when_no_capital_is_declared(sales: int, scale: str) -> None:
    assert umkm_scale(capital=None, annual_sales=sales) == scale


def test_capital_is_the_primary_measure() -> None:
    assert umkm_scale(capital=500_000_000, annual_sales=40 * MILIAR) == "mikro"


def test_no_declaration_gives_no_scale() -> None:
    assert umkm_scale(capital=None, annual_sales=None) == ""
