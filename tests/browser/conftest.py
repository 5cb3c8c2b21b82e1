"""Playwright drives Debian's Chromium (`make chromium` installs it)."""

import importlib
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


REFERENCE_DATA_MIGRATIONS = [
    "blangkon.regions.migrations.0002_jawa_tengah",
    "blangkon.catalog.migrations.0002_units_and_categories",
    "blangkon.search.migrations.0002_synonyms",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """Reload what the data migrations ship, which a transactional test's flush removes.

    Django's serialized_rollback would do this, but Playwright's event loop makes
    Django hand out a different connection object than the one the contents were
    serialized on, so the restore never happens. The migrations' own loaders are
    reused, so the data is exactly what a migrated database holds.
    """
    from django.apps import apps

    from blangkon.regions.models import Region

    if Region.objects.exists():
        return
    for name in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
