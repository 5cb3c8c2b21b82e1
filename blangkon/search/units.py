# ruff: noqa: S608  (SQL built from this module's own constants; no user input)
"""Units and numbers written one way on both sides of the search.

The catalog writes "Kertas HVS A4 80 gsm", a buyer types "kertas 80 gram",
"80gr" or "80gsm". Each number followed by a unit becomes one canonical
token: the number (thousands dots dropped, a decimal comma or point written
"d": "1,5 m" is "1d5m") glued to the unit's canonical name ("80g", "5kg",
"500ml", "1l", "24inch", "2x3m"); counts become pieces ("isi 12", "12 pcs"
and "1 lusin" are all "12pcs"), and "folio" is "f4".

The index (search_units() in SQL, search/sql.py UNIT_FUNCTIONS) appends the
tokens to the text it indexes and keeps the words as written, so "gsm" or
"80" alone still match as before; a query (canonical() here) has each number
and unit replaced by its token. Both run the same regular expression
(PATTERN) and the same table of units (ALIASES), rendered into the SQL from
this module; search/tests/test_units.py runs both on one table of cases.
The tokens are letters and digits only, so to_tsvector and to_tsquery take
them whole (the parser's "numword", the simple dictionary: no stemming).
"""

import re

from blangkon.search.query import normalise, words_of

# Canonical unit -> what is written for it. Longest alias first in the
# pattern: PostgreSQL takes the longest match, Python the first alternative
# that matches, and the two agree only if these come first.
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
_ALIAS_TEXT = re.compile(r'[a-z0-9/"]+')
assert all(_ALIAS_TEXT.fullmatch(a) for a in ALIASES), "aliases must need no escaping"

_NUMBER = "[0-9]+(?:[.,][0-9]+)?"
_UNIT = "|".join(sorted(ALIASES, key=lambda a: (-len(a), a)))
# Groups: 1 "isi " before the number, 2 the number, 3 the second number of a
# size ("2 x 3"), 4 the unit, 5 a paper size by name. Only constructs both
# engines read alike: classes, alternation, (?:), and look-arounds. A number
# starts where no letter, digit or separator is before it ("a4", "1.500"),
# and ends at a unit or where no letter, digit or decimal part follows.
PATTERN = (
    "(?<![a-z0-9.,])(?:"
    f"(isi[ ]*)?({_NUMBER})(?:[ ]*[x*][ ]*({_NUMBER}))?"
    f"(?:[ ]*({_UNIT})(?![a-z0-9])|(?![a-z0-9]|[.,][0-9]))"
    f"|({'|'.join(SIZES)})(?![a-z0-9]))"
)
_PATTERN = re.compile(PATTERN)
# What search_norm() (unaccent) makes of the signs Python's normalise() keeps:
# the inch signs are quotes, the multiplication sign a star.
_LIKE_UNACCENT = str.maketrans({"\u201d": '"', "\u2033": '"', "\u00d7": "*"})
# "1.500" is fifteen hundred (the Indonesian thousands dot); "0.500" is not.
THOUSANDS = "^[0-9]*[1-9][0-9]*[.][0-9]{3}$"
LEADING_ZEROS = "^0+(?=[0-9])"


def _normalise(text: str) -> str:
    """normalise(), with the signs folded as search_norm() folds them."""
    return normalise(text).translate(_LIKE_UNACCENT)


def number(text: str) -> str:
    """A number as tokens write it: "1.500" -> "1500", "1,50" -> "1d5",
    "007" -> "7". search_unit_number() in SQL."""
    if re.search(THOUSANDS, text):
        return re.sub(LEADING_ZEROS, "", text.replace(".", ""))
    whole, _, fraction = text.replace(",", ".").partition(".")
    fraction = fraction.rstrip("0")
    return re.sub(LEADING_ZEROS, "", whole) + (f"d{fraction}" if fraction else "")


def _token(match: re.Match[str]) -> str | None:
    isi, first, second, alias, size = match.groups()
    if size:
        return SIZES[size]
    unit, multiple = ALIASES[alias] if alias else ("", 1)
    if multiple > 1:
        plain = second is None and first.isdigit()
        return f"{int(first) * multiple}{unit}" if plain else None
    figure = number(first) + (f"x{number(second)}" if second else "")
    if unit or second:
        return figure + unit
    return f"{figure}pcs" if isi else None


def unit_tokens(text: str) -> list[str]:
    """The tokens the index appends for `text` (search_unit_tokens() in SQL)."""
    found = (_token(m) for m in _PATTERN.finditer(_normalise(text)))
    return [t for t in found if t]


def canonical(text: str) -> str:
    """`text` normalised, each number and unit replaced by its token."""

    def replace(match: re.Match[str]) -> str:
        token = _token(match)
        return f" {token} " if token else match.group(0)

    return _PATTERN.sub(replace, _normalise(text))


def query_words(text: str) -> list[str]:
    """A query's words (query.words_of) with its numbers and units as tokens."""
    return words_of(canonical(text))


# --- the same in SQL --------------------------------------------------------


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_ALIAS_ROWS = ",\n        ".join(
    f"({_sql_text(alias)}, {_sql_text(unit)}, {multiple})"
    for alias, (unit, multiple) in ALIASES.items()
)
_SIZE_ROWS = " ".join(
    f"WHEN {_sql_text(name)} THEN {_sql_text(code)}" for name, code in SIZES.items()
)

# search_units(t): t and its tokens, the text the index reads.
SQL_FUNCTIONS = f"""
CREATE FUNCTION search_unit_number(n text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n ~ {_sql_text(THOUSANDS)}
        THEN regexp_replace(replace(n, '.', ''), {_sql_text(LEADING_ZEROS)}, '')
        ELSE regexp_replace(split_part(translate(n, ',', '.'), '.', 1),
                {_sql_text(LEADING_ZEROS)}, '')
            || coalesce('d' || nullif(rtrim(split_part(translate(n, ',', '.'), '.', 2), '0'),
                ''), '')
    END
$$;

CREATE FUNCTION search_unit_tokens(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(token, ' ' ORDER BY i) FROM (
    SELECT x.i, CASE
        WHEN m[5] IS NOT NULL THEN CASE m[5] {_SIZE_ROWS} END
        WHEN u.multiple > 1 THEN
            CASE WHEN m[3] IS NULL AND m[2] ~ '^[0-9]+$'
                THEN (m[2]::numeric * u.multiple)::text || u.unit END
        WHEN u.unit IS NOT NULL OR m[3] IS NOT NULL THEN search_unit_number(m[2])
            || coalesce('x' || search_unit_number(m[3]), '') || coalesce(u.unit, '')
        WHEN m[1] IS NOT NULL THEN search_unit_number(m[2]) || 'pcs'
    END AS token
    FROM regexp_matches(search_norm(t), {_sql_text(PATTERN)}, 'g') WITH ORDINALITY AS x(m, i)
    LEFT JOIN (VALUES
        {_ALIAS_ROWS}
    ) AS u(alias, unit, multiple) ON u.alias = m[4]
    ) tokens
$$;

CREATE FUNCTION search_units(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(t, '') || coalesce(' ' || search_unit_tokens(t), '') $$;
"""
SQL_FUNCTIONS_BACKWARD = """
DROP FUNCTION IF EXISTS search_units(text);
DROP FUNCTION IF EXISTS search_unit_tokens(text);
DROP FUNCTION IF EXISTS search_unit_number(text);
"""
