from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "blangkon.transparency"
    label = "transparency"
    verbose_name = "Transparency"

    def ready(self) -> None:
        # Keeps the running totals as orders move (orders announce, we listen).
        from blangkon.transparency import receivers

        receivers.connect()
