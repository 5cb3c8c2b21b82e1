from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "blangkon.api"
