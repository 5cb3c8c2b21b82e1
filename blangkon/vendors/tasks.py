"""Daily background jobs (Django's tasks framework; `manage.py db_worker` runs them).

Enqueue with `lift_expired_sanctions_task.enqueue()`; the management commands
of the same names do the same work synchronously (for cron).
"""

from django.tasks import task
from django.utils import timezone

from blangkon.vendors.services import expire_certificates, lift_expired_sanctions


@task
def lift_expired_sanctions_task() -> int:
    """Lift suspensions and bans whose last day has passed."""
    return lift_expired_sanctions(today=timezone.localdate())


@task
def expire_certificates_task() -> int:
    """Ask vendors to renew expired certificates and take down dependent products."""
    return expire_certificates(today=timezone.localdate())
