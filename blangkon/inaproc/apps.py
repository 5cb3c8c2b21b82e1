from django.apps import AppConfig


class InaprocConfig(AppConfig):
    name = "blangkon.inaproc"
    verbose_name = "INAPROC packages"
