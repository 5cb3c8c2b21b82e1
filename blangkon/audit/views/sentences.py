"""An audit row as a sentence a reader who is not a developer understands:
"Admin provinsi (Budi Santoso) menyetujui produk Kertas HVS A4 milik CV
Sumber Rejeki.", in the reader's language, the object linked where the reader
may open it, with its details as labelled, translated values.

The sentence of each action code is in `blangkon/audit/actions.py`; the
object's label and link come from `objects.py`, the details from
`details.py`. Every reader of the audit log is official staff (kab/kota and
province admins, auditors: `accounts.access.can_read_audit`), so actors are
shown by role and name; identity and bank numbers never are.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import ROLE_LABELS
from blangkon.audit.acted_as import role_then
from blangkon.audit.actions import FALLBACK_SENTENCE, KIND_BY_CODE, action_entry
from blangkon.audit.models import AuditEvent
from blangkon.audit.views.details import Detail, masked, readable_details
from blangkon.audit.views.objects import ObjectRef, resolve_objects


@dataclass(frozen=True)
class Actor:
    role: str  # "Admin provinsi"; "Sistem" for scheduled jobs and workers
    name: str  # "Budi Santoso", or "" when the role says it all


@dataclass(frozen=True)
class ReadableEvent:
    event: AuditEvent
    actor: Actor
    object: ObjectRef
    kind: str  # the kind of action, as the filter names it
    sentence: SafeString  # HTML: the object linked
    text: str  # the same sentence as plain text (exports)
    details: list[Detail]


def _actor(event: AuditEvent) -> Actor:
    """Who acted, in the role they had then (rows written before the role was
    recorded show the user's role now)."""
    user = event.actor
    if user is None:
        if event.actor_username:
            return Actor(_("Someone"), event.actor_username)
        return Actor(_("The system"), "")
    role = ROLE_LABELS.get(role_then(event.details, user)) or _("User")
    return Actor(capfirst(str(role)), user.get_full_name() or user.get_username())


def _sentence_template(event: AuditEvent) -> str:
    entry = action_entry(event.action)
    if entry is None:
        return str(FALLBACK_SENTENCE)
    details = event.details if isinstance(event.details, dict) else {}
    for key, variant in entry.variants:
        if details.get(key):
            return str(variant)
    return str(entry.sentence)


def _kind(event: AuditEvent) -> str:
    entry = action_entry(event.action)
    return str(KIND_BY_CODE[entry.kind].label) if entry else _("Other action")


def _placeholders(template: str) -> str:
    """A gettext sentence ("%(actor)s approved %(object)s") as a format_html
    pattern, escaped: the translation is text, never markup."""
    pattern = str(escape(template)).replace("{", "{{").replace("}", "}}")
    return re.sub(r"%\((\w+)\)s", r"{\1}", pattern)


def _object_html(ref: ObjectRef) -> SafeString:
    label = format_html('<a href="{}">{}</a>', ref.url, ref.label) if ref.url else escape(ref.label)
    if not ref.owner:
        return label
    return format_html(_placeholders(_("%(object)s of %(owner)s")), object=label, owner=ref.owner)


def _object_text(ref: ObjectRef) -> str:
    if not ref.owner:
        return ref.label
    return _("%(object)s of %(owner)s") % {"object": ref.label, "owner": ref.owner}


def _actor_text(actor: Actor) -> str:
    return f"{actor.role} ({actor.name})" if actor.name else actor.role


def readable_event(event: AuditEvent, actor: Actor, ref: ObjectRef) -> ReadableEvent:
    # The sentence starts with the actor's role (capitalised) or with a word.
    template = capfirst(_sentence_template(event)) + "."
    parts = {"actor": _actor_text(actor), "action": event.action}
    return ReadableEvent(
        event=event,
        actor=actor,
        object=ref,
        kind=_kind(event),
        sentence=format_html(_placeholders(template), object=_object_html(ref), **parts),
        text=template % {"object": _object_text(ref), **parts},
        details=readable_details(
            action=event.action, object_type=event.object_type, details=event.details
        ),
    )


def readable_events(
    events: list[AuditEvent], *, viewer: User, links: bool = True
) -> list[ReadableEvent]:
    """The rows of one page (or one chunk of an export) as sentences; a query
    per object type among them, not per row."""
    refs = resolve_objects(events, viewer if links else None)
    return [readable_event(event, _actor(event), _masked(refs[event.pk])) for event in events]


def _masked(ref: ObjectRef) -> ObjectRef:
    """Labels come from what users typed (a product name, a lockout's
    username): a NIK or an account number typed there stays hidden too."""
    return ObjectRef(masked(ref.label), masked(ref.owner), ref.url)
