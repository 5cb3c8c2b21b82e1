"""The application's database role (ADR 0018) may read the audit log and append
to it, and nothing else: what a superuser could do to the "append-only" log,
the role every request runs as is refused with a permission error."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from blangkon.audit.models import AuditEvent
from blangkon.audit.services import audit_record
from blangkon.core.management.commands.migrate import Command as MigrateCommand
from conftest import World

pytestmark = pytest.mark.django_db

INSUFFICIENT_PRIVILEGE = "42501"


def refused(sql: str) -> str:
    """Run `sql` as the application; return the SQLSTATE it was refused with."""
    with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    return raised.value.__cause__.sqlstate  # type: ignore[union-attr]


@pytest.fixture
def event(world: World) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=world.user("admin.batang"), action="opd.create")


def test_the_tests_run_as_the_application_role_not_the_owner() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        owned = cursor.fetchone()[0]
    assert user == settings.DATABASES["default"]["USER"]
    assert user != settings.DATABASES["owner"]["USER"]
    assert (superuser, owned) == (False, 0)


def test_the_application_reads_and_appends_to_the_log(event: AuditEvent) -> None:
    assert AuditEvent.objects.filter(pk=event.pk, action="opd.create").exists()


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param("TRUNCATE audit_auditevent", id="truncate"),
        pytest.param("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", id="disable-triggers"),
        pytest.param(
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_or_delete",
            id="disable-the-append-only-trigger",
        ),
        pytest.param("SET session_replication_role = replica", id="replica-mode"),
        pytest.param("UPDATE audit_auditevent SET action = 'opd.nothing'", id="update"),
        pytest.param("DELETE FROM audit_auditevent", id="delete"),
        pytest.param("UPDATE audit_auditchainhead SET seq = 0", id="move-the-chain-head"),
        pytest.param("DROP TABLE audit_auditevent", id="drop"),
        pytest.param("CREATE TABLE audit_copy (id bigint)", id="create-table"),
    ],
)
def test_the_application_cannot_tamper_with_the_log(event: AuditEvent, sql: str) -> None:
    assert refused(sql) == INSUFFICIENT_PRIVILEGE
    assert AuditEvent.objects.get(pk=event.pk).action == "opd.create"


def test_the_application_may_write_ordinary_tables_but_not_truncate_them(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_organisation SET name = name WHERE id = %s", [world.kendal.pk]
        )
    assert refused("TRUNCATE accounts_deliveryaddress CASCADE") == INSUFFICIENT_PRIVILEGE
    assert refused("UPDATE django_migrations SET app = app") == INSUFFICIENT_PRIVILEGE


def test_migrate_runs_as_the_owner_unless_told_otherwise() -> None:
    parser = MigrateCommand().create_parser("manage.py", "migrate")
    assert parser.parse_args([]).database == "owner"
    assert parser.parse_args(["--database", "default"]).database == "default"


def test_the_maintenance_functions_run_as_the_owner_for_the_application() -> None:
    """The demo seeder's bulk load pauses the search triggers, rebuilds the
    index and refreshes statistics: things only the owner may do, offered to
    the application through functions that run as the owner."""
    from blangkon.core.db_roles import analyze
    from blangkon.search.services import search_index_paused

    with search_index_paused():
        pass
    analyze()
    assert refused("ALTER TABLE catalog_product DISABLE TRIGGER USER") == INSUFFICIENT_PRIVILEGE


PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER")


@pytest.mark.django_db(databases=["default", "owner"])
def test_every_migrate_leaves_the_application_role_exactly_its_grants() -> None:
    call_command("migrate", verbosity=0)  # as the owner; grants in its transaction
    role = settings.DATABASES["default"]["USER"]
    granted = {}
    with connections["owner"].cursor() as cursor:
        for table in ("audit_auditevent", "audit_auditchainhead", "catalog_product"):
            cursor.execute(
                "SELECT array_agg(p ORDER BY p) FILTER (WHERE has_table_privilege(%s, %s, p))"
                " FROM unnest(%s::text[]) p",
                [role, table, list(PRIVILEGES)],
            )
            granted[table] = cursor.fetchone()[0]
    assert granted == {
        "audit_auditevent": ["INSERT", "SELECT"],
        "audit_auditchainhead": ["SELECT"],
        "catalog_product": ["DELETE", "INSERT", "SELECT", "UPDATE"],
    }
