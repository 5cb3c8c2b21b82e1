"""Writes: notifying users, marking notifications read, the e-mail preference,
and the mails themselves (immediate and the daily digest).

Not audited: a notification repeats an event the caller's service has already
audited, and reading one changes nothing but its reader's own bell.

Every mail is claimed before it is sent: `emailed_at` is set by one UPDATE
that only matches a row not yet e-mailed, and the mail goes out after that
commits. A task delivered twice, or a digest run twice, finds nothing left to
claim and sends nothing twice. The price is at most once: a mail server that
fails after the claim loses that mail, and the notification stays in the app.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.core.locks import transaction_locks
from blangkon.notifications import mails
from blangkon.notifications.messages import MESSAGES
from blangkon.notifications.models import EmailMode, Notification, NotificationPreference
from blangkon.notifications.selectors import notification_get_for_user

# A notification equal to an unread one of the last minutes (same recipient,
# code and page) is not created again: a caller retried, or two steps of one
# request said the same thing, and the reader needs one line and one mail.
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
DIGEST_PERIOD = datetime.timedelta(days=1)


def notify(
    *,
    recipients: Iterable[User],
    code: str,
    params: dict[str, Any],
    url: str,
    mailed: bool = False,
) -> list[Notification]:
    """Notify each active recipient, in the caller's transaction; return the new rows.

    `code` must have a sentence in messages.py, and `params` fill its
    placeholders (plain text, JSON). `url` is a path on this site ("/...").
    Recipients are de-duplicated; inactive users are skipped, and so is a
    recipient with the same unread notification (code and url) from the last
    DUPLICATE_WINDOW. Immediate mails are queued after the commit, so a
    rolled-back transaction notifies nobody.

    `mailed`: the caller sends a mail of its own about the same thing (one
    that says more than the sentence, to more addresses); the notifications
    are stored as e-mailed, so neither an immediate mail nor the digest
    repeats it.
    """
    if code not in MESSAGES:
        raise ValueError(f"Unknown notification code {code!r}: add it to messages.py")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification's url is a path on this site, not {url!r}")
    users = {user.pk: user for user in recipients if user.is_active}
    created = []
    # Part of the caller's transaction, without a savepoint: a failure here
    # fails the caller's change too (the notice goes with the change).
    with transaction.atomic(savepoint=False):
        transaction_locks("blangkon.notify", [f"{pk}:{code}:{url}" for pk in users])
        recent = set(
            Notification.objects.filter(
                recipient_id__in=users,
                code=code,
                url=url,
                read_at__isnull=True,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            ).values_list("recipient_id", flat=True)
        )
        emailed_at = timezone.now() if mailed else None
        for pk in sorted(set(users) - recent):
            created.append(
                Notification.objects.create(
                    recipient=users[pk], code=code, params=params, url=url, emailed_at=emailed_at
                )
            )
        if mailed:
            return created
        not_immediate = set(
            NotificationPreference.objects.filter(user_id__in=users)
            .exclude(email_mode=EmailMode.IMMEDIATE)
            .values_list("user_id", flat=True)
        )
        immediate = [n.pk for n in created if n.recipient_id not in not_immediate]
        if immediate:
            transaction.on_commit(lambda: _queue_immediate(immediate))
    return created


def _queue_immediate(notification_ids: list[int]) -> None:
    from blangkon.notifications.tasks import notification_mail_task

    for notification_id in notification_ids:
        notification_mail_task.enqueue(notification_id)


def notification_mail_deliver(notification_id: int) -> bool:
    """Send one notification's mail, unless it was e-mailed or read already,
    its recipient has no address or is inactive, or has chosen the digest or
    no mail since (the digest then lists it). Returns whether it was sent."""
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(
                pk=notification_id,
                emailed_at__isnull=True,
                read_at__isnull=True,
                recipient__is_active=True,
            )
            .exclude(recipient__email="")
            .exclude(
                recipient__notification_preference__email_mode__in=[
                    EmailMode.DAILY_DIGEST,
                    EmailMode.OFF,
                ]
            )
        )
        if not claimed.update(emailed_at=timezone.now()):
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        transaction.on_commit(lambda: mails.notification_mail_send(notification))
    return True


def notifications_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Send each user in DAILY_DIGEST mode one mail listing their unread
    notifications of the last DIGEST_PERIOD not yet e-mailed, and mark them
    e-mailed. Returns the number of mails. Run twice, the second run finds
    nothing unclaimed and sends nothing."""
    now = now or timezone.now()
    users = User.objects.filter(
        is_active=True,
        notification_preference__email_mode=EmailMode.DAILY_DIGEST,
    ).exclude(email="")
    sent = 0
    for user in users.order_by("pk"):
        sent += int(_digest_for(user, since=now - DIGEST_PERIOD, now=now))
    return sent


def _digest_for(user: User, *, since: datetime.datetime, now: datetime.datetime) -> bool:
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                recipient=user,
                read_at__isnull=True,
                emailed_at__isnull=True,
                created_at__gte=since,
            )
            .order_by("created_at", "pk")
        )
        if not due:
            return False
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(emailed_at=now)
        transaction.on_commit(lambda: mails.digest_mail_send(user, due))
    return True


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (another's: NotFound).
    Marking a read one again keeps the first time."""
    notification = notification_get_for_user(user=user, notification_id=notification_id)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_preference_set(*, user: User, email_mode: str) -> NotificationPreference:
    """Set how the user is e-mailed about notifications (EmailMode)."""
    if email_mode not in EmailMode.values:
        raise DomainError(
            "invalid_email_mode",
            _("Choose how you want to be e-mailed."),
            {"email_mode": _("Choose one of the options.")},
        )
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_mode": email_mode}
    )
    return preference
