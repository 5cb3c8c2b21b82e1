"""Fixtures of the access matrix.

The estate (two sides' worth of objects, sessions and tokens for every actor) is
built once per test module, inside a transaction rolled back when the module is
done; each test then runs in a savepoint of it, as Django's setUpTestData
does. Building it for each of the hundred route tests would triple the run.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from conftest import build_world
from tests.security.estate import Estate, build_estate
from tests.security.probe import Keys, issue_keys


@pytest.fixture(scope="module")
def estate_and_keys(
    django_db_setup: None, django_db_blocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Estate, Keys, Path]]:
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        estate = build_estate(build_world())
        yield estate, issue_keys(estate), media
        transaction.set_rollback(True)


@pytest.fixture
def estate(estate_and_keys: tuple[Estate, Keys, Path], db: None) -> Estate:
    return estate_and_keys[0]


@pytest.fixture
def keys(estate_and_keys: tuple[Estate, Keys, Path]) -> Keys:
    return estate_and_keys[1]
