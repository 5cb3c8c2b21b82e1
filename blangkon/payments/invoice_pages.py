"""What the invoice pages show: the tax lines in words, who remits what, and
the facts of an invoice or of its preview (the same engine's figures)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from blangkon.payments.models import Invoice
from blangkon.taxes.engine import NOTES, collection_rules_label, plain_percent
from blangkon.taxes.payment import PaymentTaxes
from blangkon.taxes.preview import TAX_CLASS_CHOICES
from blangkon.taxes.views import COLLECTOR_LABELS, DOCUMENT_LABELS, LINE_LABELS, OWED_BY_LABELS

TAX_CLASS_LABELS = dict(TAX_CLASS_CHOICES)
REMITTER_LABELS = {
    "bendahara": _("The OPD's bendahara withholds and remits"),
    "pihak_lain": _("The Pihak Lain collects and remits"),
    "vendor": _("The vendor remits itself (not deducted)"),
}


class LineLike(Protocol):
    """A stored InvoiceTaxLine or the engine's TaxLine."""

    @property
    def type(self) -> str: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def base(self) -> int: ...
    @property
    def amount(self) -> int: ...
    @property
    def collector(self) -> str: ...
    @property
    def legal_basis(self) -> str: ...
    @property
    def rule_version(self) -> str: ...
    @property
    def withheld(self) -> bool: ...


@dataclass(frozen=True)
class ShownLine:
    tax_class: Promise | str
    label: Promise | str
    rate: Decimal
    base: int
    amount: int
    collector: Promise | str
    withheld: bool
    legal_basis: str
    rule_version: str


def shown_lines(lines: Iterable[tuple[str, LineLike]]) -> list[ShownLine]:
    return [
        ShownLine(
            tax_class=TAX_CLASS_LABELS.get(tax_class, tax_class),
            label=LINE_LABELS.get(line.type, line.type),
            rate=plain_percent(Decimal(line.rate)),
            base=line.base,
            amount=line.amount,
            collector=COLLECTOR_LABELS.get(line.collector, line.collector),
            withheld=line.withheld,
            legal_basis=line.legal_basis,
            rule_version=line.rule_version,
        )
        for tax_class, line in lines
    ]


@dataclass(frozen=True)
class Remittance:
    label: Promise
    amount: int


def remittances(lines: Iterable[tuple[str, LineLike]]) -> list[Remittance]:
    """Who remits how much to the state: the bendahara or the Pihak Lain what
    they withheld, the vendor what it remits itself (PPN below the limit or
    on a card, PBJT)."""
    totals: dict[str, int] = {}
    for _tax_class, line in lines:
        totals[line.collector] = totals.get(line.collector, 0) + line.amount
    return [
        Remittance(REMITTER_LABELS[who], totals[who]) for who in REMITTER_LABELS if totals.get(who)
    ]


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    lines = [(line.tax_class, line) for line in invoice.tax_lines.all()]
    return {
        "invoice": invoice,
        "rules_label": collection_rules_label(invoice.rules_version),
        "order": invoice.order,
        "amounts": invoice,
        "lines": shown_lines(lines),
        "remittances": remittances(lines),
        "several_classes": len({tax_class for tax_class, _line in lines}) > 1,
    }


@dataclass(frozen=True)
class PreviewAmounts:
    price: int
    dpp: int
    ppn: int
    withheld: int
    net_to_vendor: int


def preview_context(taxes: PaymentTaxes) -> dict[str, Any]:
    return {
        "amounts": PreviewAmounts(
            taxes.price, taxes.dpp, taxes.ppn, taxes.withheld, taxes.net_to_vendor
        ),
        "lines": shown_lines(taxes.lines),
        "remittances": remittances(taxes.lines),
        "several_classes": len(taxes.parts) > 1,
        "stamp_duties": [
            {
                "document": DOCUMENT_LABELS[duty.document],
                "amount": duty.amount,
                "owed_by": OWED_BY_LABELS[duty.owed_by],
                "legal_basis": duty.legal_basis,
            }
            for duty in taxes.stamp_duties
        ],
        "notes": [NOTES[code] for code in taxes.notes if code in NOTES],
    }
