from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "blangkon.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        # Defines the order machine, so every started process knows it.
        from blangkon.orders import transitions  # noqa: F401
