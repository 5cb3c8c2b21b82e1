"""Personas and shared fixtures (Healthchecks' Alice/Bob/Charlie, for Blangkon).

Two kab/kota (Batang and Kendal), an OPD in each, officials of every role, an
auditor and a provincial admin. Tests read as stories about these people.
"""

import datetime
import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.accounts.roles import Role

os.environ.setdefault("BLANGKON_ENV", "test")

# Prints the access matrix's totals (tests/security/) at the end of a run.
pytest_plugins = ["tests.security.figures"]

PASSWORD = "kata-sandi-uji-123"

# Transactional tests commit, and the database is emptied after each by
# TRUNCATE, which only the owner may run: they name both connections. The
# application's queries still go through `default`.
TRANSACTIONAL = pytest.mark.django_db(transaction=True, databases=["default", "owner"])


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's fixture of that name, with one difference: the test
    database is always created, migrated and dropped through `owner`.

    `default`, the application's role (ADR 0018), is a TEST MIRROR of `owner`:
    it connects to the same test database under its own role, so every test's
    queries run with the application's grants. pytest-django would create only
    the aliases the collected tests name, and most name `default` alone; a
    mirror whose primary was not set up keeps pointing at the real database.
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases={"owner": False},  # alias: serialized (Django's own runner's shape)
            serialized_aliases=set(),
        )
    yield
    with django_db_blocker.unblock():
        connection.close()  # the mirror's session, or the database cannot be dropped
        teardown_databases(databases, verbosity=request.config.option.verbose)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A transactional test without `owner` would never be cleaned up: Django
    flushes only the databases a test names that are not mirrors."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
            name in fixtures for name in ("transactional_db", "live_server")
        )
        databases = marker.kwargs.get("databases", ()) if marker is not None else ()
        if transactional and "owner" not in databases:
            raise pytest.UsageError(
                f"{item.nodeid}: mark transactional tests with conftest.TRANSACTIONAL"
                " (databases default and owner)."
            )
        # pytest-playwright gives every test that names one of its fixtures
        # (`page`, `browser`, `context`…) a session-scoped browser parameter,
        # even when a test's own argument only shares the name; pytest then
        # regroups the whole collection by it, and ordinary database tests
        # end up after the transactional ones that empty the reference data.
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "browser_name" in params and item.get_closest_marker("browser") is None:
            raise pytest.UsageError(
                f"{item.nodeid}: an argument named like a Playwright fixture (page, browser,"
                " context) outside a browser test; rename it."
            )


@dataclass
class World:
    province: Organisation
    batang: Organisation
    kendal: Organisation
    opd_batang: Organisation
    opd_kendal: Organisation
    vendor: Organisation
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def make_user(username: str, role: str, organisation: Organisation) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@test.blangkon.invalid",
        first_name=username.split(".")[0].title(),
        last_name="Uji",
        role=role,
        organisation=organisation,
    )
    return user


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The personas' world, for fixtures that cannot use `world` (a wider scope)."""

    def pemda(code: str, name: str, joined: datetime.date | None) -> Organisation:
        return Organisation.objects.create(
            kind="pemda", name=name, region_id=code, joined_on=joined
        )

    province = pemda("33", "Pemerintah Provinsi Jawa Tengah", datetime.date(2021, 3, 1))
    batang = pemda("33.25", "Pemerintah Kabupaten Batang", datetime.date(2022, 1, 24))
    kendal = pemda("33.24", "Pemerintah Kabupaten Kendal", None)
    opd_batang = Organisation.objects.create(
        kind="opd", name="Dinas Koperasi dan UKM", parent=batang, region_id="33.25"
    )
    opd_kendal = Organisation.objects.create(
        kind="opd", name="Dinas Kesehatan", parent=kendal, region_id="33.24"
    )
    DeliveryAddress.objects.create(
        opd=opd_batang,
        label="Kantor utama",
        street="Jl. Gajah Mada No. 12",
        kab_kota_id="33.25",
        postal_code="51215",
    )
    vendor = Organisation.objects.create(kind="vendor", name="CV Sumber Rejeki", region_id="33.25")
    specs = [
        ("pp.batang", Role.PP, opd_batang),
        ("ppk.batang", Role.PPK, opd_batang),
        ("bendahara.batang", Role.BENDAHARA, opd_batang),
        ("admin.opd.batang", Role.OPD_ADMIN, opd_batang),
        ("pp.kendal", Role.PP, opd_kendal),
        ("admin.opd.kendal", Role.OPD_ADMIN, opd_kendal),
        ("admin.batang", Role.KAB_KOTA_ADMIN, batang),
        ("admin.kendal", Role.KAB_KOTA_ADMIN, kendal),
        ("pendamping.batang", Role.PENDAMPING, batang),
        ("admin.provinsi", Role.PROVINCE_ADMIN, province),
        ("auditor.provinsi", Role.AUDITOR, province),
        ("pemilik.vendor", Role.VENDOR_OWNER, vendor),
        ("staf.vendor", Role.VENDOR_STAFF, vendor),
    ]
    users = {name: make_user(name, role, org) for name, role, org in specs}
    return World(province, batang, kendal, opd_batang, opd_kendal, vendor, users)


@pytest.fixture
def client_for(client):
    """Log the test client in as a persona: client_for(world.user("pp.batang"))."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def queued_tasks(settings) -> DummyBackend:
    """Tasks are queued and kept, not run (tests otherwise run them at once):
    `queued_tasks.results` lists what was enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend


def database_url_for_workers() -> str:
    """DATABASE_URL of the test database, for a separate process (a worker)."""
    params = connection.settings_dict
    # The embedded server is reached through a unix socket directory given as
    # the `host` option (postgresql://user@/name?host=/path), not as HOST.
    host = params["HOST"] or params.get("OPTIONS", {}).get("host", "")
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    user = quote(params["USER"], safe="")
    if host.startswith("/"):
        port = f"&port={params['PORT']}" if params["PORT"] else ""
        return f"postgres://{user}{password}@/{params['NAME']}?host={quote(host)}{port}"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{params['NAME']}"


@contextmanager
def other_session() -> Iterator[psycopg.Connection]:
    """A second connection to the test database: another process's session,
    for what a session cannot see of itself (another's advisory locks)."""
    with psycopg.connect(database_url_for_workers(), autocommit=True) as other:
        yield other


REFERENCE_DATA_MIGRATIONS = [
    "blangkon.regions.migrations.0002_jawa_tengah",
    "blangkon.catalog.migrations.0002_units_and_categories",
    "blangkon.search.migrations.0002_synonyms",
    "blangkon.procurement.migrations.0002_guard_and_seed",
]


def reference_data_reload() -> None:
    """Reload what the data migrations ship, which a transactional test's flush
    removes. The migrations' own loaders are reused, so the data is exactly
    what a migrated database holds."""
    from django.apps import apps

    from blangkon.regions.models import Region

    if Region.objects.exists():
        return
    for name in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
