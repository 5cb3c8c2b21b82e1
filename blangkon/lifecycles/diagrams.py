"""State diagrams drawn from the transition tables, so the docs cannot drift.

`docs/domain/lifecycles.md` holds the output of `lifecycle_document()`; a test
regenerates it and compares (`make lifecycles` rewrites the file). The caller
hands the machines in (`registered_machines()` once Django has started), so
this module imports no app.
"""

from collections.abc import Iterable, Mapping

from django.utils import translation

from blangkon.lifecycles.machine import StateMachine


def mermaid_state_diagram(allowed: Mapping[str, frozenset[str]], initial: Iterable[str]) -> str:
    lines = ["stateDiagram-v2"]
    lines += [f"    [*] --> {status}" for status in initial]
    for source in allowed:
        for target in sorted(allowed[source]):
            lines.append(f"    {source} --> {target}")
    return "\n".join(lines)


def _status_table(machine: StateMachine) -> list[str]:
    rows = ["| Status | Meaning | Next | Stamped |", "|---|---|---|---|"]
    for value in machine.statuses.values:
        stamp = machine.stamps.get(value)
        stamped = ""
        if stamp:
            stamped = f"`{stamp.field}`" + (" (first time only)" if stamp.first_only else "")
        following = ", ".join(f"`{t}`" for t in sorted(machine.allowed[value])) or "— (final)"
        rows.append(f"| `{value}` | {machine.label(value)} | {following} | {stamped} |")
    return rows


def lifecycle_document(machines: Iterable[StateMachine]) -> str:
    """The whole page, in English whatever language is active."""
    with translation.override("en"):
        return _document(machines)


def _document(machines: Iterable[StateMachine]) -> str:
    sections = [
        "# Lifecycles",
        "",
        "Generated from the transition tables by `make lifecycles`; a test fails when this",
        "file and the tables differ. Every machine is moved by one function,",
        "`blangkon.lifecycles.machine.transition()`: it locks the row, checks the table and",
        "the guards, sets the status with its timestamp and companion fields, and writes a",
        "history row and an audit row (`<machine>.<status>`) in one transaction. A move to",
        "the status a row is already in, changing nothing, writes nothing.",
        "",
    ]
    for machine in machines:
        companions = ", ".join(f"`{name}`" for name in sorted(machine.companion_fields))
        sections += [
            f"## {machine.title}",
            "",
            f"Machine `{machine.name}`: `{machine.model._meta.label}.{machine.status_field}`,"
            f" table in `{machine.table_module}`, history in"
            f" `{machine.history_model._meta.label}`.",
            "",
        ]
        if machine.description:
            sections += [machine.description, ""]
        if companions:
            sections += [f"Written only by its moves: {companions}.", ""]
        sections += [
            "```mermaid",
            mermaid_state_diagram(machine.allowed, machine.initial),
            "```",
            "",
            *_status_table(machine),
            "",
        ]
    return "\n".join(sections)
