from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "blangkon.regions"
    verbose_name = "Regions"
