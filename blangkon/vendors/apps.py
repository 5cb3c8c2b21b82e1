from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "blangkon.vendors"

    def ready(self) -> None:
        # Defines the vendor machine, so every started process knows it.
        from blangkon.vendors import transitions  # noqa: F401
