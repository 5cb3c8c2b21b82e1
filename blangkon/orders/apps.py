from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "blangkon.orders"
    label = "orders"
    verbose_name = "Orders"
