"""The bounds every list shares (core.pagination): a page number must be a
whole number from 1 to the last page that starts at or before MAX_OFFSET."""

import pytest

from blangkon.core.errors import InvalidRequest
from blangkon.core.pagination import MAX_OFFSET, BoundedPaginator, page_number, page_of


@pytest.mark.parametrize("value", [None, "", " ", "1"])
def test_no_page_number_is_the_first_page(value: str | None) -> None:
    assert page_number(value, per_page=50) == 1


@pytest.mark.parametrize("value", ["dua", "1.5", "0", "-3", "202", str(2**63), "9" * 5000])
def test_a_page_number_out_of_bounds_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        page_number(value, per_page=50)
    assert refused.value.status == 400
    assert list(refused.value.fields) == ["page"]


def test_the_last_page_allowed_starts_at_the_offset_bound() -> None:
    assert (page_number("201", per_page=50) - 1) * 50 == MAX_OFFSET


def test_a_long_list_offers_no_page_past_the_bound() -> None:
    paginator = BoundedPaginator(list(range(50_000)), 50)
    assert (paginator.count, paginator.num_pages) == (50_000, 201)
    last = paginator.get_page(201)
    assert not last.has_next()
    assert last.start_index() == MAX_OFFSET + 1


def test_a_number_past_the_data_shows_the_last_page() -> None:
    page = page_of(list(range(120)), number="200", per_page=50)
    assert (page.number, list(page)[-1]) == (3, 119)
