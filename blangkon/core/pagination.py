"""How much of a list one request may ask for: the same bounds for every
paginated page and API endpoint.

An offset is bounded because PostgreSQL reads and throws away every row
before it (and an offset of 2**63 or more does not fit its bigint at all).
Past MAX_OFFSET rows, a filter finds a row faster than paging does.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from blangkon.core.errors import InvalidRequest

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 10_000


def max_pages(per_page: int) -> int:
    """The pages of `per_page` rows that start at or before MAX_OFFSET."""
    return MAX_OFFSET // per_page + 1


class BoundedPaginator(Paginator):  # type: ignore[type-arg]
    """A Paginator that never offers a page past MAX_OFFSET, so no "next"
    link leads to a page the request would refuse. `count` stays the true
    total."""

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, max_pages(int(self.per_page)))


def _invalid_page(message: str) -> InvalidRequest:
    return InvalidRequest("invalid_page", message, {"page": message})


def page_number(value: str | None, *, per_page: int) -> int:
    """The page number a query asks for (1 when absent); InvalidRequest naming
    `page` when it is not a whole number from 1 to the last page allowed."""
    if value is None or value.strip() == "":
        return 1
    try:
        number = int(value)
    except ValueError:
        raise _invalid_page(_("Enter a page number.")) from None
    if number < 1:
        raise _invalid_page(_("Pages start at 1."))
    if number > max_pages(per_page):
        raise _invalid_page(
            _("Only the first %(max)d pages can be opened; narrow the list with a filter.")
            % {"max": max_pages(per_page)}
        )
    return number


def page_of(items: QuerySet | list, *, number: str | None, per_page: int) -> Page:  # type: ignore[type-arg]
    """The page of `items` a list page shows. A number past the last page of
    data shows the last page, as Django's get_page does."""
    return BoundedPaginator(items, per_page).get_page(page_number(number, per_page=per_page))
