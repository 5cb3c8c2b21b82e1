"""One spreadsheet row to a `ProductInput`, or the reasons it is not one.

Only the shape of each cell is checked here (a whole number, ya/tidak, a known
kab/kota code, no formulas). The product rules themselves (category, unit,
price limits, required specifications, ...) are checked by
`catalog.services.product_upsert_by_sku`, the same code the product form uses.
"""

import datetime
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from blangkon.catalog.bulk.columns import COLUMN_COUNT, COLUMNS, INDEX
from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.models import Category, Unit
from blangkon.catalog.services import CatalogReference

YES = frozenset({"ya", "y", "yes", "true", "1", "benar"})
NO = frozenset({"tidak", "t", "no", "n", "false", "0", "salah", ""})
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# 1500000 or 1.500.000 (Indonesian thousands separators); nothing else.
WHOLE_NUMBER = re.compile(r"\d+|\d{1,3}(?:\.\d{3})+")


@dataclass(frozen=True)
class Lookups:
    """Reference data read once per import, so parsing a row makes no query."""

    category_slugs: dict[str, str]  # slug or name (casefolded) -> leaf slug
    unit_codes: dict[str, str]  # code or name (casefolded) -> unit code
    region_codes: frozenset[str]  # kab/kota codes, e.g. "33.25"

    @classmethod
    def load(cls, reference: CatalogReference) -> "Lookups":
        """Names as well as codes, so a row may say "dos/box" for unit "dos"."""
        categories: dict[str, str] = {}
        for slug, name in Category.objects.filter(slug__in=reference.categories).values_list(
            "slug", "name"
        ):
            categories[name.casefold()] = slug
            categories[slug.casefold()] = slug
        units: dict[str, str] = {}
        for code, name in Unit.objects.values_list("code", "name"):
            units[name.casefold()] = code
            units[code.casefold()] = code
        return cls(categories, units, reference.kab_kota_codes)


@dataclass
class ParsedRow:
    number: int  # the row number in the sheet (the header is row 1)
    values: tuple[object, ...]  # the cells as read, for the error report
    product: ProductInput | None = None
    errors: dict[str, str] = field(default_factory=dict)  # header -> message

    @property
    def sku(self) -> str:
        return _text(self.values[INDEX["sku"]])


class CellError(ValueError):
    """A cell that cannot be read as what its column needs; the message says why."""


def is_blank(values: Sequence[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def is_formula(value: object) -> bool:
    """A formula (or text that Excel would run as one). Read with data_only=False,
    openpyxl gives formulas as "=..." strings, or objects for array formulas."""
    if isinstance(value, str):
        return value.lstrip().startswith("=")
    return value is not None and not isinstance(
        value, (int, float, Decimal, bool, datetime.date, datetime.time, datetime.timedelta)
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float: SKU 12345 arrives as 12345.0.
        return str(int(value))
    return str(value).strip()


def _whole_number(value: object, *, minimum: int) -> int:
    """Whole numbers only: 1500000, 1500000.0 or "1.500.000"; never 1500.5,
    "1.500,50", "1,5" or text."""
    number: int
    if isinstance(value, bool):
        raise CellError(_("Enter a whole number, e.g. 1500000 or 1.500.000."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if not math.isfinite(value) or value != int(value):
            raise CellError(_("Enter a whole number without decimals, e.g. 1500000."))
        number = int(value)
    else:
        text = "".join(str(value).split())
        if not WHOLE_NUMBER.fullmatch(text):
            raise CellError(_("Enter a whole number, e.g. 1500000 or 1.500.000."))
        number = int(text.replace(".", ""))
    if number < minimum:
        if minimum == 1:
            raise CellError(_("Enter a number greater than zero."))
        raise CellError(_("Enter a number of at least %(minimum)d.") % {"minimum": minimum})
    return number


def _optional_whole_number(value: object, *, minimum: int) -> int | None:
    if _text(value) == "":
        return None
    return _whole_number(value, minimum=minimum)


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Write 'ya' or 'tidak'."))


def _specifications(value: object) -> dict[str, str]:
    """ "ukuran: A4; gramatur: 70 gsm" (or one pair per line) to a dict."""
    specifications: dict[str, str] = {}
    for part in re.split(r"[;\n]", _text(value)):
        if not part.strip():
            continue
        key, colon, text = part.partition(":")
        if not colon or not key.strip() or not text.strip():
            raise CellError(
                _(
                    "Write each specification as 'key: value', separated by ';', e.g. "
                    "'ukuran: A4; gramatur: 70 gsm'."
                )
            )
        specifications[" ".join(key.split())] = " ".join(text.split())
    return specifications


def _region_code(token: str) -> str:
    if re.fullmatch(r"\d{4}", token):  # the BPS form, 3325
        return f"{token[:2]}.{token[2:]}"
    return token


def _coverage(value: object, regions: frozenset[str]) -> tuple[str, ...]:
    if isinstance(value, float | Decimal):
        # A single code typed into a cell becomes a number: 33.1 was "33.10".
        return _coverage(f"{value:.2f}", regions)
    tokens = [_region_code(token) for token in re.split(r"[,;\s]+", _text(value)) if token]
    unknown = [token for token in tokens if token not in regions]
    if unknown:
        raise CellError(
            _(
                "Unknown kab/kota code: %(codes)s. Use the codes on the 'Referensi' sheet, "
                "e.g. 33.25 for Kabupaten Batang, separated by commas."
            )
            % {"codes": ", ".join(unknown[:5])}
        )
    return tuple(dict.fromkeys(tokens))


def _tkdn(value: object) -> Decimal | None:
    text = _text(value).replace(",", ".").rstrip("%").strip()
    if isinstance(value, bool):
        raise CellError(_("Enter a percentage between 0 and 100, e.g. 40 or 42,5."))
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise CellError(_("Enter a percentage between 0 and 100, e.g. 40 or 42,5.")) from error
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise CellError(_("Enter a percentage between 0 and 100, e.g. 40 or 42,5."))
    return number.quantize(Decimal("0.01"))


def parse_row(number: int, values: Sequence[object], lookups: Lookups) -> ParsedRow:
    """Read one data row. On success `product` is set; otherwise `errors` names
    each bad column. A formula anywhere rejects the row and is never evaluated."""
    cells = tuple(values[:COLUMN_COUNT]) + (None,) * (COLUMN_COUNT - len(values))
    row = ParsedRow(number=number, values=cells)
    _check_unsafe_cells(cells, row.errors)
    if not row.errors:
        row.product = _product(_Cells(cells, row.errors), lookups)
    return row


def _check_unsafe_cells(cells: Sequence[object], errors: dict[str, str]) -> None:
    for column, value in zip(COLUMNS, cells, strict=True):
        if is_formula(value):
            errors[column.header] = _("Formulas are not allowed; type the value itself.")
        elif isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            # A NUL cannot be stored in PostgreSQL text; none of them belongs in a product.
            errors[column.header] = _("Remove the invisible control characters.")


class _Cells:
    """A row's cells by column key. A cell that cannot be read records why under
    its column's header and gives a default, so one pass reports every bad cell."""

    def __init__(self, cells: Sequence[object], errors: dict[str, str]) -> None:
        self.cells = cells
        self.errors = errors

    def text(self, key: str) -> str:
        return _text(self.cells[INDEX[key]])

    def read[T](self, key: str, reader: Callable[[object], T], default: T) -> T:
        try:
            return reader(self.cells[INDEX[key]])
        except CellError as error:
            self.errors[COLUMNS[INDEX[key]].header] = str(error)
            return default

    def check_required(self, *keys: str) -> None:
        for key in keys:
            header = COLUMNS[INDEX[key]].header
            if self.text(key) == "" and header not in self.errors:
                self.errors[header] = _("Required; fill in this column.")


def _product(cells: _Cells, lookups: Lookups) -> ProductInput | None:
    """The row as a ProductInput, or None when a cell is bad (in `cells.errors`)."""
    price = cells.read("price", lambda v: _whole_number(v, minimum=1), 0)
    no_specifications: dict[str, str] = {}
    no_coverage: tuple[str, ...] = ()
    specifications = cells.read("specifications", _specifications, no_specifications)
    min_order = cells.read(
        "min_order_quantity", lambda v: _optional_whole_number(v, minimum=1), None
    )
    stock = cells.read("stock", lambda v: _optional_whole_number(v, minimum=0), None)
    made_to_order = cells.read("made_to_order", _yes_no, False)
    lead_time = cells.read("lead_time_days", lambda v: _optional_whole_number(v, minimum=0), None)
    coverage = cells.read("coverage", lambda v: _coverage(v, lookups.region_codes), no_coverage)
    is_pdn = cells.read("is_pdn", _yes_no, False)
    tkdn = cells.read("tkdn_percent", _tkdn, None)
    cells.check_required("sku", "name", "category", "unit", "price")
    if cells.errors:
        return None

    category = cells.text("category")
    unit = cells.text("unit")
    return ProductInput(
        sku=cells.text("sku"),
        name=cells.text("name"),
        category_slug=lookups.category_slugs.get(category.casefold(), category),
        unit_code=lookups.unit_codes.get(unit.casefold(), unit),
        price=price,
        description=cells.text("description"),
        specifications=specifications,
        min_order_quantity=min_order or 1,
        stock=stock,
        made_to_order=made_to_order,
        lead_time_days=lead_time,
        coverage_codes=coverage,
        is_pdn=is_pdn,
        tkdn_percent=tkdn,
    )
