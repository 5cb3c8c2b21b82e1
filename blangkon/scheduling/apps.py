from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "blangkon.scheduling"
    verbose_name = "Scheduling"
