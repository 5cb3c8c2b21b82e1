"""search/sql.py and the migrations that apply it, without a database."""

from importlib import import_module
from pathlib import Path

from blangkon.search import sql

MIGRATIONS = Path(sql.__file__).parent / "migrations"


def test_the_search_sql_is_what_the_latest_migration_applies() -> None:
    """Each migration that recreates the index holds a frozen copy of the SQL
    (CONTRIBUTING.md, Migrations). A change to search/sql.py without a new
    migration would reach new databases only; the database's functions (the
    triggers, search_rebuild) would go on running the old SQL elsewhere."""
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
