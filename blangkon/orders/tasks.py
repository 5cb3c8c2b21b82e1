"""Background tasks of orders (Django's tasks framework, ADR 0010)."""

from django.tasks import task

from blangkon.orders.negotiation_services import negotiations_expire_overdue
from blangkon.orders.order_services import orders_time_out_overdue


@task()
def orders_time_out_task() -> int:
    """Cancel the orders nobody answered in time (working days). Idempotent:
    each move expects the order still waiting, so a second run moves none."""
    return orders_time_out_overdue()


@task()
def negotiations_expire_task() -> int:
    """End the negotiations nobody answered within their working days.
    Idempotent: each expiry expects the negotiation still open and past its
    deadline, so a second run ends none."""
    return negotiations_expire_overdue()
