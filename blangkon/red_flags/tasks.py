from django.tasks import task

from blangkon.red_flags.refresh import red_flags_refresh, red_flags_refresh_pair


@task
def red_flags_refresh_task() -> dict[str, int]:
    """Every detector, every quarter of an hour. Idempotent: a finding is one
    row by its key, so a late or repeated run updates the same rows; returns
    the flags it raised, found again after they were gone, and found gone."""
    changes = red_flags_refresh().values()
    return {
        "raised": sum(c.raised for c in changes),
        "back": sum(c.back for c in changes),
        "gone": sum(c.gone for c in changes),
    }


@task
def red_flags_refresh_pair_task(opd_id: int, vendor_id: int) -> None:
    """The split and near-ceiling flags of one OPD and vendor, after one of
    their orders was signed or left the counted set (receivers.py).
    Idempotent like the full run, and skipped while a full run holds the lock
    (it sees the order too)."""
    red_flags_refresh_pair(opd_id, vendor_id)
