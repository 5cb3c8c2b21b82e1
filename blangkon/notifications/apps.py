from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "blangkon.notifications"
    label = "notifications"
    verbose_name = "Notifications"
