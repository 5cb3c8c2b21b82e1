"""What a catalog search may ask for, checked once for the page and the API.

Bad values are a DomainError("invalid") with a message per field in the
user's language (the API answers 400, the page shows the message); nothing
that reaches SQL is taken from the request unchecked.
"""

from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blangkon.core.errors import DomainError
from blangkon.search.query import MAX_QUERY_CHARS
from blangkon.search.sql import PRICE_BOUNDS
from blangkon.vendors.models import UmkmScale, VendorKind

PAGE_SIZE = 20
MAX_PAGE = 100  # 2,000 results: past that, a filter helps more than paging
MAX_PRICE = 10**15

SORTS = {
    "relevance": gettext_lazy("Most relevant"),
    "price_asc": gettext_lazy("Lowest price"),
    "price_desc": gettext_lazy("Highest price"),
    "newest": gettext_lazy("Newest"),
    "rating": gettext_lazy("Best rated"),
    "sold": gettext_lazy("Most bought"),
}
SCALES = {s.value: s.label for s in UmkmScale} | {"unknown": gettext_lazy("Not stated")}
KINDS = {k.value: k.label for k in VendorKind}
FIELDS = (
    "q",
    "category",
    "kab_kota",
    "vendor_kind",
    "scale",
    "pdn",
    "trained",
    "price_min",
    "price_max",
    "sort",
    "page",
    "exact",
)


_DEFAULTS = (("sort", "relevance"), ("page", 1), ("exact", False))


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    category: str = ""  # a leaf or group slug
    kab_kota: str = ""  # the vendor's kab/kota, a region code
    vendor_kind: str = ""
    scale: str = ""
    pdn: bool | None = None
    trained: bool | None = None
    price_min: int | None = None
    price_max: int | None = None
    sort: str = "relevance"
    page: int = 1
    exact: bool = False  # search the words as typed: no spelling correction
    # Not asked for: the cells the filters leave when they hold few products
    # (search.narrowing), so that rows are read through them.
    within: tuple[int, ...] | None = None

    def with_(self, **changes: Any) -> "SearchParams":
        return replace(self, **changes)

    def as_query(self) -> dict[str, str]:
        """The non-default values, as strings for a URL."""
        out: dict[str, str] = {}
        for field in FIELDS:
            value = getattr(self, field)
            if value in (None, "") or (field, value) in _DEFAULTS:
                continue
            out[field] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out


def _int(value: str, field: str, errors: dict[str, str]) -> int | None:
    if value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        errors[field] = _("Enter a whole number.")
        return None
    if number < 0:
        errors[field] = _("Enter a number of zero or more.")
        return None
    if number > MAX_PRICE:
        errors[field] = _("That number is too large.")
        return None
    return number


def _flag(value: str, field: str, errors: dict[str, str]) -> bool | None:
    if value == "":
        return None
    if value in ("1", "true", "ya"):
        return True
    if value in ("0", "false", "tidak"):
        return False
    errors[field] = _("Use 1 (yes) or 0 (no).")
    return None


# The filters that must name something that exists, and what to say when one does not.
_UNKNOWN = {
    "category": gettext_lazy("Unknown category."),
    "kab_kota": gettext_lazy("Unknown kabupaten/kota."),
    "vendor_kind": gettext_lazy("Unknown vendor kind."),
    "scale": gettext_lazy("Unknown business scale."),
}


def _known(value: str, known: Container[str], field: str, errors: dict[str, str]) -> str:
    if value and value not in known:
        errors[field] = str(_UNKNOWN[field])
    return value


def _price_range(low: str, high: str, errors: dict[str, str]) -> tuple[int | None, int | None]:
    price_min = _int(low, "price_min", errors)
    price_max = _int(high, "price_max", errors)
    if price_min is not None and price_max is not None and price_min > price_max:
        errors["price_max"] = _("The highest price must not be below the lowest price.")
    return price_min, price_max


def _sort(value: str, errors: dict[str, str]) -> str:
    sort = value or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Unknown sort order. Use one of: %(sorts)s.") % {
            "sorts": ", ".join(SORTS)
        }
    return sort


def _page(value: str, errors: dict[str, str]) -> int:
    if not value:
        return 1
    try:
        page = int(value)
    except ValueError:
        errors["page"] = _("Enter a page number.")
        return 1
    if page < 1:
        errors["page"] = _("Pages start at 1.")
    elif page > MAX_PAGE:
        errors["page"] = _(
            "Only the first %(max)d pages can be opened; narrow the search with a filter."
        ) % {"max": MAX_PAGE}
    return page


def parse_search_params(
    data: Mapping[str, Any], *, categories: set[str], regions: set[str]
) -> SearchParams:
    """SearchParams from a query string; DomainError("invalid") listing every
    bad field. `categories` and `regions` are the slugs and kab/kota codes
    that exist."""

    def text(field: str) -> str:
        value = data.get(field)
        return str(value).strip() if value is not None else ""

    # Each check adds its field's message to `errors`, in the order of FIELDS.
    errors: dict[str, str] = {}
    q = text("q")[: MAX_QUERY_CHARS * 4]
    category = _known(text("category"), categories, "category", errors)
    kab_kota = _known(text("kab_kota"), regions, "kab_kota", errors)
    kind = _known(text("vendor_kind"), KINDS, "vendor_kind", errors)
    scale = _known(text("scale"), SCALES, "scale", errors)
    pdn = _flag(text("pdn"), "pdn", errors)
    trained = _flag(text("trained"), "trained", errors)
    price_min, price_max = _price_range(text("price_min"), text("price_max"), errors)
    sort = _sort(text("sort"), errors)
    page = _page(text("page"), errors)
    exact = _flag(text("exact"), "exact", errors)
    if errors:
        raise DomainError("invalid", _("Check the search filters."), errors)
    return SearchParams(
        q=q,
        category=category,
        kab_kota=kab_kota,
        vendor_kind=kind,
        scale=scale,
        pdn=pdn,
        trained=trained,
        price_min=price_min,
        price_max=price_max,
        sort=sort,
        page=page,
        exact=bool(exact),
    )


def price_buckets() -> list[tuple[int, int | None]]:
    """(lowest, highest) rupiah of each price bucket, inclusive; None = no top."""
    lows = (0, *PRICE_BOUNDS)
    highs: tuple[int | None, ...] = (*(b - 1 for b in PRICE_BOUNDS), None)
    return list(zip(lows, highs, strict=True))


def covering_buckets(price_min: int | None, price_max: int | None) -> list[int]:
    """The bucket numbers holding any price of the range."""
    low = price_min or 0
    return [
        i
        for i, (b_low, b_high) in enumerate(price_buckets())
        if (b_high is None or b_high >= low) and (price_max is None or b_low <= price_max)
    ]


def aligned_buckets(price_min: int | None, price_max: int | None) -> list[int] | None:
    """The bucket numbers a price range covers exactly, or None when the range
    cuts through a bucket (then counts come from the rows themselves)."""
    lows = [low for low, _ in price_buckets()]
    highs = [high for _, high in price_buckets()]
    if price_min not in (None, *lows) or price_max not in (None, *[h for h in highs if h]):
        return None
    low = price_min or 0
    return [
        i
        for i, (b_low, b_high) in enumerate(price_buckets())
        if b_low >= low and (price_max is None or (b_high is not None and b_high <= price_max))
    ]
