"""The procurement vocabulary: two-way groups, one-way rules, the shipped
starter set and its data migration, and the admin page that edits them."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from blangkon.audit.models import AuditEvent
from blangkon.search.models import Synonym, SynonymKind
from blangkon.search.params import SearchParams
from blangkon.search.query import MAX_ALTERNATIVES, MAX_WORDS, Rule, expand_synonyms
from blangkon.search.selectors import search_products
from blangkon.search.services import MAX_TERM_CHARS, MAX_TERMS
from blangkon.search.tests.factories import make_live, vendors
from blangkon.search.understanding import MAX_EITHER, understand
from blangkon.search.vocabulary import load_starter, rule_key, starter_rules, unload_starter
from blangkon.vendors.models import Vendor

__all__ = ["vendors"]

migration = importlib.import_module("blangkon.search.migrations.0011_starter_vocabulary")


def ids(q: str) -> set[int]:
    return {p.pk for p in search_products(params=SearchParams(q=q)).products}


# --- expansion (pure) ---------------------------------------------------------


def test_a_one_way_rule_expands_its_first_term_only():
    rules = [
        Rule((("infocus",), ("proyektor",)), one_way=True),
        Rule((("proyektor",), ("projector",))),
    ]
    # The brand finds the products and, one step on, their two-way group.
    assert [p.phrases for p in expand_synonyms(["infocus"], rules)] == [
        (("infocus",), ("proyektor",), ("projector",))
    ]
    # The generic word keeps its own group and never becomes the brand.
    assert [p.phrases for p in expand_synonyms(["proyektor"], rules)] == [
        (("proyektor",), ("projector",))
    ]
    # A plain list of phrases is a two-way group, as before.
    assert [
        p.phrases for p in expand_synonyms(["projector"], [[["proyektor"], ["projector"]]])
    ] == [(("proyektor",), ("projector",))]


def test_a_word_in_many_groups_gets_at_most_max_alternatives():
    rules = [Rule((("map",), (f"folder{i}",))) for i in range(30)]
    (part,) = expand_synonyms(["map"], rules)
    assert len(part.phrases) == MAX_ALTERNATIVES
    assert part.phrases[0] == ("map",)
    # A one-way rule's own targets come before their groups' other words.
    rules = [
        Rule((("konsumsi",), ("snack",), ("nasi", "kotak"), ("coffee", "break")), one_way=True),
        Rule(tuple((f"snack{i}",) for i in range(20)) + (("snack",),)),
    ]
    (part,) = expand_synonyms(["konsumsi"], rules)
    assert len(part.phrases) == MAX_ALTERNATIVES
    assert part.phrases[:4] == (("konsumsi",), ("snack",), ("nasi", "kotak"), ("coffee", "break"))


# --- searching with the shipped vocabulary ---------------------------------------


def test_a_group_finds_its_products_both_ways(vendors: dict[str, Vendor]):
    ballpoint = make_live(vendors["batang"], "Ballpoint Standard hitam 0.5")
    pulpen = make_live(vendors["kendal"], "Pulpen gel biru")
    bolpoin = make_live(vendors["semarang"], "Bolpoin cetak logo instansi")
    make_live(vendors["batang"], "Pensil 2B")
    every = {ballpoint.pk, pulpen.pk, bolpoin.pk}
    for q in ("pulpen", "ballpoint", "bolpoin", "pena", "ball point"):
        assert ids(q) == every, q


def test_a_one_way_rule_finds_generic_products_not_the_reverse(vendors: dict[str, Vendor]):
    projector = make_live(
        vendors["batang"], "Proyektor 3500 lumen", category="audio-multimedia", unit="unit"
    )
    brand_only = make_live(
        vendors["kendal"], "Infocus IN112 bekas kantor", category="audio-multimedia", unit="unit"
    )
    water = make_live(
        vendors["batang"], "Air mineral 600 ml", category="makanan-kemasan", unit="karton"
    )
    aqua = make_live(
        vendors["semarang"], "Aqua gelas 240 ml", category="makanan-kemasan", unit="karton"
    )
    assert ids("infocus") == {projector.pk, brand_only.pk}
    assert ids("proyektor") == {projector.pk}
    assert ids("aqua") == {water.pk, aqua.pk}
    assert ids("air mineral") == {water.pk}
    # English words find the Indonesian names; the Indonesian stays as typed.
    chair = make_live(vendors["batang"], "Kursi lipat besi", category="furnitur", unit="unit")
    assert ids("chair") == {chair.pk}
    assert understand("kursi").tsquery == "kursi"


def test_konsumsi_finds_meeting_food_instead_of_being_corrected(vendors: dict[str, Vendor]):
    box = make_live(vendors["batang"], "Nasi kotak ayam bakar", category="katering", unit="kotak")
    make_live(vendors["kendal"], "Buku saku hak konsumen")
    assert understand("konsumsi").corrected == ["konsumsi"]
    assert ids("konsumsi") == {box.pk}


def test_three_expandable_words_stay_small_and_are_counted_once(
    vendors: dict[str, Vendor], django_assert_max_num_queries
):
    bundle = make_live(vendors["batang"], "Paket bolpoin, stopmap dan plakban")
    make_live(vendors["kendal"], "Bolpoin dan stopmap")
    q = "pulpen map lakban"
    text = understand(q)
    assert [len(p.phrases) for p in text.parts] == [7, 4, 3]
    # "stop map" holds "map": an alternative holding all of another's words
    # adds nothing to the text index's query (A | A & B is A).
    assert text.tsquery.count("|") == (7 - 1) + (4 - 1 - 1) + (3 - 1)
    # Of the 7 * 4 * 3 sets of words only bolpoin & stopmap & plakban can
    # match: the spellings no live product has are not counted.
    assert text.conjunctions == (("bolpoin", "plakban", "stopmap"),)
    assert search_products(params=SearchParams(q=q)).count == 1

    # With several live spellings at each position the union would take
    # 2^18 - 1 counts by inclusion-exclusion; above MAX_EITHER sets the
    # query is counted over its matching rows instead, in one pass.
    for name in ("Pulpen gel", "Ballpoint hitam", "Map folder biru", "Lakban coklat"):
        make_live(vendors["semarang"], name)
    text = understand(q)
    assert text.conjunctions == ()
    assert MAX_EITHER < 3 * 3 * 2
    # (The count from the rows is 5 statements: a savepoint, the planner
    # setting for hashing, the count, the setting back, the release.)
    with django_assert_max_num_queries(15):
        result = search_products(params=SearchParams(q=q))
    assert ([p.pk for p in result.products], result.count) == ([bundle.pk], 1)


def test_the_longest_query_of_synonyms_stays_linear(vendors: dict[str, Vendor]):
    q = "pulpen map lakban spidol stapler penghapus amplop lem"
    text = understand(q)
    assert len(text.parts) == MAX_WORDS
    alternatives = sum(len(p.phrases) for p in text.parts)
    assert alternatives <= MAX_WORDS * MAX_ALTERNATIVES
    # Less the two alternatives that hold another's words ("stop map" holds
    # "map", "karet penghapus" holds "penghapus").
    assert text.tsquery.count("|") == alternatives - MAX_WORDS - 2
    assert search_products(params=SearchParams(q=q)).count == 0


# --- the shipped starter set and its data migration ------------------------------


def _rules_in_table() -> set[tuple[str, str, frozenset[str]]]:
    return {rule_key(kind, terms) for kind, terms in Synonym.objects.values_list("kind", "terms")}


def test_the_starter_vocabulary_is_loaded_by_the_migration(db: None):
    shipped = Synonym.objects.filter(shipped=True)
    assert shipped.count() >= 150
    assert shipped.filter(kind=SynonymKind.ONE_WAY).count() >= 50
    # Every rule of the file is in the table, the ones the earlier starting
    # synonyms already held (atk, laptop, tisu) among them only once.
    assert {rule_key(kind, terms) for kind, terms in starter_rules()} <= _rules_in_table()
    assert Synonym.objects.filter(terms=["tisu", "tissue"]).count() == 1
    infocus = Synonym.objects.get(terms=["infocus", "proyektor"])
    assert infocus.kind == SynonymKind.ONE_WAY
    # Each shipped rule is one an admin could have saved, so each can be
    # edited on the page as it is.
    for _kind, terms in starter_rules():
        assert 2 <= len(terms) <= MAX_TERMS, terms
        assert max(len(t) for t in terms) <= MAX_TERM_CHARS, terms


def test_the_migration_is_idempotent_and_removes_only_what_it_added(db: None):
    before = Synonym.objects.count()
    migration.load(apps, None)
    assert Synonym.objects.count() == before  # nothing twice
    # An admin made one of the rules before the vocabulary arrived: it is
    # not duplicated, and it stays when the vocabulary is removed; so does
    # a shipped rule an admin edited since.
    migration.unload(apps, None)
    assert not Synonym.objects.filter(shipped=True).exists()
    admin_made = Synonym.objects.create(terms=["aqua", "air mineral"], kind=SynonymKind.ONE_WAY)
    assert load_starter() == len({rule_key(k, t) for k, t in starter_rules()}) - 4
    assert Synonym.objects.filter(terms=["aqua", "air mineral"]).count() == 1
    edited = Synonym.objects.get(terms=["honda", "sepeda motor"])
    Synonym.objects.filter(pk=edited.pk).update(shipped=False)
    remaining = Synonym.objects.filter(shipped=False).count()
    migration.unload(apps, None)
    assert Synonym.objects.count() == remaining
    assert Synonym.objects.filter(pk__in=[admin_made.pk, edited.pk]).count() == 2
    assert unload_starter() == 0


# --- the provincial admin's page ----------------------------------------------------


def test_province_admins_edit_the_direction(
    client_for, world, vendors: dict[str, Vendor], django_capture_on_commit_callbacks
):
    drill = make_live(vendors["batang"], "Bor listrik 13 mm", category="perlengkapan-kantor")
    brand = make_live(vendors["kendal"], "Makita HP1630", category="perlengkapan-kantor")
    client = client_for(world.user("admin.provinsi"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/katalog/sinonim/", {"terms": "Makita, bor listrik", "kind": "one_way"}
        )
    assert response.status_code == 302
    rule = Synonym.objects.get(terms=["makita", "bor listrik"])
    assert (rule.kind, rule.shipped, rule.created_by) == (
        SynonymKind.ONE_WAY,
        False,
        world.user("admin.provinsi"),
    )
    assert ids("makita") == {drill.pk, brand.pk}
    assert ids("bor listrik") == {drill.pk}
    page = client.get("/katalog/sinonim/", {"q": "makita"}).content.decode()
    assert "makita → bor listrik" in page
    assert f'name="synonym_id" value="{rule.pk}"' in page

    # Made two-way on the page: now the generic words find the brand too.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/katalog/sinonim/",
            {"synonym_id": rule.pk, "terms": "makita, bor listrik", "kind": "group"},
        )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.kind == SynonymKind.GROUP
    assert ids("bor listrik") == {drill.pk, brand.pk}
    event = (
        AuditEvent.objects.filter(action="search.synonym_saved", object_id=str(rule.pk))
        .order_by("pk")
        .last()
    )
    assert event is not None
    assert event.details["kind"] == ["one_way", "group"]
    # Searches read the rules anew after a change (they are cached per process).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/katalog/sinonim/{rule.pk}/hapus/")
    assert ids("makita") == {brand.pk}


def test_editing_a_shipped_rule_makes_it_the_admins(client_for, world, db: None):
    shipped = Synonym.objects.get(terms=["honda", "sepeda motor"])
    client = client_for(world.user("admin.provinsi"))
    response = client.post(
        "/katalog/sinonim/",
        {"synonym_id": shipped.pk, "terms": "honda, sepeda motor, motor bebek", "kind": "one_way"},
    )
    assert response.status_code == 302
    shipped.refresh_from_db()
    assert (shipped.terms, shipped.shipped) == (["honda", "sepeda motor", "motor bebek"], False)
    unload_starter()
    assert Synonym.objects.filter(pk=shipped.pk).exists()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"terms": "makita, bor", "kind": "sideways"},
            "Pilih kelompok dua arah atau aturan satu arah.",
        ),
        ({"terms": "makita", "kind": "one_way"}, "Masukkan paling sedikit dua kata atau frasa"),
        (
            {"terms": "makita, " + " ".join(f"katapanjang{i}" for i in range(6)), "kind": "group"},
            "terlalu panjang",
        ),
    ],
)
def test_bad_input_is_refused_in_indonesian(client_for, world, form, message):
    before = Synonym.objects.count()
    response = client_for(world.user("admin.provinsi")).post("/katalog/sinonim/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Synonym.objects.count() == before


def test_the_synonym_phrases_are_counted_for_one_way_rules_too(db: None):
    Synonym.objects.create(terms=["makita", "bor listrik"], kind=SynonymKind.ONE_WAY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_wanted_combinations(1000000)")
        wanted = {row[0] for row in cursor.fetchall()}
    assert "bor&listrik" in wanted
    assert "bor&listrik&makita" in wanted
