"""The access matrix's totals and the demo privacy scan's figures, printed at
the end of a run that ran them.

A plugin (loaded by the root conftest) rather than hooks in this folder's
conftest: under xdist only the controller sees every test's report, and it
loads no conftest of a subfolder.
"""

from collections import Counter
from typing import Any

MATRIX_PROPERTY = "access_matrix"
PRIVACY_PROPERTY = "demo_privacy"
_totals: Counter[str] = Counter()
_privacy: dict[str, int] = {}


def pytest_runtest_logreport(report: Any) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == PRIVACY_PROPERTY:
            _privacy.update(value)
        if name == MATRIX_PROPERTY:
            _totals.update(value)
            _totals["routes"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _privacy:
        p = _privacy
        terminalreporter.write_sep("-", "demo privacy scan")
        terminalreporter.write_line(
            f"{p['needles']} pieces of personal data looked for in {p['requests']} anonymous "
            f"answers: {p['public']} public (200) from {p['public_routes']} routes, "
            f"{p['refused_routes']} routes refused; leaks {p['leaks']}"
        )
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
