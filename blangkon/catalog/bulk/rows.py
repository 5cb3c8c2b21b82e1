"""One spreadsheet row to a `ProductInput`, or the reasons it is not one.

Every cell is read, and every cell that cannot be read is reported under its
column (a formula, a price that is not whole rupiah, an unknown category, a unit
the category does not use, an unknown kab/kota, ...). The row's `candidate`
holds what could be read, so the importer also asks the product rules
(`catalog.services.validate_product_input`, the same code the product form
uses) about it and adds their findings with `add_rule_errors`: one upload
reports every problem of every row at once.
"""

import datetime
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from blangkon.catalog.bulk.columns import COLUMN_COUNT, COLUMNS, INDEX, header_for_field
from blangkon.catalog.bulk.lookups import CellError, Lookups
from blangkon.catalog.inputs import ProductInput
from blangkon.core.money import RupiahParseError, parse_rupiah

__all__ = ["CellError", "Lookups", "ParsedRow", "add_rule_errors", "is_blank", "parse_row"]

YES = frozenset({"ya", "y", "yes", "true", "1", "benar"})
NO = frozenset({"tidak", "t", "no", "n", "false", "0", "salah", ""})
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# 1500000 or 1.500.000 (Indonesian thousands separators); nothing else.
WHOLE_NUMBER = re.compile(r"\d+|\d{1,3}(?:\.\d{3})+")
# When a cell could not be read, the rules' complaints about these other
# columns follow from the default put in its place, not from what was typed.
FOLLOWS_FROM: dict[str, tuple[str, ...]] = {
    "made_to_order": ("stock", "lead_time_days"),
    "stock": ("made_to_order", "lead_time_days"),
    "lead_time_days": ("made_to_order", "stock"),
    "category": ("unit", "specifications"),
}
HEADER_KEYS: dict[str, str] = {column.header: column.key for column in COLUMNS}


@dataclass
class ParsedRow:
    number: int  # the row number in the sheet (the header is row 1)
    values: tuple[object, ...]  # the cells as read, for the error report
    product: ProductInput | None = None  # set only when the row has no error
    errors: dict[str, str] = field(default_factory=dict)  # header -> message
    # What could be read, with defaults in place of the bad cells: checked
    # against the product rules for the rest of the row's problems.
    candidate: ProductInput | None = None
    failed_keys: set[str] = field(default_factory=set)  # columns whose cell was bad

    @property
    def sku(self) -> str:
        return _text(self.values[INDEX["sku"]])


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


def _price(value: object) -> int:
    """Whole rupiah, read as the product form reads it ("Rp 45.000", 45000)."""
    try:
        price = parse_rupiah(value)
    except RupiahParseError as error:
        raise CellError(str(error)) from error
    if price == 0:
        raise CellError(_("The price must be more than Rp0 (whole rupiah, tax included)."))
    return price


def _coverage(value: object, lookups: Lookups) -> tuple[str, ...]:
    if isinstance(value, float | Decimal):
        # A single code typed into a cell becomes a number: 33.1 was "33.10".
        value = f"{value:.2f}"
    return lookups.coverage(_text(value))


def parse_row(number: int, values: Sequence[object], lookups: Lookups) -> ParsedRow:
    """Read one data row. On success `product` is set; otherwise `errors` names
    each bad column. A formula anywhere rejects the row and is never evaluated;
    the other cells are still read, so their problems are reported too."""
    cells = tuple(values[:COLUMN_COUNT]) + (None,) * (COLUMN_COUNT - len(values))
    row = ParsedRow(number=number, values=cells)
    _check_unsafe_cells(cells, row.errors)
    reader = _Cells(cells, row.errors)
    row.candidate = _product(reader, lookups)
    row.failed_keys = {column.key for column in COLUMNS if column.header in row.errors}
    if not row.errors:
        row.product = row.candidate
    return row


def add_rule_errors(row: ParsedRow, fields: Mapping[str, str]) -> None:
    """Add the product rules' findings (a DomainError's fields) to the row's
    own: a column that already has a problem keeps it, and a finding that only
    follows from a bad cell's default is left out."""
    row.product = None
    hidden = set(row.failed_keys)
    for key in row.failed_keys:
        hidden.update(FOLLOWS_FROM.get(key, ()))
    for name, message in fields.items():
        header = header_for_field(name)
        if header in row.errors or (header in HEADER_KEYS and HEADER_KEYS[header] in hidden):
            continue
        row.errors[header] = str(message)


def _check_unsafe_cells(cells: Sequence[object], errors: dict[str, str]) -> None:
    for column, value in zip(COLUMNS, cells, strict=True):
        if is_formula(value):
            errors[column.header] = _("Formulas are not allowed; type the value itself.")
        elif isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            # A NUL cannot be stored in PostgreSQL text; none of them belongs in a product.
            errors[column.header] = _("Remove the invisible control characters.")


class _Cells:
    """A row's cells by column key. A cell that cannot be read records why under
    its column's header and gives a default, so one pass reports every bad cell.
    A cell already refused (a formula) is not read at all."""

    def __init__(self, cells: Sequence[object], errors: dict[str, str]) -> None:
        self.cells = cells
        self.errors = errors

    def header(self, key: str) -> str:
        return COLUMNS[INDEX[key]].header

    def text(self, key: str) -> str:
        if self.header(key) in self.errors:
            return ""
        return _text(self.cells[INDEX[key]])

    def read[T](self, key: str, reader: Callable[[object], T], default: T) -> T:
        if self.header(key) in self.errors:
            return default
        try:
            return reader(self.cells[INDEX[key]])
        except CellError as error:
            self.errors[self.header(key)] = str(error)
            return default

    def check_required(self, *keys: str) -> None:
        for key in keys:
            header = self.header(key)
            if header not in self.errors and _text(self.cells[INDEX[key]]) == "":
                self.errors[header] = _("Required; fill in this column.")


def _product(cells: _Cells, lookups: Lookups) -> ProductInput:
    """The row as a ProductInput; a bad cell (in `cells.errors`) gives a default."""
    cells.check_required("sku", "name", "category", "unit", "price")
    price = cells.read("price", _price, 0)
    no_specifications: dict[str, str] = {}
    no_coverage: tuple[str, ...] = ()
    specifications = cells.read("specifications", _specifications, no_specifications)
    min_order = cells.read(
        "min_order_quantity", lambda v: _optional_whole_number(v, minimum=1), None
    )
    stock = cells.read("stock", lambda v: _optional_whole_number(v, minimum=0), None)
    made_to_order = cells.read("made_to_order", _yes_no, False)
    lead_time = cells.read("lead_time_days", lambda v: _optional_whole_number(v, minimum=0), None)
    coverage = cells.read("coverage", lambda v: _coverage(v, lookups), no_coverage)
    is_pdn = cells.read("is_pdn", _yes_no, False)
    tkdn = cells.read("tkdn_percent", _tkdn, None)
    category = cells.read("category", lambda v: lookups.category(_text(v)), "")
    unit = cells.read("unit", lambda v: lookups.unit(_text(v), category or None), "")
    return ProductInput(
        sku=cells.text("sku"),
        name=cells.text("name"),
        category_slug=category,
        unit_code=unit,
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
