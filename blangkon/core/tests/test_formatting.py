import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from blangkon.core.money import format_rupiah


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (11_100_000, "Rp11.100.000"),
        (0, "Rp0"),
        (999, "Rp999"),
        (1_000, "Rp1.000"),
        (50_000_000, "Rp50.000.000"),
        (-5_000, "-Rp5.000"),
        (Decimal("1250.5"), "Rp1.250,50"),
        (Decimal("15000000000"), "Rp15.000.000.000"),
    ],
)
def test_rupiah_is_written_the_indonesian_way(amount: int | Decimal, expected: str) -> None:
    assert format_rupiah(amount) == expected


def test_rupiah_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_rupiah(1.5)  # type: ignore[arg-type]


def test_the_rupiah_filter_is_available_in_every_template() -> None:
    assert Template("{{ x|rupiah }}").render(Context({"x": 11_100_000})) == "Rp11.100.000"


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "24 Januari 2022"), ("en", "24 January 2022")]
)
def test_dates_are_written_in_words(language: str, expected: str) -> None:
    with translation.override(language):
        rendered = Template("{{ d|date }}").render(Context({"d": datetime.date(2022, 1, 24)}))
    assert rendered == expected
