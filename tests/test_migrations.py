"""Migrations are history: they carry what they need and import no app code
(CONTRIBUTING.md, Migrations). An import of `blangkon.…` would let a later
change to that module silently change what an old migration does."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted(ROOT.glob("blangkon/*/migrations/*.py"))


def _app_imports(path: Path) -> list[str]:
    """The imports of project code in one module, as 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import reaches the app (or a sibling migration) too.
            names = ["." * node.level + (node.module or "")]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names = [str(node.args[0].value)]
        else:
            continue
        found += [
            f"{node.lineno}: {name}"
            for name in names
            if name == "blangkon" or name.startswith(("blangkon.", "."))
        ]
    return found


def test_the_scan_sees_the_migrations_and_finds_app_imports(tmp_path: Path) -> None:
    assert len(MIGRATIONS) > 10
    module = tmp_path / "0009_example.py"
    module.write_text(
        "import blangkon.search.sql\n"
        "from blangkon.catalog import reference\n"
        "from ..sql import FORWARD\n"
        "from django.db import migrations\n"
        "import importlib\n"
        "importlib.import_module('blangkon.search.sql')\n"
    )
    assert _app_imports(module) == [
        "1: blangkon.search.sql",
        "2: blangkon.catalog",
        "3: ..sql",
        "6: blangkon.search.sql",
    ]


def test_no_migration_imports_application_code() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found for path in MIGRATIONS if (found := _app_imports(path))
    }
    assert offenders == {}, (
        "Migrations must not import blangkon code: copy what they need into the migration"
    )
