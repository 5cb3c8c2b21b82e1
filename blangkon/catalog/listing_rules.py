"""The rules of a product listing that the form checks before the service does.

Pure functions over plain values, shared by the product form (so one submit
reports every problem at once) and services.validate_product_input (the final
guard for the form, the API and the bulk import).
"""

from django.utils.translation import gettext as _

from blangkon.catalog.specs import required_spec_keys

MAX_STOCK = 2_147_483_647  # PositiveIntegerField
MAX_LEAD_TIME_DAYS = 365


def _whole_number_between(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def missing_spec_keys(category_slug: str, specs: dict[str, str]) -> list[str]:
    """The category's required specification keys that `specs` leaves empty."""
    return [key for key in required_spec_keys(category_slug) if not specs.get(key)]


def stock_problems(
    *, made_to_order: object, stock: object, lead_time_days: object
) -> dict[str, str]:
    """Stock or lead time: a product in stock says how many, a made-to-order
    one says how many days it takes. Field name -> message."""
    problems: dict[str, str] = {}
    if not isinstance(made_to_order, bool):
        return {"made_to_order": _("Say whether the product is made to order.")}
    if made_to_order:
        if stock is not None:
            problems["stock"] = _("A made-to-order product has no stock: leave stock empty.")
        if lead_time_days is None:
            problems["lead_time_days"] = _(
                "Fill in how many days you need to make the product, e.g. 7."
            )
    elif stock is None:
        problems["stock"] = _(
            "Fill in the stock you have (0 or more), or mark the product as made to order."
        )
    if stock is not None and not _whole_number_between(stock, 0, MAX_STOCK):
        problems["stock"] = _("Stock is a whole number, 0 or more.")
    if lead_time_days is not None and not _whole_number_between(
        lead_time_days, 1, MAX_LEAD_TIME_DAYS
    ):
        problems["lead_time_days"] = _("Lead time is a whole number of days from 1 to %(max)d.") % {
            "max": MAX_LEAD_TIME_DAYS
        }
    return problems
