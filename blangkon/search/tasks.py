"""Search upkeep as background tasks (db_worker runs them)."""

from django.tasks import task

from blangkon.search.services import search_reshuffle_if_new_day, track_combinations


@task
def search_reshuffle_task() -> bool:
    return search_reshuffle_if_new_day()


@task
def search_combinations_task() -> int:
    return track_combinations()
