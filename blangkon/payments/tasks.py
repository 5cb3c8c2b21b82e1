"""Background tasks of payments (Django's tasks framework, ADR 0010)."""

from django.tasks import task

from blangkon.payments.clock_services import payment_clock_run


@task()
def payment_clock_task() -> dict[str, int]:
    """Remind the bendahara before payment deadlines and mark the overdue.
    Idempotent: each notice is a row unique per order, kind and step, created
    with its notifications, so a second run sends none."""
    return payment_clock_run()
