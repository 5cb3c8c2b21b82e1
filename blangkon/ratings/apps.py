from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "blangkon.ratings"
    verbose_name = "Ratings"
