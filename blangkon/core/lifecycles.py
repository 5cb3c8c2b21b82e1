"""State diagrams drawn from the transition tables, so docs cannot drift.

`docs/domain/lifecycles.md` holds the output of `lifecycle_document()`; a test
regenerates it and compares (`make lifecycles` rewrites the file).
"""

from collections.abc import Mapping


def mermaid_state_diagram(allowed: Mapping[str, frozenset[str]], initial: str) -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {initial}"]
    for source in allowed:
        for target in sorted(allowed[source]):
            lines.append(f"    {source} --> {target}")
    return "\n".join(lines)


def lifecycle_document() -> str:
    from blangkon.catalog.status import ALLOWED as PRODUCT_ALLOWED
    from blangkon.vendors.status import ALLOWED as VENDOR_ALLOWED

    sections = [
        "# Lifecycles",
        "",
        "Generated from the transition tables by `make lifecycles`; a test fails when this",
        "file and the tables differ. Every move is made by one function (`vendor_transition`,",
        "`product_transition`) that locks the row, checks the table, writes a history row and",
        "an audit row in one transaction.",
        "",
        "## Vendor verification (`blangkon/vendors/status.py`)",
        "",
        "```mermaid",
        mermaid_state_diagram(VENDOR_ALLOWED, "draft"),
        "```",
        "",
        "## Product curation (`blangkon/catalog/status.py`)",
        "",
        "```mermaid",
        mermaid_state_diagram(PRODUCT_ALLOWED, "draft"),
        "```",
        "",
    ]
    return "\n".join(sections)
