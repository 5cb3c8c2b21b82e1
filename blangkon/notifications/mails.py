"""The notification mails: one per notification, or one daily digest. Links
are on SITE_DOMAIN (core/mail.py); the sentences are rendered in the site's
language, as every mail the site sends."""

from collections.abc import Sequence

from blangkon.accounts.models import User
from blangkon.core.mail import site_mail_send
from blangkon.notifications.models import Notification


def notification_mail_send(notification: Notification) -> None:
    site_mail_send(
        subject_template="notifications/email/notification_subject.txt",
        body_template="notifications/email/notification_body.txt",
        context={"notification": notification, "user": notification.recipient},
        recipients=[notification.recipient.email],
    )


def digest_mail_send(user: User, notifications: Sequence[Notification]) -> None:
    site_mail_send(
        subject_template="notifications/email/digest_subject.txt",
        body_template="notifications/email/digest_body.txt",
        context={"notifications": notifications, "user": user, "count": len(notifications)},
        recipients=[user.email],
    )
