"""Daily background jobs (Django's tasks framework; `manage.py db_worker` runs
them, `manage.py scheduler` queues them: config/schedule.py, ADR 0017).

The management commands of the same names do the same work synchronously.
"""

from django.tasks import task
from django.utils import timezone

from blangkon.vendors.services import expire_certificates, lift_expired_sanctions


@task
def lift_expired_sanctions_task() -> int:
    """Lift suspensions and bans whose last day has passed. Idempotent and safe
    to run twice, even at once: each vendor is re-checked under its row lock,
    so a lifted sanction is no longer due and a second run lifts nothing."""
    return lift_expired_sanctions(today=timezone.localdate())


@task
def expire_certificates_task() -> int:
    """Ask vendors to renew expired certificates and take down dependent
    products. Idempotent and safe to run twice, even at once: a certificate is
    marked (renewal_requested_at) under its row lock, once per expiry, and a
    marked one is skipped, so nothing is taken down or e-mailed twice."""
    return expire_certificates(today=timezone.localdate())
