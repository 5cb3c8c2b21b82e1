"""Writing the detectors' findings: one row per finding, by its key.

A finding found again updates its row (value, evidence, last seen) and never
its review; a new one is inserted open; a row whose finding is gone is kept,
marked no longer present (and present again if it comes back). So running a
refresh twice changes nothing but `last_seen_at`, and a scheduled run that
comes late or twice is harmless (config/schedule.py).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from blangkon.core.locks import session_lock
from blangkon.red_flags.detectors import DETECTORS, SCOPED_KINDS, Finding, Scope
from blangkon.red_flags.models import FlagStatus, RedFlag

UPDATED = ("value", "evidence", "opd", "satker", "region", "vendor", "vendor_code")
LOCK = "red_flags.refresh"


@dataclass(frozen=True)
class Changes:
    """What a run changed for one kind: findings new, back after being gone,
    gone; and how many it found in all."""

    found: int = 0
    raised: int = 0
    back: int = 0
    gone: int = 0


def red_flags_refresh(kinds: Iterable[str] | None = None) -> dict[str, Changes]:
    """Run the detectors of `kinds` (all by default) and write their findings;
    returns what changed per kind. A run already in progress elsewhere makes
    this one a no-op (empty: the next slot catches up)."""
    changes: dict[str, Changes] = {}
    with session_lock(LOCK, 0) as taken:
        if not taken:
            return changes
        for kind in kinds or DETECTORS:
            changes[kind] = _write(kind, DETECTORS[kind](None), scope=None)
    return changes


def red_flags_refresh_pair(opd_id: int, vendor_id: int) -> None:
    """The cheap kinds for one buyer and vendor of Blangkon, after one of
    their orders moved. Skipped while a full run holds the lock (both write
    the same rows; the next full run sees this order)."""
    scope = Scope(opd_id=opd_id, vendor_id=vendor_id)
    with session_lock(LOCK, 0) as taken:
        if not taken:
            return
        for kind in SCOPED_KINDS:
            _write(kind, DETECTORS[kind](scope), scope=scope)


def _write(kind: str, findings: list[Finding], *, scope: Scope | None) -> Changes:
    now = timezone.now()
    with transaction.atomic():
        existing = RedFlag.objects.filter(kind=kind)
        if scope is not None:
            existing = existing.filter(opd_id=scope.opd_id, vendor_id=scope.vendor_id)
        rows = existing.select_for_update().values_list("key", "pk", "still_present")
        known = {key: (pk, present) for key, pk, present in rows}
        found = {finding.key: finding for finding in findings}
        RedFlag.objects.bulk_create(
            [_row(finding, now) for finding in found.values()],
            batch_size=2_000,
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=[*UPDATED, "last_seen_at", "still_present", "updated_at"],
        )
        gone = [pk for key, (pk, present) in known.items() if key not in found and present]
        RedFlag.objects.filter(pk__in=gone).update(still_present=False, updated_at=now)
    return Changes(
        found=len(found),
        raised=sum(1 for key in found if key not in known),
        back=sum(1 for key in found if key in known and not known[key][1]),
        gone=len(gone),
    )


def _row(finding: Finding, now: datetime.datetime) -> RedFlag:
    return RedFlag(
        key=finding.key,
        kind=finding.kind,
        channel=finding.channel,
        opd_id=finding.opd_id,
        satker_id=finding.satker_id,
        region_id=finding.region_id,
        vendor_id=finding.vendor_id,
        vendor_code=finding.vendor_code,
        value=finding.value,
        evidence=finding.evidence,
        first_raised_at=now,
        last_seen_at=now,
        still_present=True,
        status=FlagStatus.OPEN,
        updated_at=now,
    )
