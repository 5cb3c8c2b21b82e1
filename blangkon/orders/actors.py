"""Who made an order's moves, as a reader may know them (the order page, the
SP and BAST pages and the API's history).

Officials act in office and are named to every reader of the order. A
vendor's user is a private person: named only to their own organisation, and
to everyone else shown by role and business. Each actor is shown in the role
and organisation they acted in (`audit.acted_as`), not as they are now.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import ROLE_LABELS, VENDOR_ROLES
from blangkon.accounts.selectors import organisation_names
from blangkon.audit.acted_as import organisation_then, role_then
from blangkon.orders.models import OrderStatusChange
from blangkon.orders.status import OrderStatus as S


@dataclass(frozen=True)
class ActedAs:
    """The role and organisation someone acted in (`audit.acted_as`)."""

    role: str
    organisation_id: int | None
    organisation: str


def acted_as_now(actor: User) -> ActedAs:
    name = actor.organisation.name if actor.organisation else ""
    return ActedAs(actor.role, actor.organisation_id, name)


def acted_as_then(history: list[OrderStatusChange]) -> dict[int, ActedAs]:
    """Each change's actor as they acted (role and organisation of the day)."""
    return acted_as_of(
        (change.pk, change.details, change.actor) for change in history if change.actor
    )


def acted_as_of(rows: Iterable[tuple[int, Any, User]]) -> dict[int, ActedAs]:
    """Key → the role and organisation recorded in the row's details (or the
    user's now), with the organisations' names read at once."""
    then = {key: role_and_organisation_then(details, actor) for key, details, actor in rows}
    names = organisation_names({organisation for _, organisation in then.values() if organisation})
    return {
        key: ActedAs(role, organisation, names.get(organisation, "") if organisation else "")
        for key, (role, organisation) in then.items()
    }


def role_and_organisation_then(details: Any, actor: User) -> tuple[str, int | None]:
    """The role and organisation id a row's details recorded (or the user's now)."""
    return role_then(details, actor), organisation_then(details, actor)


def named_to(reader: User, role: str, organisation_id: int | None) -> bool:
    """Whether `reader` may know the name of someone who acted in `role` for
    `organisation_id`: an official always, a vendor's user only to their own
    organisation."""
    return role not in VENDOR_ROLES or organisation_id == reader.organisation_id


def automatic_label(target: str) -> str:
    """Who made a move nobody asked for, by where it went: the bank's signed
    callback pays, the scheduler completes a paid order or cancels one
    nobody answered in time."""
    if target == S.DIBAYAR:
        return _("The bank (virtual-account payment)")
    if target == S.SELESAI:
        return _("Automatic (completed after the working days allowed)")
    return _("Automatic (no answer in time)")


def actor_label(
    actor: User | None, reader: User, target: str = "", then: ActedAs | None = None
) -> str:
    """Who made a move, as the reader may know it, in the role and organisation
    they acted in (`then`; by default as they are now)."""
    if actor is None:
        return automatic_label(target)
    then = then or acted_as_now(actor)
    role = ROLE_LABELS.get(then.role) or then.role
    if not named_to(reader, then.role, then.organisation_id):
        return f"{role}, {then.organisation}"
    return f"{actor.get_full_name() or actor.username} ({role}, {then.organisation})"
