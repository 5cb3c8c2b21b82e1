"""Prepared statements (ADR 0045): a statement run a second time on a
connection is prepared there, and PostgreSQL may then reuse one generic plan
for every value of its parameters. That suits the ORM's reads by key and its
writes; it does not suit the search, whose statements are planned for their
words and filters (how many rows a word matches decides the plan). Code that
wants every statement planned for its own values runs inside `unprepared()`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def unprepared() -> Iterator[None]:
    """Statements on the default connection inside this block are neither
    prepared nor run from an earlier preparation. Usable as a decorator."""
    connection.ensure_connection()
    driver = connection.connection
    saved = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        # The block may have closed the connection (an error, a health check).
        if connection.connection is driver:
            driver.prepare_threshold = saved
