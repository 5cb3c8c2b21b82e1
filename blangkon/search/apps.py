from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "blangkon.search"
    label = "search"
    verbose_name = "Search"
