"""The review machine of a red flag (RedFlag.status with its note and who).
The only code that moves a flag's review; services.flag_review checks who may
ask. docs/domain/lifecycles.md draws it.

Open → reviewed (looked at, the note says what was found) or dismissed (not
a concern, the note says why); either may be reopened, and a reviewed flag
may still be dismissed. A flag is created open by the detectors, with no
history row: a detector run is not a person's act, and one row per finding
would cost a refresh of a million orders as much as the finding itself.
"""

from typing import Any

from blangkon.lifecycles.machine import Stamp, StateMachine, transition
from blangkon.red_flags.models import FlagStatus, RedFlag, RedFlagStatusChange

S = FlagStatus

ALLOWED: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.REVIEWED, S.DISMISSED}),
    S.REVIEWED: frozenset({S.OPEN, S.DISMISSED}),
    S.DISMISSED: frozenset({S.OPEN}),
}

RED_FLAG_MACHINE = StateMachine(
    name="red_flag",
    title="Red flags: the review of an indicator",
    model=RedFlag,
    statuses=FlagStatus,
    allowed=ALLOWED,
    initial=(S.OPEN,),
    history_model=RedFlagStatusChange,
    history_fk="flag",
    # The buyer's organisation when it is one of ours; an INAPROC satker's
    # flag is the auditors' own business (no organisation).
    organisation=lambda flag: flag.opd,
    stamps={S.REVIEWED: Stamp("reviewed_at"), S.DISMISSED: Stamp("reviewed_at")},
    companion_fields=frozenset({"review_note", "reviewed_by"}),
    lock_related=("opd",),
    table_module="blangkon/red_flags/transitions.py",
    description=(
        "An indicator computed by the detectors starts open. An auditor marks it reviewed "
        "or dismissed, always with a note; either may be reopened."
    ),
)


def red_flag_transition(*, flag_id: int, to: str, actor: Any, note: str) -> RedFlag:
    row: RedFlag = transition(
        RED_FLAG_MACHINE,
        pk=flag_id,
        to=to,
        actor=actor,
        reason=note,
        fields={"review_note": note, "reviewed_by": actor},
    )
    return row
