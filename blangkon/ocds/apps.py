from django.apps import AppConfig


class OcdsConfig(AppConfig):
    name = "blangkon.ocds"
    label = "ocds"
    verbose_name = "Open Contracting Data Standard"
