from django.apps import AppConfig


class RedFlagsConfig(AppConfig):
    name = "blangkon.red_flags"
    label = "red_flags"
    verbose_name = "Red flags"

    def ready(self) -> None:
        # The review machine registers itself; the order receiver refreshes
        # the cheap kinds of one buyer and vendor as their orders move.
        from blangkon.red_flags import receivers, transitions  # noqa: F401

        receivers.connect()
