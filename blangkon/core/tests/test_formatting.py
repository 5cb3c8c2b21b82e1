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


DATE = datetime.date(2026, 12, 4)
MOMENT = datetime.datetime(2026, 12, 4, 20, 55, tzinfo=datetime.UTC) - datetime.timedelta(hours=7)


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [("id", "4 Des 2026", "4 Des 2026 20.55"), ("en", "4 Dec 2026", "4 Dec 2026 20:55")],
)
def test_every_named_format_writes_a_date_one_way(language: str, date: str, moment: str) -> None:
    """The default, the DATE/SHORT_DATE names and a bare datetime all give one style,
    so no page shows "04/12/2026" beside "4 Desember 2026"."""
    dates = "{{ d|date }}|{{ d|date:'DATE_FORMAT' }}|{{ d|date:'SHORT_DATE_FORMAT' }}"
    moments = "{{ t }}|{{ t|date:'DATETIME_FORMAT' }}|{{ t|date:'SHORT_DATETIME_FORMAT' }}"
    with translation.override(language):
        context = Context({"d": DATE, "t": MOMENT})
        assert Template(dates).render(context) == "|".join([date] * 3)
        # 13.55 UTC is 20.55 in Jakarta (TIME_ZONE).
        assert Template(moments).render(context) == "|".join([moment] * 3)
