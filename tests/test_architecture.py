"""Dependencies between the apps point one way, and docs/architecture.md
describes every app (section 1 of that page explains the layers).

The scan parses the source, so it also sees imports inside functions and under
TYPE_CHECKING. It skips tests and migrations. Module paths written as strings
(settings, `include("...")`, task names) are not imports and are not checked.
"""

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLANGKON = ROOT / "blangkon"
DOC = ROOT / "docs" / "architecture.md"
SEE = "see docs/architecture.md"

# Bottom to top; docs/architecture.md shows the same table. A module of an app
# may import apps on lower rows only; apps on one row do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "taxes", "scheduling"),  # 0: errors, money, HTTP; pure tax rules; the scheduler
    ("audit",),  # 1: writes audit rows for every app
    ("lifecycles",),  # 2: the state-machine helper
    ("regions",),  # 3
    ("accounts",),  # 4: organisations, users, roles, access rules
    # 5: the private file store; procurement rules, working days; notifications
    ("documents", "procurement", "notifications"),
    ("vendors",),  # 6
    ("catalog",),  # 7
    ("search", "orders"),  # 8: orders sits above catalog and vendors
    # 9: invoices, tax lines, payments, bank callbacks; purchases imported from INAPROC
    ("payments", "inaproc"),
    # 10: signed PDFs and their verification; ratings; the public statistics;
    # the orders as OCDS releases; red flags
    ("paperwork", "ratings", "transparency", "ocds", "red_flags"),
    ("api", "demo"),  # 11: the edges
)
LAYER = {app: number for number, row in enumerate(LAYERS) for app in row}
EDGES = frozenset(LAYERS[-1])

# The page layer: modules (or packages) of these names, in any app. A page may
# import any app except the edges; no other module imports a page.
PAGE_MODULES = frozenset(
    {"views", "urls", "forms", "bulk_views", "bulk_urls", "context_processors", "templatetags"}
)
# An app with more than one set of pages names the others by their concern:
# orders/order_views.py, orders/negotiation_views.py, orders/order_forms.py,
# orders/order_pages.py (what the order page shows).
PAGE_SUFFIXES = ("_views", "_urls", "_forms", "_pages")

# Known upward imports: (importing file, imported app) -> why, and the way out.
# The test fails when one disappears, so its entry goes with it.
# (Empty since certificate expiry became a vendor event that catalog reacts to.)
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    source: str  # the importing file inside blangkon/, e.g. "catalog/views.py"
    line: int
    app: str
    page: bool  # the importing file is in the page layer
    target: str  # the imported module, e.g. "blangkon.search.selectors"
    target_app: str
    target_page: bool

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def apps() -> list[str]:
    """The packages directly under blangkon/."""
    return sorted(init.parent.name for init in BLANGKON.glob("*/__init__.py"))


def _is_page(parts_inside_app: list[str]) -> bool:
    if not parts_inside_app:
        return False
    name = parts_inside_app[0].removesuffix(".py")
    return name in PAGE_MODULES or name.endswith(PAGE_SUFFIXES)


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _targets(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = package[: len(package) - node.level + 1] if node.level else []
    module = ".".join([*base, node.module] if node.module else base)
    # `from blangkon.catalog import views` imports a module, while
    # `from blangkon.catalog.models import Product` imports a name from one.
    named = (f"{module}.{alias.name}" for alias in node.names)
    return list(dict.fromkeys(name if _is_module(name) else module for name in named))


def scan() -> Iterator[Import]:
    for path in sorted(BLANGKON.rglob("*.py")):
        inside = path.relative_to(BLANGKON).parts
        if len(inside) < 2 or "tests" in inside or "migrations" in inside:
            continue
        package = ["blangkon", *inside[:-1]]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _targets(node, package):
                parts = target.split(".")
                if parts[0] != "blangkon" or len(parts) < 2:
                    continue
                yield Import(
                    source="/".join(inside),
                    line=node.lineno,
                    app=inside[0],
                    page=_is_page(list(inside[1:])),
                    target=target,
                    target_app=parts[1],
                    target_page=_is_page(parts[2:]),
                )


def direction_problems(imports: list[Import]) -> list[str]:
    problems = []
    for i in imports:
        if i.target_page and not i.page:
            problems.append(
                f"{i.source} imports {i.target} ({i.where}), a page module; "
                f"only pages import pages; {SEE}"
            )
        elif i.app == i.target_app:
            continue
        elif i.app not in LAYER or i.target_app not in LAYER:
            unplaced = i.app if i.app not in LAYER else i.target_app
            problems.append(f"{unplaced} is in no row of LAYERS ({i.where}); {SEE}")
        elif i.page:
            if i.target_app in EDGES:
                problems.append(
                    f"{i.app} pages import {i.target_app} ({i.where}), "
                    f"but {i.target_app} is an edge; {SEE}"
                )
        elif (i.source, i.target_app) in ALLOWED_UPWARD:
            continue
        elif LAYER[i.target_app] > LAYER[i.app]:
            problems.append(
                f"{i.app} imports {i.target_app} ({i.where}), "
                f"but {i.target_app} is above {i.app}; {SEE}"
            )
        elif LAYER[i.target_app] == LAYER[i.app]:
            problems.append(
                f"{i.app} imports {i.target_app} ({i.where}), "
                f"but {i.target_app} is on the same layer as {i.app}; {SEE}"
            )
    return problems


def _part(app: str, page: bool) -> str:
    return f"{app} pages" if page else app


def cycles(imports: list[Import]) -> list[str]:
    """Import cycles between apps, an app's pages counted apart from the app
    (pages import upward by design). One line per cycle found."""
    graph: dict[str, dict[str, str]] = defaultdict(dict)
    for i in imports:
        if (i.source, i.target_app) in ALLOWED_UPWARD:
            continue
        start, end = _part(i.app, i.page), _part(i.target_app, i.target_page)
        if start != end:
            graph[start].setdefault(end, i.where)
    found: list[str] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        for following in sorted(graph[node]):
            if following in path:
                loop = [*path[path.index(following) :], following]
                steps = ", ".join(graph[a][b] for a, b in pairwise(loop))
                found.append(f"{' -> '.join(loop)} ({steps})")
            elif following not in done:
                visit(following, [*path, following])
        done.add(node)

    for node in sorted(graph):
        if node not in done:
            visit(node, [node])
    return found


def test_every_app_has_a_layer() -> None:
    missing = [app for app in apps() if app not in LAYER]
    assert not missing, f"Apps in no row of LAYERS in {__name__}: {missing}; {SEE}"
    gone = sorted(set(LAYER) - set(apps()))
    assert not gone, f"LAYERS names apps that do not exist: {gone}"


def test_imports_point_down_the_layers() -> None:
    problems = direction_problems(list(scan()))
    assert not problems, "\n".join(["Imports against the layers:", *problems])


def test_no_import_cycles_between_apps() -> None:
    found = cycles(list(scan()))
    assert not found, "\n".join(["Import cycles between apps:", *found])


def test_each_allowed_upward_import_still_exists() -> None:
    seen = {(i.source, i.target_app) for i in scan()}
    stale = [f"{source} -> {app}" for source, app in ALLOWED_UPWARD if (source, app) not in seen]
    assert not stale, f"Remove from ALLOWED_UPWARD (and {DOC.name}): {stale}"


# --- docs/architecture.md describes every app ----------------------------------

APP_TABLE_HEADING = "### 1.1 The apps"
ROW = re.compile(r"^\|\s*`(?P<app>[a-z_]+)`\s*\|\s*(?P<layer>[^|]*?)\s*\|")


def documented_apps() -> dict[str, str]:
    """App -> its "Layer" cell, from the table under APP_TABLE_HEADING."""
    text = DOC.read_text()
    assert APP_TABLE_HEADING in text, f"{DOC.name} has no heading {APP_TABLE_HEADING!r}"
    section = text.split(APP_TABLE_HEADING, 1)[1].split("\n#", 1)[0]
    rows = (ROW.match(line) for line in section.splitlines())
    return {row["app"]: row["layer"] for row in rows if row}


def test_the_architecture_page_describes_every_app() -> None:
    documented = documented_apps()
    undocumented = [app for app in apps() if app not in documented]
    assert not undocumented, (
        f"Apps without a row in the table under {APP_TABLE_HEADING!r} of {DOC.name}: "
        f"{undocumented}; say what each owns and may import"
    )
    claimed = [app for app, layer in documented.items() if app not in apps() and layer != "planned"]
    assert not claimed, f"{DOC.name} describes apps that do not exist (mark planned): {claimed}"


def test_the_architecture_page_shows_the_layers_of_this_test() -> None:
    documented = documented_apps()
    wrong = {
        app: (documented[app], LAYER[app])
        for app in apps()
        if app in documented and app in LAYER and documented[app] != str(LAYER[app])
    }
    assert not wrong, f"Layer in {DOC.name} vs LAYERS here (app: (doc, test)): {wrong}"
