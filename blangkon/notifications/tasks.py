"""Background tasks of notifications (Django's tasks framework, ADR 0010)."""

from django.tasks import task

from blangkon.notifications.services import notification_mail_deliver, notifications_digest_send


@task()
def notification_mail_task(notification_id: int) -> bool:
    """E-mail one notification. Idempotent: the mail is claimed (emailed_at)
    before it is sent, so a second delivery sends nothing."""
    return notification_mail_deliver(notification_id)


@task()
def notifications_digest_task() -> int:
    """The daily digest. Idempotent: the notifications a digest lists are
    marked e-mailed with it, so a second run finds none and sends nothing."""
    return notifications_digest_send()
