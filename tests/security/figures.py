"""The access matrix's totals, printed at the end of a run that ran it.

A plugin (loaded by the root conftest) rather than hooks in this folder's
conftest: under xdist only the controller sees every test's report, and it
loads no conftest of a subfolder.
"""

from collections import Counter
from typing import Any

MATRIX_PROPERTY = "access_matrix"
_totals: Counter[str] = Counter()


def pytest_runtest_logreport(report: Any) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == MATRIX_PROPERTY:
            _totals.update(value)
            _totals["routes"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _totals:
        return
    t = _totals
    terminalreporter.write_sep("-", "access matrix")
    terminalreporter.write_line(
        f"{t['routes']} routes, {t['cells']} route x actor x ownership cells, "
        f"{t['requests']} requests; leaks {t['leaks']}; writes the table refuses: "
        f"{t['refused_writes']} attempted, {t['writes_through']} got through; "
        f"server errors {t['server_errors']}"
    )
