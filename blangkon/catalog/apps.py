from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "blangkon.catalog"
    verbose_name = "Catalog"
