from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "blangkon.procurement"
    label = "procurement"
    verbose_name = "Procurement rules"
