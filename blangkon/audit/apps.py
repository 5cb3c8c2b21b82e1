from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "blangkon.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from blangkon.audit.models import AuditChainHead, AuditEvent
        from blangkon.core import db_roles

        # The application may read the log and append to it, nothing else;
        # the chain's head is moved by the owner's triggers (ADR 0018).
        db_roles.register_append_only(AuditEvent._meta.db_table)
        db_roles.register_read_only(AuditChainHead._meta.db_table)
