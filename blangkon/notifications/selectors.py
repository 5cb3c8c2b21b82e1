"""Reads: a user's own notifications. Nobody reads another's."""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from blangkon.accounts.models import User
from blangkon.core.errors import NotFound
from blangkon.notifications.models import EmailMode, Notification, NotificationPreference


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's notifications, unread first, then newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(recipient=user).order_by(unread.desc(), "-created_at", "-id")


def unread_count(user: User) -> int:
    """The bell's number: one count on the partial index of unread rows."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise NotFound
    return notification


def email_mode_of(user: User) -> str:
    mode = (
        NotificationPreference.objects.filter(user=user)
        .values_list("email_mode", flat=True)
        .first()
    )
    return mode or EmailMode.IMMEDIATE
