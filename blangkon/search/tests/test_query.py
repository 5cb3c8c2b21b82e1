"""The query text rules, without a database."""

from blangkon.search.query import (
    MAX_WORDS,
    Alternatives,
    are_neighbours,
    best_correction,
    edit_distance,
    expand_synonyms,
    transpositions,
    tsquery_text,
    typo_cost,
    words_of,
)


def test_words_are_normalised_and_capped():
    assert words_of("Kertas HVS A4, 80gsm!") == ["kertas", "hvs", "a4", "80gsm"]
    assert words_of("Kafé   crème") == ["kafe", "creme"]
    assert words_of("!!! ... ???") == []
    assert words_of("🙂 nasi 🍱 kotak") == ["nasi", "kotak"]
    assert words_of("'; DROP TABLE catalog_product; --") == ["drop", "table", "catalog", "product"]
    assert words_of("kertas " * 20) == ["kertas"]
    assert len(words_of(" ".join(f"kata{i}" for i in range(100)))) == MAX_WORDS
    assert words_of("x" * 5000) == ["x" * 30]


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("kretas", "kertas") == 1
    assert edit_distance("kotk", "kotak") == 1
    assert edit_distance("sanitiser", "sanitizer") == 1
    assert edit_distance("nasi", "nasi") == 0
    assert edit_distance("meja", "kursi") >= 4


def test_the_closest_then_commonest_word_wins():
    assert best_correction("kretas", [("kertas", 500), ("keras", 3), ("kretek", 9)]) == "kertas"
    assert best_correction("kotk", [("kotak", 10), ("koto", 1)]) == "kotak"
    # Ties on distance go to the word more products use.
    assert best_correction("bata", [("bala", 1), ("batu", 40)]) == "batu"
    # Too far away: no correction rather than a wrong one.
    assert best_correction("laptop", [("lampu", 100)]) is None
    # Short words allow one edit only.
    assert best_correction("kop", [("kopi", 10)]) == "kopi"
    assert best_correction("kop", [("kapal", 10)]) is None


def test_keyboard_neighbours_are_next_to_each_other():
    assert {c for c in "abcdefghijklmnopqrstuvwxyz" if are_neighbours("g", c)} == set("tyfhvb")
    assert {c for c in "abcdefghijklmnopqrstuvwxyz" if are_neighbours("a", c)} == set("qwsz")
    assert not are_neighbours("a", "a")
    assert not are_neighbours("a", "7")


def test_a_likely_slip_costs_less_than_an_unlikely_one():
    assert typo_cost("ketras", "kertas") == 1  # swapped neighbours: one edit
    assert typo_cost("printre", "printer") == 1
    assert typo_cost("kertss", "kertas") == 0.75  # s is next to a
    assert typo_cost("kertps", "kertas") == 1  # p is far from a
    assert typo_cost("kerrtas", "kertas") == 0.5  # a letter typed twice
    assert typo_cost("kerta", "kertas") == 1
    assert typo_cost("kertas", "kertas") == 0


def test_swaps_are_candidates_the_trigram_index_would_miss():
    assert transpositions("kusri") == ["uksri", "ksuri", "kursi", "kusir"]
    assert transpositions("aab") == ["aba"]
    assert transpositions("a") == []


def test_a_much_commoner_word_wins_over_a_slightly_closer_rare_one():
    # "ketras": one swap from "kertas", one deletion from "keras"; the
    # catalog's "kertas" is in a thousand products, "keras" in one.
    assert best_correction("ketras", [("keras", 1), ("kertas", 1000)]) == "kertas"
    assert best_correction("printre", [("printer", 500), ("print", 3)]) == "printer"
    # A neighbouring key is likelier than a far one at equal frequency...
    assert best_correction("kertss", [("kertas", 5), ("kertis", 5)]) == "kertas"
    # ...but a word a hundred times commoner outweighs the difference.
    assert best_correction("kertss", [("kertas", 5), ("kertis", 500)]) == "kertis"
    # Two slips need a long word on both sides: "drone" is not "one".
    assert best_correction("drone", [("one", 300)]) is None
    assert best_correction("proyetkr", [("proyektor", 300)]) == "proyektor"
    # A word no product uses is never a correction.
    assert best_correction("kertss", [("kertas", 0)]) is None


def test_synonym_phrases_become_alternatives():
    groups = [[["atk"], ["alat", "tulis", "kantor"]], [["nasi", "box"], ["nasi", "kotak"]]]
    parts = expand_synonyms(["nasi", "box", "ayam"], groups)
    assert parts == [
        Alternatives((("nasi", "box"), ("nasi", "kotak"))),
        Alternatives((("ayam",),)),
    ]
    assert tsquery_text(parts) == "nasi & ((box) | (kotak)) & ayam"
    assert tsquery_text(expand_synonyms(["alat", "tulis", "kantor"], groups)) == (
        "((atk) | (alat & tulis & kantor))"
    )
    assert tsquery_text(expand_synonyms(["kertas"], groups)) == "kertas"
    # Two names of one thing side by side are one position.
    assert expand_synonyms(["atk", "alat", "tulis", "kantor", "atk"], groups) == [
        Alternatives((("atk",), ("alat", "tulis", "kantor")))
    ]
    # An alternative that is the shared words alone makes the others moot.
    assert tsquery_text([Alternatives((("nasi",), ("nasi", "kotak")))]) == "nasi"


def test_diversify_lets_other_vendors_in_after_a_run():
    from blangkon.search.paging import Hit, diversify

    hits = [Hit(i, 1, (0,)) for i in range(6)] + [Hit(10, 2, (0,)), Hit(11, 3, (1,))]
    order = [h.product_id for h in diversify(hits, run=4)]
    # Vendor 1's fifth and sixth wait for vendor 2; the worse tier stays last.
    assert order == [0, 1, 2, 3, 10, 4, 5, 11]
    # Nothing is lost or repeated, and a lone vendor keeps its order.
    assert [h.product_id for h in diversify(hits[:6])] == list(range(6))
