"""search/sql.py, the migrations that apply it, and the database they made."""

from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest
from django.db import connection

from blangkon.catalog.live import live_sql, product_status_sql
from blangkon.search import sql

MIGRATIONS = Path(sql.__file__).parent / "migrations"


# Each group of search/sql.py that a migration applies, and the groups whose
# migrations must come before the group's latest one: they recreate some of
# its functions as they were before it (FORWARD recreates all of them).
APPLIED_GROUPS = {
    "FORWARD": (),
    # The functions that run as the owner (ADR 0018).
    "OWNER_FUNCTIONS": (),
    # search_on_product since it skips stock-only updates.
    "PRODUCT_TRIGGER": ("FORWARD",),
    # search_fresh_documents and search_on_vendor since they read ratings.
    "RATING_FUNCTIONS": (),
    # search_fresh_documents since the product text left out the vendor's
    # and the category's names.
    "DOCUMENT_FUNCTIONS": ("FORWARD", "RATING_FUNCTIONS"),
    # The rebuild in new tables and the refresh that notes ids for it (ADR 0042).
    "REBUILD_FUNCTIONS": ("FORWARD",),
    # search_sum_totals by key, the rebuild counting by cell id.
    "COUNTING_FUNCTIONS": ("FORWARD", "REBUILD_FUNCTIONS"),
    # The index on cell_id, and the rebuild that builds it (search.narrowing).
    "CELL_INDEX_FUNCTIONS": ("FORWARD", "REBUILD_FUNCTIONS", "COUNTING_FUNCTIONS"),
}


def _migrations_applying(group: str) -> list[ModuleType]:
    modules = (
        import_module(f"blangkon.search.migrations.{path.stem}")
        for path in sorted(MIGRATIONS.glob("0*.py"))
    )
    return [module for module in modules if hasattr(module, group)]


@pytest.mark.parametrize("group", APPLIED_GROUPS)
def test_the_search_sql_is_what_the_latest_migration_applies(group: str) -> None:
    """Each migration that changes the index's functions holds a frozen copy
    of the SQL (CONTRIBUTING.md, Migrations). A change to search/sql.py (or to
    the live rule in catalog.live it is rendered from) without a new migration
    would reach new databases only; the database's functions (the triggers,
    search_rebuild) would go on running the old SQL elsewhere."""
    copies = _migrations_applying(group)
    assert copies, f"no migration applies search.sql.{group}"
    latest = copies[-1]
    message = (
        f"blangkon/search/sql.py's {group} differs from the SQL {latest.__name__} applies:"
        " add a migration that applies the new SQL"
    )
    backward = "BACKWARD" if group == "FORWARD" else f"{group}_BACKWARD"
    assert getattr(sql, group) == getattr(latest, group), message
    assert getattr(sql, backward) == getattr(latest, backward), message
    for earlier in APPLIED_GROUPS[group]:
        assert latest.__name__ > _migrations_applying(earlier)[-1].__name__, (
            f"a migration applied {earlier} after {latest.__name__}: apply {group} again"
        )


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
