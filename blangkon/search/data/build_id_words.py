"""Rebuild id_words.txt.gz, the Indonesian word list, from the hunspell
Indonesian dictionary (Debian package hunspell-id, id_ID.dic and id_ID.aff).

    apt-get download hunspell-id && dpkg-deb -x hunspell-id_*.deb hunspell-id  # any empty directory
    python blangkon/search/data/build_id_words.py hunspell-id/usr/share/hunspell

The list is the stems plus each stem with one prefix, one suffix, or a
prefix and a suffix the dictionary allows together (circumfixes such as
ber-...-an included); particles (-nya, -lah, -kah) are left off: nobody
searches a catalog for "kertasnya". Words with a hyphen or a capital
(reduplications, names) are left off too: the search splits on hyphens and
corrects only lower-case letters.
"""

import gzip
import re
import sys
from dataclasses import dataclass
from pathlib import Path

CIRCUMFIX = "A1"
NEEDAFFIX = "A2"


@dataclass(frozen=True)
class Rule:
    prefix: bool
    strip: str
    add: str
    then: tuple[str, ...]  # continuation flags
    condition: re.Pattern[str]

    def apply(self, word: str) -> str | None:
        if self.prefix:
            if not self.condition.match(word) or not word.startswith(self.strip):
                return None
            return self.add + word[len(self.strip) :]
        if not self.condition.search(word) or not word.endswith(self.strip):
            return None
        return word[: len(word) - len(self.strip)] + self.add


def flags(text: str) -> tuple[str, ...]:
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


def read_rules(aff: Path) -> tuple[dict[str, list[Rule]], dict[str, bool]]:
    rules: dict[str, list[Rule]] = {}
    cross: dict[str, bool] = {}
    for line in aff.read_text(encoding="iso-8859-1").splitlines():
        parts = line.split("#")[0].split()
        if len(parts) < 4 or parts[0] not in ("PFX", "SFX"):
            continue
        kind, flag = parts[0], parts[1]
        if flag not in rules:  # the header line: PFX flag Y|N count
            rules[flag], cross[flag] = [], parts[2] == "Y"
            continue
        add, _, then = parts[3].partition("/")
        condition = parts[4] if len(parts) > 4 else "."
        pattern = f"^{condition}" if kind == "PFX" else f"{condition}$"
        strip = "" if parts[2] == "0" else parts[2]
        add = "" if add == "0" else add
        rules[flag].append(Rule(kind == "PFX", strip, add, flags(then), re.compile(pattern)))
    return rules, cross


def forms(stem: str, own: tuple[str, ...], rules: dict[str, list[Rule]]) -> set[str]:
    found = set() if NEEDAFFIX in own else {stem}
    prefixes = [r for f in own for r in rules.get(f, []) if r.prefix and CIRCUMFIX not in r.then]
    found |= {word for p in prefixes if (word := p.apply(stem))}
    for s in (r for f in own for r in rules.get(f, []) if not r.prefix):
        word = s.apply(stem)
        if word is not None:
            found |= _suffixed(word, s, prefixes, rules)
    return found


def _suffixed(word: str, s: Rule, prefixes: list[Rule], rules: dict[str, list[Rule]]) -> set[str]:
    """`word` (the stem with suffix rule `s`) and its prefixed forms: the
    prefix the suffix's continuation names (a circumfix such as ber-...-an
    needs both halves), or, for a plain suffix, the stem's own prefixes."""
    circumfix = CIRCUMFIX in s.then
    found = set() if circumfix else {word}
    named = [r for f in s.then for r in rules.get(f, []) if r.prefix]
    for p in named:
        if (CIRCUMFIX in p.then) == circumfix and (both := p.apply(word)):
            found.add(both)
    if not circumfix:
        found |= {both for p in prefixes if (both := p.apply(word))}
    return found


def main(folder: Path, out: Path) -> None:
    rules, _ = read_rules(folder / "id_ID.aff")
    words: set[str] = set()
    lines = (folder / "id_ID.dic").read_text(encoding="iso-8859-1").splitlines()[1:]
    for line in lines:
        stem, _, own = line.strip().partition("/")
        if stem and stem.isalpha() and stem.islower():
            words |= forms(stem, flags(own), rules)
    words = {w for w in words if w.isascii() and w.isalpha()}
    # No timestamp in the header: the same words give the same file.
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as f:
        f.write("".join(f"{w}\n" for w in sorted(words)).encode())
    sys.stdout.write(f"{len(words)} words -> {out}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("id_words.txt.gz"))
