from django.apps import AppConfig


class TaxesConfig(AppConfig):
    name = "blangkon.taxes"
    verbose_name = "Taxes"
