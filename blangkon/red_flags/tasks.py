from django.tasks import task

from blangkon.red_flags.refresh import red_flags_refresh


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
