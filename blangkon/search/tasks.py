"""Search upkeep as background tasks (db_worker runs them; the scheduler
queues them: config/schedule.py, ADR 0017). Nothing on the read path queues
them: a search only reads. `search_combinations_task` is also queued when
synonyms change (services.synonym_save, synonym_delete)."""

from django.tasks import task

from blangkon.search.services import search_reshuffle_if_new_day, track_combinations


@task
def search_reshuffle_task() -> bool:
    """Re-key the tie order when the search's day has changed. Idempotent and
    safe to run twice: once today's key is set a run does nothing (returns
    False), and two runs at once compute the same key."""
    return search_reshuffle_if_new_day()


@task
def search_combinations_task() -> int:
    """Choose the word combinations to count. Idempotent and safe to run
    twice: it recomputes the same choice from the same products."""
    return track_combinations()
