"""Load the shipped procurement vocabulary (search/vocabulary/starter.toml):
the synonym groups and one-way rules officials use. Rules an admin already
made are not added twice; unapplying removes only the rows loaded here and
not edited since.

A frozen copy of search.vocabulary's loader (migrations import no application
code): the file is read as it is when the migration runs."""

import re
import tomllib
import unicodedata
from pathlib import Path

from django.db import migrations

STARTER = Path(__file__).resolve().parent.parent / "vocabulary" / "starter.toml"
_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_CHARS, MAX_WORDS, MAX_WORD_CHARS = 200, 8, 30


def _term(text):
    decomposed = unicodedata.normalize("NFKD", text[: MAX_QUERY_CHARS * 4])
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = _WORD.findall(plain[:MAX_QUERY_CHARS])
    return " ".join(list(dict.fromkeys(w[:MAX_WORD_CHARS] for w in words))[:MAX_WORDS])


def _key(kind, terms):
    source = terms[0] if kind == "one_way" and terms else ""
    return kind, source, frozenset(terms)


def _rules():
    with STARTER.open("rb") as file:
        data = tomllib.load(file)
    for section in data.values():
        for kind, key in (("group", "groups"), ("one_way", "one_way")):
            for raw in section.get(key, ()):
                terms = [t for t in dict.fromkeys(_term(t) for t in raw) if t]
                yield kind, terms


def load(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    present = {_key(kind, list(terms)) for kind, terms in Synonym.objects.values_list("kind", "terms")}
    new = []
    for kind, terms in _rules():
        key = _key(kind, terms)
        if key not in present:
            present.add(key)
            new.append(Synonym(kind=kind, terms=terms, shipped=True))
    Synonym.objects.bulk_create(new)


def unload(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(shipped=True).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0010_synonym_direction")]
    operations = [migrations.RunPython(load, unload)]
