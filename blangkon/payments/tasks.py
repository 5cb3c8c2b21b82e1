"""Background tasks of payments (Django's tasks framework, ADR 0010)."""

from django.tasks import task

from blangkon.payments.clock_services import payment_clock_run
from blangkon.payments.payment_services import orders_complete_overdue


@task()
def payment_clock_task() -> dict[str, int]:
    """Remind the bendahara before payment deadlines and mark the overdue.
    Idempotent: each notice is a row unique per order, kind and step, created
    with its notifications, so a second run sends none."""
    return payment_clock_run()


@task()
def orders_complete_task() -> int:
    """Complete the paid orders the vendor did not confirm within the working
    days allowed. Idempotent: each completion expects the order still paid
    and due, so a second run completes none."""
    return orders_complete_overdue()
