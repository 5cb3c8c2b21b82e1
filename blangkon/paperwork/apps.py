from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "blangkon.paperwork"
    verbose_name = "Paperwork"

    def ready(self) -> None:
        from blangkon.core import db_roles
        from blangkon.paperwork import receivers
        from blangkon.paperwork.models import IssuedDocument

        # The application reads and appends issued documents, nothing else
        # (ADR 0018); the trigger of migration 0002 refuses changes to all.
        db_roles.register_append_only(IssuedDocument._meta.db_table)
        receivers.connect()
