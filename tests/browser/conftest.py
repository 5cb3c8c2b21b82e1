"""Playwright drives Debian's Chromium (`make chromium` installs it)."""

import os
from pathlib import Path

import pytest

from conftest import reference_data_reload

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


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """Reload what the data migrations ship, which a transactional test's flush removes.

    Django's serialized_rollback would do this, but Playwright's event loop makes
    Django hand out a different connection object than the one the contents were
    serialized on, so the restore never happens.
    """
    reference_data_reload()
