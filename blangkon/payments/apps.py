from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "blangkon.payments"
    verbose_name = "Payments"
