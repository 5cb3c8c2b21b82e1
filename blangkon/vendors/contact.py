"""Indonesian phone numbers and postal codes: pure checks shared by the
registration forms (which say what is wrong at once) and the registration
services (the final guard, also for the API)."""

import re

from django.utils.translation import gettext_lazy as _

# A number in the national form: 0 then 9 to 12 digits (10 to 13 in all),
# which covers mobile numbers (08xx) and landlines with their area code.
PHONE_DIGITS = (10, 13)
PHONE_MESSAGE = _(
    "Enter an Indonesian phone number starting with 08, +62 or 62, 10 to 13 digits, "
    "e.g. 081234567890."
)
POSTAL_CODE_MESSAGE = _("A postal code has exactly 5 digits, e.g. 51215.")

_SEPARATORS = re.compile(r"[\s\-().]")
_COUNTRY_PREFIXES = ("+62", "62")


def normalise_phone(text: str) -> str | None:
    """'0812-3456-7890', '+62 812 3456 7890' or '6281234567890' -> '081234567890',
    the one stored form; None when it is not an Indonesian number."""
    compact = _SEPARATORS.sub("", text)
    for prefix in _COUNTRY_PREFIXES:
        if compact.startswith(prefix):
            compact = "0" + compact.removeprefix(prefix)
            break
    low, high = PHONE_DIGITS
    if not (compact.isascii() and compact.isdigit() and low <= len(compact) <= high):
        return None
    if not compact.startswith("0") or compact.startswith("00"):
        return None
    return compact


def is_postal_code(text: str) -> bool:
    return len(text) == 5 and text.isascii() and text.isdigit()
