"""One line per page of what axe-core found in the last accessibility run:

    uv run --frozen python -m tests.browser.axe_summary [--all]

reads test-artifacts/axe/<role>/<page>-<viewport>.json (test_accessibility.py
writes them) and prints each page's rules with their impact and how many
elements break them. Pages without a violation are left out unless --all.
"""

import json
import sys
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # as in conftest.py


def summary_lines(show_clean: bool) -> list[str]:
    lines = []
    for path in sorted((ARTIFACTS / "axe").glob("*/*.json")):
        found = json.loads(path.read_text())["violations"]
        rules = ", ".join(
            f"{item['rule']} [{item['impact']}] ×{len(item['nodes'])}" for item in found
        )
        if rules or show_clean:
            lines.append(f"{path.parent.name}/{path.stem}: {rules or 'none'}")
    return lines


if __name__ == "__main__":
    for line in summary_lines(show_clean="--all" in sys.argv):
        print(line)  # noqa: T201 (a command-line tool)
