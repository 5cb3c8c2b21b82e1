"""The small scale seeded once per test module (`demo`), inside a
transaction rolled back when the module is done; each test runs in a
savepoint of it."""

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded: Path, db: None) -> Path:
    """The seeded small scale; its folder of stored files."""
    return seeded
