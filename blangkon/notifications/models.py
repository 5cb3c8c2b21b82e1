"""A notification to one user, and how each user wants to hear of them by mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blangkon.notifications.messages import message_text


class Notification(models.Model):
    """Something the recipient must know or act on: a sentence (a code and its
    values, messages.py) and the page where they act."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    code = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500)  # a path on this site, "/..."
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's count and the list: a user's unread ones first.
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(url__startswith="/") & ~models.Q(url__startswith="//"),
                name="notification_url_on_site",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} to {self.recipient_id}"

    @property
    def text(self) -> str:
        return message_text(self.code, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away, one e-mail per notification")
    DAILY_DIGEST = "daily_digest", _("Once a day, one e-mail listing them")
    OFF = "off", _("No e-mail (only in the app)")


class NotificationPreference(models.Model):
    """A user's choice of e-mail; without a row, IMMEDIATE."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=20, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_mode}"
