"""What happens to vendors that other apps react to.

The vendors app announces; it does not know who listens. The catalog, above
it, takes down the products that depend on an expired certificate and sends
them back to curation after a renewal (catalog/receivers.py). Receivers run
synchronously, inside the sender's transaction, so the reaction commits or
rolls back with the change; each returns how many of the vendor's listings it
moved (an int), which the sender reports to the vendor.
"""

from collections.abc import Sequence

from django.dispatch import Signal

# Sent with vendor=Vendor, certificate_kind=str, actor=User | None.
certificate_expired = Signal()
certificate_renewed = Signal()


def listings_moved(responses: Sequence[tuple[object, object]]) -> int:
    """The total the receivers of an event report."""
    return sum(count for _receiver, count in responses if isinstance(count, int))
