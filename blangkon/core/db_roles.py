"""Two database roles (ADR 0018): the owner and the application.

- The **owner** (`DATABASES["owner"]`, from DATABASE_URL or the embedded
  server's superuser) runs migrations and owns every table, sequence and
  function.
- The **application** (`DATABASES["default"]`: every request, worker and
  scheduler) connects as a role that owns nothing and is no superuser. It may
  read and write the ordinary tables, but only read and append to the tables
  registered here as append-only (the audit log), and only read the ones
  registered as read-only. So it cannot TRUNCATE, disable a trigger, set
  session_replication_role, or change or delete an audit row: a hole in the
  application (an SQL injection, a bug) cannot either.

After every migrate (and the test runner's flush), `after_migrate` brings the
application role's grants in line with the tables that now exist, creating the
role when the owner may create roles (the embedded server, CI's superuser).

While `migrate` runs (as the owner, core/management/commands/migrate.py),
`OwnerWhileMigrating` sends the ORM's reads and writes to the owner as well:
data migrations, ours and those of installed packages, write through
`Model.objects`, which would otherwise reach the application's connection, a
session that cannot see the tables the migration has just created.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.utils import CursorWrapper

OWNER_ALIAS = "owner"
APP_ALIAS = "default"
DEFAULT_APP_ROLE = "blangkon_app"

# A plain identifier: role names go into GRANT statements, which take no parameters.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_append_only: set[str] = set()
# Django's record of applied migrations: only `migrate`, as the owner, writes it.
_read_only: set[str] = {"django_migrations"}


_migrating: ContextVar[str | None] = ContextVar("blangkon_migrating", default=None)


@contextmanager
def migrating(using: str) -> Iterator[None]:
    """Route the ORM to `using` for the duration (the migrate command)."""
    token = _migrating.set(using)
    try:
        yield
    finally:
        _migrating.reset(token)


class OwnerWhileMigrating:
    """settings.DATABASE_ROUTERS: the alias being migrated, while it is."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return _migrating.get()

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return _migrating.get()


def url_for_role(url: str, role: str) -> str:
    """`url` with its user replaced by `role` and no password: the role signs in
    by trust or peer authentication, or a ~/.pgpass entry."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{quote(role, safe='')}@{host}"))


def register_append_only(table: str) -> None:
    """The application may read `table` and insert into it, nothing else."""
    _append_only.add(table)


def register_read_only(table: str) -> None:
    """The application may only read `table` (triggers of the owner write it)."""
    _read_only.add(table)


def app_role() -> str:
    role = str(settings.DATABASES[APP_ALIAS]["USER"])
    if not _ROLE_NAME.fullmatch(role):
        raise ImproperlyConfigured(
            f"The application's database role {role!r} must be a lower-case identifier."
        )
    return role


def after_migrate(sender: AppConfig, using: str, **kwargs: Any) -> None:
    """post_migrate handler: once per migrate, after the last app's signal."""
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if using == OWNER_ALIAS and sender is last:
        grant_app_role(using=using)


def grant_app_role(*, using: str = OWNER_ALIAS) -> None:
    """Give the application role what it needs on every table, sequence and
    function the owner has, and no more. Idempotent."""
    role = app_role()
    with connections[using].cursor() as cursor:
        if _scalar(cursor, "SELECT current_user") == role:
            return  # one role for both (development by choice): nothing to separate
        _ensure_role(cursor, role)
        for statement in grant_statements(role, security_definers=_security_definers(cursor)):
            cursor.execute(statement)


def grant_statements(role: str, *, security_definers: list[str]) -> list[str]:
    """The GRANTs and REVOKEs, in order: everything ordinary, then the
    exceptions taken back. docs/deployment.md shows the same for operators."""
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        # Tables the next migrations create get the ordinary grants at once.
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    statements += [
        f"REVOKE UPDATE, DELETE ON {table} FROM {role}" for table in sorted(_append_only)
    ]
    statements += [
        f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {role}" for table in sorted(_read_only)
    ]
    # Functions that run as the owner are not executable by PUBLIC (their
    # migrations revoke it); the application may call them.
    statements += [f"GRANT EXECUTE ON FUNCTION {name} TO {role}" for name in security_definers]
    return statements


def _security_definers(cursor: CursorWrapper) -> list[str]:
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p"
        " JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'public' AND p.prosecdef AND p.proowner = ("
        "   SELECT oid FROM pg_roles WHERE rolname = current_user)"
        " ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def _ensure_role(cursor: CursorWrapper, role: str) -> None:
    """Create the application role when it is missing and the owner may create
    roles; otherwise say what the operator must do."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    found = cursor.fetchone()
    if found is not None:
        if found[0]:
            raise ImproperlyConfigured(
                f"The application's database role {role} is a superuser, which ignores every"
                " grant: use a role without SUPERUSER (docs/deployment.md)."
            )
        return
    may_create = "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    if not _scalar(cursor, may_create):
        raise ImproperlyConfigured(
            f"The database role {role} does not exist and the owner may not create it:"
            " create it as docs/deployment.md shows, then migrate again."
        )
    # Two test workers migrating at once may both find it missing.
    cursor.execute(
        f"DO $$ BEGIN CREATE ROLE {role} LOGIN;"
        " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


def _scalar(cursor: CursorWrapper, sql: str) -> Any:
    cursor.execute(sql)
    row = cursor.fetchone()
    return None if row is None else row[0]


def analyze(*, using: str = APP_ALIAS) -> None:
    """Fresh planner statistics for every table (after a bulk load). ANALYZE is
    for table owners; `analyze_as_owner()` (core migration 0002) runs it as the
    owner for the application role."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT analyze_as_owner()")
