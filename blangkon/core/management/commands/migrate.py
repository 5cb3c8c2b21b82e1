"""`manage.py migrate` as Django's, run as the owner role by default (ADR 0018).

The `default` connection is the application's role, which may not create or
alter tables; migrations need the role that owns them. Passing `--database`
still chooses another connection. While it runs, the ORM goes to the migrated
connection too (`db_roles.OwnerWhileMigrating`), for the data migrations.
"""

from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import migrate

from blangkon.core.db_roles import OWNER_ALIAS, migrating


class Command(migrate.Command):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(database=OWNER_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        with migrating(options["database"]):
            super().handle(*args, **options)
