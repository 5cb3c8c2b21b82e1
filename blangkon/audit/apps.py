from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "blangkon.audit"
    verbose_name = "Audit log"
