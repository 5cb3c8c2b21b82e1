"""Units and numbers: a specification is found however it is typed.

The catalog writes "Kertas HVS A4 80 gsm" (some "80gsm"), a buyer types
"kertas 80 gram", "80gr" or "80 g". In a query each number followed by a
unit becomes one token (canonical(): "80g", "5kg", "500ml", "1l", "24inch",
"2x3m", "1d5m" for 1,5 m; counts are pieces, "isi 12", "12 pcs" and
"1 lusin" are all "12pcs"; "folio" is "f4"), and each token stands for every
way the catalog writes it (unit_groups(): "80 gsm", "80 gram", "80gsm", ...),
searched like a synonym group (query.expand_synonyms).

The index is left as it is: PostgreSQL reads "80 gsm" as the words "80" and
"gsm" and "80gsm" as one word (the parser's "numword"), and the groups list
both shapes. So no index row changes, nothing is rebuilt, and the index does
not grow; only a query with a number and a unit has a few more alternatives.
search/tests/test_units.py checks the groups against PostgreSQL's reading of
catalog texts. (Appending canonical tokens to the indexed text by the same
regular expressions in SQL was measured first: it made building the index
rows five times slower.)
"""

import re
from collections.abc import Iterator

from blangkon.search.query import Rule, normalise, words_of

# Canonical unit -> what is written for it.
UNITS: dict[str, tuple[str, ...]] = {
    # Paper is sold by grammage ("80 gsm", "80 g/m2"), food by weight
    # ("200 gram"); one token serves both, as buyers write either.
    "g": ("gram", "gr", "grm", "g", "gsm", "g/m2", "gr/m2"),
    "kg": ("kg", "kgs", "kilo", "kilogram"),
    "mg": ("mg", "miligram", "milligram"),
    "ml": ("ml", "cc", "mili", "mililiter", "milliliter", "millilitre"),
    "l": ("l", "lt", "ltr", "liter", "litre"),
    "mm": ("mm", "milimeter", "millimeter"),
    "cm": ("cm", "centimeter", "sentimeter", "senti"),
    "m": ("m", "mtr", "meter", "metre"),
    "inch": ("inch", "inchi", "inci", "in", '"'),
    "pcs": ("pcs", "pc", "buah", "bh", "biji", "butir", "btr", "lembar", "lbr", "sheet"),
    "rim": ("rim",),
    "gb": ("gb",),
    "tb": ("tb",),
    "w": ("w", "watt"),
    "v": ("v", "volt"),
    "mah": ("mah",),
    "pk": ("pk",),
}
# Units that are a number of pieces: "2 lusin" is "24pcs".
MULTIPLES: dict[str, int] = {"lusin": 12, "kodi": 20}
SIZES: dict[str, str] = {"folio": "f4"}

ALIASES: dict[str, tuple[str, int]] = {
    alias: (unit, 1) for unit, aliases in UNITS.items() for alias in aliases
} | {alias: ("pcs", n) for alias, n in MULTIPLES.items()}

_NUMBER = "[0-9]+(?:[.,][0-9]+)?"
# A unit is one word: letters, or the inch sign; "g/m2" for grammage.
_WORD = '"|[a-z]+(?:/m2)?'
assert all(re.fullmatch(_WORD, a) for a in ALIASES), "a unit the pattern cannot see"
# Two steps: FIND picks out each number with the word after it, PARSE takes
# one of those apart. A number starts where no letter, digit or separator is
# before it ("a4", "1.500").
FIND = (
    "(?:^|[^a-z0-9.,])(?:"
    f"(?:isi[ ]*)?{_NUMBER}(?:[ ]*[x*][ ]*{_NUMBER})?(?:[ ]*(?:{_WORD}))?"
    f"|{'|'.join(SIZES)})"
)
# Groups: 1 the character before, 2 "isi ", 3 the number, 4 the second number
# of a size ("2 x 3"), 5 the space before the word, 6 the word, 7 a paper
# size by name.
PARSE = (
    "^([^a-z0-9.,]?)(?:"
    f"(isi[ ]*)?({_NUMBER})(?:[ ]*[x*][ ]*({_NUMBER}))?([ ]*)({_WORD})?"
    f"|({'|'.join(SIZES)}))$"
)
_FIND = re.compile(FIND)
_PARSE = re.compile(PARSE)
# The inch signs as quotes, the multiplication sign as a star.
_SIGNS = str.maketrans({"\u201d": '"', "\u2033": '"', "\u00d7": "*"})
# "1.500" is fifteen hundred (the Indonesian thousands dot); "0.500" is not.
THOUSANDS = "^[0-9]*[1-9][0-9]*[.][0-9]{3}$"
LEADING_ZEROS = "^0+(?=[0-9])"


def _normalise(text: str) -> str:
    return normalise(text).translate(_SIGNS)


def number(text: str) -> str:
    """A number as tokens write it: "1.500" -> "1500", "1,50" -> "1d5",
    "007" -> "7"."""
    if re.search(THOUSANDS, text):
        return re.sub(LEADING_ZEROS, "", text.replace(".", ""))
    whole, _, fraction = text.replace(",", ".").partition(".")
    fraction = fraction.rstrip("0")
    return re.sub(LEADING_ZEROS, "", whole) + (f"d{fraction}" if fraction else "")


def _token(parts: re.Match[str]) -> str | None:
    _, isi, first, second, space, word, size = parts.groups()
    if size:
        return SIZES[size]
    if word and word not in ALIASES and not space:
        return None  # "3d": a code, not a number and a unit
    unit, multiple = ALIASES.get(word or "", ("", 1))
    if multiple > 1:
        plain = second is None and first.isdigit()
        return f"{int(first) * multiple}{unit}" if plain else None
    figure = number(first) + (f"x{number(second)}" if second else "")
    if unit or second:
        return figure + unit
    return f"{figure}pcs" if isi else None


def _found(text: str) -> Iterator[tuple[re.Match[str], re.Match[str], str | None]]:
    """Each number (or size) in `text` normalised: where it is, its parts,
    its token."""
    for found in _FIND.finditer(text):
        parts = _PARSE.match(found.group(0))
        assert parts, found.group(0)  # PARSE reads whatever FIND finds
        yield found, parts, _token(parts)


def unit_tokens(text: str) -> list[str]:
    """The tokens of the numbers and units in `text`."""
    return [token for _, _, token in _found(_normalise(text)) if token]


def canonical(text: str) -> str:
    """`text` normalised, each number and unit replaced by its token (a word
    after the number that is no unit stays)."""
    text = _normalise(text)
    out: list[str] = []
    end = 0
    for found, parts, token in _found(text):
        if not token:
            continue
        before, word = parts.group(1), parts.group(6) or ""
        kept = word if word not in ALIASES else ""
        out += [text[end : found.start()], f"{before} {token} {kept}"]
        end = found.end()
    return "".join([*out, text[end:]])


def query_words(text: str) -> list[str]:
    """A query's words (query.words_of) with its numbers and units as tokens."""
    return words_of(canonical(text))


# --- what a token stands for -------------------------------------------------

_TOKEN = re.compile("([0-9]+(?:d[0-9]+)?)(?:x([0-9]+(?:d[0-9]+)?))?([a-z]*)")
# Aliases a query can hold (the inch sign is no word; PostgreSQL reads
# "g/m2" as one).
_SPOKEN = {unit: [a for a in aliases if a != '"'] for unit, aliases in UNITS.items()}


def _figures(figure: str) -> list[tuple[str, ...]]:
    """A number as PostgreSQL reads it in the catalog's text: "1,5" is the
    words 1 and 5, "1.5" one word; fifteen hundred may be "1.500"."""
    whole, _, fraction = figure.partition("d")
    if fraction:
        return [(whole, fraction), (f"{whole}.{fraction}",)]
    if len(whole) > 3:
        return [(whole,), (f"{whole[:-3]}.{whole[-3:]}",)]
    return [(whole,)]


def alternatives(token: str) -> list[tuple[str, ...]]:
    """Every way the catalog may write what `token` means, as phrases of
    words: "80g" is "80 gram", "80 gsm", "80gsm", ...; [] when `token` is
    not a number with a unit or a size."""
    if token in SIZES.values():
        return [(token,), *((name,) for name, code in SIZES.items() if code == token)]
    parts = _TOKEN.fullmatch(token)
    if not parts or not (parts.group(3) in UNITS or (parts.group(2) and not parts.group(3))):
        return []
    first, second, unit = parts.groups()
    glued = token[: -len(unit)] if unit else token  # "2x3", "80": one word when plain
    figures = _figures(first)
    if second:
        figures = [(*a, "x", *b) for a in figures for b in _figures(second)]
        figures += [(glued,)] if "d" not in glued else []
    found: list[tuple[str, ...]] = [(token,)]
    if not unit:
        found += figures
    for alias in _SPOKEN.get(unit, []):
        found += [(*figure, alias) for figure in figures]
        if "d" not in glued:
            found.append((glued + alias,))
    if unit == "inch":
        found += figures  # 24" is read as the number alone
    if unit == "pcs" and not second and first.isdigit():
        found += _counts(int(first))
    return list(dict.fromkeys(found))


def _counts(pieces: int) -> list[tuple[str, ...]]:
    """A number of pieces as a content ("isi 12") or in dozens ("1 lusin")."""
    found: list[tuple[str, ...]] = [("isi", str(pieces))]
    for name, size in MULTIPLES.items():
        if pieces % size == 0:
            found += [(str(pieces // size), name), (f"{pieces // size}{name}",)]
    return found


def unit_groups(words: list[str]) -> list[Rule]:
    """Synonym groups (query.expand_synonyms) for the tokens among a query's
    words: each token with every way of writing it, none of them cut."""
    groups = [alternatives(word) for word in words]
    return [Rule(tuple(group), capped=False) for group in groups if group]
