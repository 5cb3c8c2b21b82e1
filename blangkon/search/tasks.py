"""Search upkeep as background tasks (db_worker runs them).

The daily scheduler enqueues both once a day; nothing on the read path does:
a search only reads. `search_combinations_task` is also queued when synonyms
change (services.synonym_save, synonym_delete).
"""

from django.tasks import task

from blangkon.search.services import search_reshuffle_if_new_day, track_combinations


@task
def search_reshuffle_task() -> bool:
    """Re-key the day's tie order and choose the day's word combinations."""
    return search_reshuffle_if_new_day()


@task
def search_combinations_task() -> int:
    """Choose the word combinations to count (common in names, synonym phrases)."""
    return track_combinations()
