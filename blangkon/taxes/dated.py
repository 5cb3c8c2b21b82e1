"""Dated rules: a table of rule entries, oldest first, each in force from its
start date until the next one starts. An entry is never edited: a change of law
is a new entry, so a past date keeps the rules it had."""

import datetime
from collections.abc import Sequence
from typing import Protocol


class RuleOutOfRange(ValueError):
    """The date is before the oldest entry of a table."""


class Dated(Protocol):
    @property
    def starts_on(self) -> datetime.date: ...


def in_force[R: Dated](rules: Sequence[R], on: datetime.date, what: str = "tax rule") -> R:
    """The newest entry that started on or before a date; `what` names it in the error."""
    current = None
    for rule in rules:
        if rule.starts_on <= on:
            current = rule
    if current is None:
        raise RuleOutOfRange(f"No {what} is known for {on.isoformat()}.")
    return current
