"""THE visibility rule: a product is live (buyers and the public see it, search
finds it) when it is TAYANG and its vendor may sell (vendors.status.ACTIVE).

Written once here and rendered for each reader: a Django `Q` for the ORM
(catalog.product_selectors.live_products) and SQL conditions for the search
index (search.sql: search_fresh_documents and the triggers). A change here
changes the search SQL, so it needs a search migration (CONTRIBUTING.md,
Migrations); search's tests fail until it has one.

Pure: imports the status choices, no models.
"""

from django.db.models import Q

from blangkon.catalog.status import ProductStatus
from blangkon.vendors.status import ACTIVE

LIVE_PRODUCT_STATUS = ProductStatus.TAYANG
LIVE_VENDOR_STATUSES: frozenset[str] = ACTIVE


def live_q(prefix: str = "") -> Q:
    """Live products as a filter; `prefix` reaches the product from another
    model ("product__" from a product image)."""
    return Q(
        **{
            f"{prefix}status": LIVE_PRODUCT_STATUS,
            f"{prefix}vendor__status__in": LIVE_VENDOR_STATUSES,
        }
    )


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _column(alias: str, column: str) -> str:
    return f"{alias}.{column}" if alias else column


def product_status_sql(alias: str = "") -> str:
    """The product's half in SQL: "p.status = 'tayang'" for alias "p" (no
    alias: "status = 'tayang'"). Enough where the vendor's half is checked
    elsewhere (search's triggers choose what to refresh by it)."""
    return f"{_column(alias, 'status')} = {_literal(LIVE_PRODUCT_STATUS)}"


def vendor_status_sql(alias: str = "") -> str:
    """The vendor's half in SQL: "v.status = 'verified'" for alias "v"."""
    column = _column(alias, "status")
    values = sorted(LIVE_VENDOR_STATUSES)
    if len(values) == 1:
        return f"{column} = {_literal(values[0])}"
    return f"{column} IN ({', '.join(_literal(v) for v in values)})"


def live_sql(product: str, vendor: str) -> str:
    """The whole rule in SQL over a product table aliased `product` joined to
    its vendor aliased `vendor`."""
    return f"{product_status_sql(product)} AND {vendor_status_sql(vendor)}"
