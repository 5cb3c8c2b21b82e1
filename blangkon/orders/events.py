"""What happens to orders that other apps react to.

The orders app announces; it does not know who listens. The public statistics
(`transparency`, above it) keep their running totals from it
(transparency/receivers.py). Receivers run synchronously, inside the
transaction of the move, so their writes commit or roll back with it.
"""

from django.dispatch import Signal

# Sent with order=Order (as saved by the move) and target=str, the status, by
# orders.transitions.order_transition after every move.
order_moved = Signal()
