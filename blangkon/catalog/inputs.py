"""What a vendor submits for one product: the contract shared by the product
form, the API and the bulk XLSX import, so all three run the same checks."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ProductInput:
    sku: str
    name: str
    category_slug: str
    unit_code: str
    price: int  # whole rupiah per unit, tax included
    description: str = ""
    specifications: dict[str, str] = field(default_factory=dict)
    min_order_quantity: int = 1
    stock: int | None = None
    made_to_order: bool = False
    lead_time_days: int | None = None
    coverage_codes: tuple[str, ...] = ()  # kab/kota codes; empty = the vendor's own
    is_pdn: bool = False
    tkdn_percent: Decimal | None = None
