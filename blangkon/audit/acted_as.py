"""The role and organisation an actor acted in, kept with what they did.

A user's role or OPD may change later (a PP made PPK, an official moved to
another OPD); an audit row and a state machine's history row must still say
who the actor was when they acted. Both rows hold it in their details under
`acted_as`: `{"role": "ppk", "organisation": 12}`. Rows written before it was
kept have none, and readers fall back to the user as they are now.
"""

from typing import Any

ACTED_AS = "acted_as"


def acted_as(actor: Any) -> dict[str, Any] | None:
    """{"role": …, "organisation": id} of a signed-in actor; None for the system."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return {"role": actor.role, "organisation": actor.organisation_id}


def with_acted_as(details: dict[str, Any] | None, actor: Any) -> dict[str, Any]:
    """`details` with the actor's `acted_as` added (kept if already there)."""
    details = dict(details or {})
    if (facts := acted_as(actor)) is not None:
        details.setdefault(ACTED_AS, facts)
    return details


def _then(details: Any) -> dict[str, Any]:
    facts = details.get(ACTED_AS) if isinstance(details, dict) else None
    return facts if isinstance(facts, dict) else {}


def role_then(details: Any, user: Any) -> str:
    """The role recorded in a row's details, or the user's role now."""
    role = _then(details).get("role")
    return role if isinstance(role, str) and role else user.role


def organisation_then(details: Any, user: Any) -> int | None:
    """The organisation recorded in a row's details, or the user's now."""
    facts = _then(details)
    if "organisation" not in facts:
        return user.organisation_id
    organisation = facts["organisation"]
    return organisation if isinstance(organisation, int) else None
