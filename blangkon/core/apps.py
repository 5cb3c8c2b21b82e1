from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "blangkon.core"
