"""Wrong passwords sent at the same moment are counted before they are tried,
and a sign-in link opened many times at once works once.

Each thread is a request of its own with its own database connection, so the
test commits (transaction=True) and the threads see each other's rows. The
password hasher counts how many guesses were really checked.
"""

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import override_settings

from blangkon.accounts.authentication import login_check_password
from blangkon.accounts.login_links import login_link_token
from blangkon.accounts.services import login_link_use
from blangkon.core.errors import DomainError
from conftest import TRANSACTIONAL, World, reference_data_reload

pytestmark = TRANSACTIONAL

THREADS = 20
LIMIT = 5


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting every password it checks."""

    checked = 0
    _lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with CountingHasher._lock:
            CountingHasher.checked += 1
        return super().verify(password, encoded)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()  # the flush after an earlier transactional test removed it


def all_at_once(attempt: Callable[[], object]) -> list[str]:
    """THREADS calls released together; "signed_in" or the error code of each."""
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def run() -> None:
        try:
            start.wait()
            attempt()
            outcomes.append("signed_in")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@override_settings(
    LOGIN_FAILURE_LIMIT=LIMIT,
    PASSWORD_HASHERS=[f"{__name__}.CountingHasher"],
)
def test_parallel_wrong_passwords_are_checked_at_most_the_limit_of_times(world: World) -> None:
    CountingHasher.checked = 0

    outcomes = all_at_once(
        lambda: login_check_password(
            request=None, username="pp.batang", password="salah", ip_address="198.51.100.9"
        )
    )

    assert len(outcomes) == THREADS
    assert CountingHasher.checked <= LIMIT
    assert outcomes.count("invalid_credentials") == CountingHasher.checked
    assert outcomes.count("login_locked") == THREADS - CountingHasher.checked


def test_a_sign_in_link_opened_many_times_at_once_signs_in_once(world: World) -> None:
    token = login_link_token(world.user("pp.batang"))

    outcomes = all_at_once(lambda: login_link_use(token=token, ip_address="198.51.100.9"))

    assert outcomes.count("signed_in") == 1
    assert outcomes.count("used_link") == THREADS - 1
