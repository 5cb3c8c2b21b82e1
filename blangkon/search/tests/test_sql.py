"""search/sql.py, the migrations that apply it, and the database they made."""

from importlib import import_module
from pathlib import Path

import pytest
from django.db import connection

from blangkon.catalog.live import live_sql, product_status_sql
from blangkon.search import sql

MIGRATIONS = Path(sql.__file__).parent / "migrations"


def test_the_search_sql_is_what_the_latest_migration_applies() -> None:
    """Each migration that recreates the index holds a frozen copy of the SQL
    (CONTRIBUTING.md, Migrations). A change to search/sql.py (or to the live
    rule in catalog.live it is rendered from) without a new migration would
    reach new databases only; the database's functions (the triggers,
    search_rebuild) would go on running the old SQL elsewhere."""
    copies = [
        module
        for path in sorted(MIGRATIONS.glob("0*.py"))
        if hasattr(module := import_module(f"blangkon.search.migrations.{path.stem}"), "FORWARD")
    ]
    latest = copies[-1]
    message = (
        f"blangkon/search/sql.py differs from the SQL {latest.__name__} applies:"
        " add a migration that applies the new SQL"
    )
    assert sql.FORWARD == latest.FORWARD, message
    assert sql.BACKWARD == latest.BACKWARD, message


def test_the_owner_functions_are_what_the_latest_migration_applies() -> None:
    """The same rule for the functions that run as the owner (ADR 0018)."""
    copies = [
        module
        for path in sorted(MIGRATIONS.glob("0*.py"))
        if hasattr(
            module := import_module(f"blangkon.search.migrations.{path.stem}"), "OWNER_FUNCTIONS"
        )
    ]
    assert copies, "no migration applies search.sql.OWNER_FUNCTIONS"
    assert sql.OWNER_FUNCTIONS == copies[-1].OWNER_FUNCTIONS
    assert sql.OWNER_FUNCTIONS_BACKWARD == copies[-1].OWNER_FUNCTIONS_BACKWARD


def test_the_product_trigger_is_what_the_latest_migration_applies() -> None:
    """The same rule for search_on_product since it skips stock-only updates."""
    copies = [
        module
        for path in sorted(MIGRATIONS.glob("0*.py"))
        if hasattr(
            module := import_module(f"blangkon.search.migrations.{path.stem}"), "PRODUCT_TRIGGER"
        )
    ]
    assert copies, "no migration applies search.sql.PRODUCT_TRIGGER"
    assert copies[-1].__name__ > max(
        module.__name__
        for path in sorted(MIGRATIONS.glob("0*.py"))
        if hasattr(module := import_module(f"blangkon.search.migrations.{path.stem}"), "FORWARD")
    ), "a migration applied FORWARD after the product trigger: apply PRODUCT_TRIGGER again"
    assert sql.PRODUCT_TRIGGER == copies[-1].PRODUCT_TRIGGER
    assert sql.PRODUCT_TRIGGER_BACKWARD == copies[-1].PRODUCT_TRIGGER_BACKWARD


def test_the_rating_functions_are_what_the_latest_migration_applies() -> None:
    """The same rule for search_fresh_documents and search_on_vendor since
    they read the vendors' ratings."""
    copies = [
        module
        for path in sorted(MIGRATIONS.glob("0*.py"))
        if hasattr(
            module := import_module(f"blangkon.search.migrations.{path.stem}"), "RATING_FUNCTIONS"
        )
    ]
    assert copies, "no migration applies search.sql.RATING_FUNCTIONS"
    assert sql.RATING_FUNCTIONS == copies[-1].RATING_FUNCTIONS
    assert sql.RATING_FUNCTIONS_BACKWARD == copies[-1].RATING_FUNCTIONS_BACKWARD


@pytest.mark.django_db
def test_the_database_indexes_what_catalog_live_calls_live() -> None:
    """The functions the migrations created hold the live rule as literal SQL;
    it must be catalog.live's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_functiondef('search_fresh_documents(bigint[])'::regprocedure),"
            " pg_get_functiondef('search_on_product()'::regprocedure)"
        )
        documents, on_product = cursor.fetchone()
    assert live_sql("p", "v") in documents
    assert f"{product_status_sql('n')} OR {product_status_sql('o')}" in on_product
