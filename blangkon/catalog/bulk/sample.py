"""Generated, deterministic bulk-upload workbooks for the tests and `make bench`.

Rows cycle through the categories' realistic examples with varied names, prices
and coverage. Optionally every `bad_every`-th row carries one defect from
`DEFECTS` (a zero, negative or fractional price, a formula, a duplicate SKU, …),
so the error report can be checked.
"""

import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook

from blangkon.catalog.bulk.columns import DATA_SHEET_TITLE, HEADERS, INDEX
from blangkon.catalog.bulk.examples import EXAMPLES

VARIANTS = (
    "",
    "Premium",
    "Ekonomis",
    "Grade A",
    "Produksi Batang",
    "Kemasan Baru",
    "Tipe B",
    "Edisi Kantor",
    "Warna Biru",
    "Ukuran Besar",
)
NEIGHBOURS = ("33.24", "33.25", "33.26", "33.27", "33.74", "33.75")

Row = list[object]


def _set(row: Row, key: str, value: object) -> None:
    row[INDEX[key]] = value


# Each defect makes a row fail for one reason, in the importer or the service.
DEFECTS: tuple[tuple[str, Callable[[Row, Row], None]], ...] = (
    ("zero price", lambda row, first: _set(row, "price", 0)),
    ("negative price", lambda row, first: _set(row, "price", -5000)),
    ("fractional price", lambda row, first: _set(row, "price", 1500.5)),
    ("decimal comma price", lambda row, first: _set(row, "price", "1.500,50")),
    ("formula", lambda row, first: _set(row, "name", '=HYPERLINK("http://x","klik")')),
    ("duplicate SKU", lambda row, first: _set(row, "sku", first[INDEX["sku"]])),
    ("unknown category", lambda row, first: _set(row, "category", "senjata")),
    ("unit of another category", lambda row, first: _set(row, "unit", "ton")),
    ("unknown kab/kota", lambda row, first: _set(row, "coverage", "99.99")),
    ("not ya/tidak", lambda row, first: _set(row, "is_pdn", "mungkin")),
)


@dataclass(frozen=True)
class Sample:
    content: bytes
    rows: int
    bad_rows: list[int]  # sheet row numbers (the header is row 1) meant to fail


def sample_rows(count: int, *, bad_every: int | None = None, seed: int = 2026) -> Sample:
    """A workbook with `count` product rows in the template's layout."""
    generator = random.Random(seed)  # noqa: S311 - test data, not security
    slugs = sorted(EXAMPLES)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET_TITLE)
    sheet.append(list(HEADERS))
    first: Row = []
    bad_rows: list[int] = []
    for index in range(count):
        slug = slugs[index % len(slugs)]
        example = EXAMPLES[slug]
        variant = VARIANTS[(index // len(slugs)) % len(VARIANTS)]
        price = max(500, round(example.price * generator.uniform(0.8, 1.3) / 500) * 500)
        coverage = sorted(set(generator.sample(NEIGHBOURS, generator.randint(1, 3))))
        made_to_order = example.stock is None
        row: Row = [
            f"{slug[:4].upper()}-{index + 1:05d}",
            f"{example.name} {variant}".strip(),
            slug,
            example.unit,
            price,
            example.description,
            "; ".join(f"{key}: {value}" for key, value in example.specifications.items()),
            generator.choice((1, 1, 1, 5, 10)),
            None if made_to_order else generator.randint(0, 500),
            "ya" if made_to_order else "tidak",
            example.lead_time_days,
            ", ".join(coverage),
            "ya" if example.tkdn_percent else "tidak",
            example.tkdn_percent,
        ]
        if index == 0:
            first = list(row)
        elif bad_every and index % bad_every == 0:
            _name, defect = DEFECTS[(index // bad_every) % len(DEFECTS)]
            defect(row, first)
            bad_rows.append(index + 2)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Sample(content=buffer.getvalue(), rows=count, bad_rows=bad_rows)
