from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "blangkon.catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # Defines the catalog's machines, so every started process knows them.
        from blangkon.catalog import receivers, transitions  # noqa: F401

        receivers.connect()
