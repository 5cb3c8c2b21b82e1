"""The one write a person makes on a red flag: its review, with a note."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError, Forbidden
from blangkon.red_flags.models import FlagStatus, RedFlag
from blangkon.red_flags.selectors import flag_get, may_review
from blangkon.red_flags.transitions import red_flag_transition

NOTE_MAX = 2_000


def flag_review(*, user: Any, flag_id: int, to: str, note: str) -> RedFlag:
    """An auditor marks a flag reviewed or dismissed, or reopens it, writing
    why. A flag the user may not read is NotFound; a reader who may not
    review is Forbidden; a missing note or an unknown status is invalid."""
    with transaction.atomic():
        flag = flag_get(user, flag_id)
        if not may_review(user):
            raise Forbidden()
        note = note.strip()
        errors = {}
        if to not in FlagStatus.values:
            errors["status"] = _("Choose open, reviewed or dismissed.")
        if not note:
            errors["note"] = _("Write what you found or why the indicator is dismissed.")
        elif len(note) > NOTE_MAX:
            errors["note"] = _("Write at most %(max)d characters.") % {"max": NOTE_MAX}
        if errors:
            raise DomainError("invalid", _("Check the review."), errors)
        return red_flag_transition(flag_id=flag.pk, to=to, actor=user, note=note)
