"""axe-core in the browser tests: run it on the page Playwright shows, keep what it
found, and describe the serious problems in words a reader can act on.

axe-core is vendored under tests/browser/vendor/axe-core/ (README.md there), not
under static/: only the tests load it, so the site never serves it.

It is evaluated through the DevTools protocol rather than added as a <script>
element: the site's Content Security Policy allows scripts from 'self' only, so
an inline script would be refused, and turning the policy off for the tests
would check pages under other rules than users get.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

# WCAG 2.0 and 2.1, levels A and AA: what Indonesian government sites are held to
# (and what most public-sector audits check).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The impacts that fail a test. "moderate" and "minor" are kept in the JSON
# report but do not block.
BLOCKING_IMPACTS = frozenset({"critical", "serious"})


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    targets: list[str]

    def describe(self) -> str:
        shown = self.targets[:5]
        lines = [f"  [{self.impact}] {self.rule}: {self.help}", f"    {self.help_url}"]
        lines += [f"    - {target}" for target in shown]
        if len(self.targets) > len(shown):
            lines.append(f"    (+{len(self.targets) - len(shown)} more)")
        return "\n".join(lines)


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe_scan(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations;
        }""",
        WCAG_TAGS,
    )


def violations_from(raw: list[dict[str, Any]]) -> list[Violation]:
    return [
        Violation(
            rule=item["id"],
            impact=item.get("impact") or "unknown",
            help=item["help"],
            help_url=item["helpUrl"],
            targets=[" ".join(map(str, node["target"])) for node in item["nodes"]],
        )
        for item in raw
    ]


def blocking(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in BLOCKING_IMPACTS]


def report(title: str, violations: list[Violation]) -> str:
    """The failure message: which page, then each rule with its elements and help."""
    return "\n".join(
        [f"{title}: {len(violations)} serious or critical axe-core violation(s)"]
        + [v.describe() for v in violations]
    )


def save_json(path: Path, url: str, raw: list[dict[str, Any]]) -> None:
    """Everything axe found, blocking or not, for the record CI keeps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = [
        {
            "rule": item["id"],
            "impact": item.get("impact"),
            "help": item["help"],
            "helpUrl": item["helpUrl"],
            "nodes": [
                {"target": node["target"], "html": node["html"][:300]} for node in item["nodes"]
            ],
        }
        for item in raw
    ]
    path.write_text(json.dumps({"url": url, "violations": summary}, indent=1, ensure_ascii=False))
