"""Realistic products per leaf category for the demo catalog (docs/domain/rules.md,
"Seed categories"), in the shape the search benchmark reads.

The source is blangkon/demo/lines.py, where each line of business lists its
templates per category; ITEMS is that data regrouped by category. Each entry:
(base name, variant texts, unit code, lowest price, highest price,
specifications shared by every variant). Prices are per unit including tax, in
whole rupiah, near the Kendal 2018 SSH and 2022–2024 marketplace prices.
"""

from blangkon.demo.lines import LINES, Template, categories

Item = tuple[str, list[str], str, int, int, dict[str, str]]


def _keys_of_every_variant(template: Template) -> dict[str, str]:
    """The specifications every variant has, with the first variant's values
    (the benchmark puts the size and weight of its variant's name in)."""
    first = template.specs_for(template.variants[0])
    return {
        key: value
        for key, value in first.items()
        if all(key in template.specs_for(variant) for variant in template.variants)
    }


ITEMS: dict[str, list[Item]] = {
    slug: [
        (t.base, [v.text for v in t.variants], t.unit, t.low, t.high, _keys_of_every_variant(t))
        for line in LINES
        for t in line.items.get(slug, ())
    ]
    for slug in categories()
}

# Origins and grades the benchmark appends to names.
BRANDS = [
    "",
    "",
    "",
    "Asli Batang",
    "Produk Lokal",
    "Jepara",
    "Pekalongan",
    "Kudus",
    "Solo",
    "Semarang",
    "Grosir",
    "Premium",
    "Ekonomis",
]
