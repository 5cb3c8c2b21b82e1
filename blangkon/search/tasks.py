"""The daily tie reshuffle as a background task (db_worker runs it)."""

from django.tasks import task

from blangkon.search.services import search_reshuffle_if_new_day


@task
def search_reshuffle_task() -> bool:
    return search_reshuffle_if_new_day()
