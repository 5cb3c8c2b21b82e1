"""Writes of the search app: synonyms (provincial admins), the daily
reshuffle and the choice of word combinations to count. The index itself is
written by triggers only."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils.translation import gettext as _

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.models import User
from blangkon.audit.services import audit_record
from blangkon.core.db_roles import analyze
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.search.models import Synonym, SynonymKind
from blangkon.search.sql import COMBINATION_MIN_ROWS
from blangkon.search.vocabulary import normalised_term

MAX_TERMS = 10
MAX_TERM_CHARS = 60  # Synonym.terms' item length


def _check_editor(actor: User) -> None:
    if not is_province_admin(actor):
        raise Forbidden


def _invalid(message: str, field: str = "terms") -> DomainError:
    return DomainError("invalid", message, {field: message})


def _clean_terms(text: str) -> list[str]:
    """ "atk, alat tulis kantor" -> ["atk", "alat tulis kantor"]: normalised,
    without repeats, in the order given; at least two and at most MAX_TERMS."""
    terms = list(dict.fromkeys(normalised_term(t) for t in text.split(",")))
    terms = [t for t in terms if t]
    if len(terms) < 2:
        raise _invalid(_("Enter at least two words or phrases, separated by commas."))
    if len(terms) > MAX_TERMS:
        raise _invalid(_("At most %(max)d terms in one group.") % {"max": MAX_TERMS})
    long = [t for t in terms if len(t) > MAX_TERM_CHARS]
    if long:
        raise _invalid(
            _("“%(term)s” is too long: at most %(max)d characters a term.")
            % {"term": long[0][:MAX_TERM_CHARS] + "…", "max": MAX_TERM_CHARS}
        )
    return terms


def _clean_kind(kind: str) -> str:
    if kind not in SynonymKind.values:
        raise _invalid(_("Choose a two-way group or a one-way rule."), "kind")
    return kind


def synonym_save(
    *,
    actor: User,
    terms: str,
    kind: str = SynonymKind.GROUP,
    synonym_id: int | None = None,
    ip_address: str | None = None,
) -> Synonym:
    """Create (or replace the terms and kind of) a synonym group or one-way
    rule. In a one-way rule the first term is the one typed. A shipped row
    edited here is the admin's from then on (no longer removed with the
    starter vocabulary)."""
    _check_editor(actor)
    clean, clean_kind = _clean_terms(terms), _clean_kind(kind)
    with transaction.atomic():
        if synonym_id is None:
            synonym = Synonym.objects.create(terms=clean, kind=clean_kind, created_by=actor)
            before: list[str] = []
            kind_before = ""
        else:
            found = Synonym.objects.select_for_update().filter(pk=synonym_id).first()
            if found is None:
                raise NotFound
            synonym, before, kind_before = found, list(found.terms), found.kind
            synonym.terms, synonym.kind, synonym.shipped = clean, clean_kind, False
            synonym.save(update_fields=["terms", "kind", "shipped", "updated_at"])
        audit_record(
            actor=actor,
            action="search.synonym_saved",
            obj=synonym,
            details={"terms": [before, clean], "kind": [kind_before, clean_kind]},
            ip_address=ip_address,
        )
        _recount_combinations_after_commit()
    return synonym


def synonym_delete(*, actor: User, synonym_id: int, ip_address: str | None = None) -> None:
    _check_editor(actor)
    with transaction.atomic():
        synonym = Synonym.objects.select_for_update().filter(pk=synonym_id).first()
        if synonym is None:
            raise NotFound
        audit_record(
            actor=actor,
            action="search.synonym_deleted",
            obj=synonym,
            details={"terms": [synonym.terms, []], "kind": [synonym.kind, ""]},
            ip_address=ip_address,
        )
        synonym.delete()
        _recount_combinations_after_commit()


def _recount_combinations_after_commit() -> None:
    """A synonym group's phrases are counted as combinations (search.sql):
    queue the recount for when the change is committed."""
    from blangkon.search.tasks import search_combinations_task

    transaction.on_commit(search_combinations_task.enqueue)


def track_combinations(*, min_rows: int = COMBINATION_MIN_ROWS) -> int:
    """Count the word pairs common in names (at least `min_rows` products)
    and the synonym phrases in search_facet_count from now on; stop counting
    the ones no longer wanted. Returns how many are counted. Seconds at a
    million products: once a day, after a rebuild, when synonyms change."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT search_track_combinations(%s)", [min_rows])
        return int(cursor.fetchone()[0])


def search_reshuffle_if_new_day() -> bool:
    """Re-key the tie order once a day (ties are broken by a hash of the
    product id and the date) and choose the day's word combinations.
    Returns whether it ran. Run by the daily scheduler (search_reshuffle_task)
    or `manage.py search_reshuffle`, never by a search: reads schedule no work,
    and until it runs, ties keep the order of the last key."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT seed = search_day_seed() FROM search_state")
        row = cursor.fetchone()
        if row is None or row[0]:
            return False
        cursor.execute("SELECT search_reshuffle()")
    track_combinations()
    return True


# Held by the session that rebuilds (a session lock: it goes if the process dies).
_REBUILD_LOCK = "blangkon.search_rebuild"


def rebuild_index() -> int:
    """Rebuild the search index from the products while searches and product
    writes go on (ADR 0042); returns how many live products it indexed.
    Three commits: refreshes start noting their ids (search_rebuild_begin),
    the missing facet cells are added, then the build in new tables, the
    catch-up on the noted ids and the swap. Searches and writes wait only
    for the catch-up and the swap.
    Inside a transaction (a test, a bulk load) the steps cannot commit: the
    rebuild is then one transaction in which refreshes wait for it."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("SELECT search_rebuild_as_owner()")
            return int(cursor.fetchone()[0])
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [_REBUILD_LOCK])
        if not cursor.fetchone()[0]:
            raise RuntimeError("a rebuild of the search index is already running")
        try:
            cursor.execute("SELECT search_rebuild_begin()")
            cursor.execute("SELECT search_add_cells(NULL)")
            with transaction.atomic():
                cursor.execute("SELECT search_rebuild_as_owner()")
                return int(cursor.fetchone()[0])
        finally:
            # After a failure: refreshes stop noting ids (the swap did it otherwise).
            cursor.execute("UPDATE search_state SET rebuilding_since = NULL")
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [_REBUILD_LOCK])


@contextmanager
def search_index_paused() -> Iterator[None]:
    """For bulk loads (the demo seeder): the search triggers are off while the
    block runs and the index is rebuilt once at the end, in the caller's
    transaction. Refreshing per batch costs ~1 ms a product; one rebuild a
    fraction of that. The ALTER TABLEs lock the tables until commit, which is
    what a bulk load wants anyway. Switching triggers, ANALYZE and the rebuild
    are for the tables' owner: the application's role asks functions that run
    as the owner (search.sql.OWNER_FUNCTIONS, core.db_roles.analyze)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_triggers_enable(false)")
    yield
    # A table with deferred foreign-key checks pending cannot be altered:
    # run the checks now (with fresh statistics, or each check scans).
    analyze()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SELECT search_triggers_enable(true)")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Analyses search_document itself once it is filled.
        cursor.execute("SELECT search_rebuild_as_owner()")
