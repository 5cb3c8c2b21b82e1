from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "blangkon.core"

    def ready(self) -> None:
        from blangkon.core import db_roles

        # The application role's grants follow the tables every migrate leaves.
        post_migrate.connect(db_roles.after_migrate, dispatch_uid="blangkon.core.db_roles")
