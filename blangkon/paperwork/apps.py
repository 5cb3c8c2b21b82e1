from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "blangkon.paperwork"
    verbose_name = "Paperwork"
