"""The taxes on one payment whose lines have more than one tax class.

Pure, like the engine it calls. Each tax class is taxed on its own part of the
price (PPh 22 on the goods, PPh 23 on the services …), but the Rp2,000,000
thresholds of PPN and PPh 22 are judged on the whole payment, never on a part
(docs/domain/taxes.md, section 1: "per payment, on HJ, never per line"): a
Rp1,500,000 box of paper delivered with Rp1,500,000 of installation is one
Rp3,000,000 payment, above the limit.

A payment of one tax class is exactly `engine.calculate` of its facts.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace

from blangkon.taxes.engine import (
    TAX_CLASSES,
    StampDuty,
    TaxFacts,
    TaxLine,
    TaxResult,
    VendorProfile,
    calculate,
)


@dataclass(frozen=True)
class ClassTaxes:
    """One tax class's part of the payment and the engine's result on it."""

    tax_class: str
    result: TaxResult


@dataclass(frozen=True)
class PaymentTaxes:
    price: int
    parts: tuple[ClassTaxes, ...]
    # Stamp duty is on the documents of the whole payment (the kuitansi for P).
    stamp_duties: tuple[StampDuty, ...] = ()

    @property
    def lines(self) -> tuple[tuple[str, TaxLine], ...]:
        """(tax class, line) for every line of every part, in the parts' order."""
        return tuple((part.tax_class, line) for part in self.parts for line in part.result.lines)

    @property
    def dpp(self) -> int:
        return sum(part.result.dpp for part in self.parts)

    @property
    def ppn(self) -> int:
        return sum(part.result.ppn for part in self.parts)

    @property
    def withheld(self) -> int:
        return sum(part.result.withheld for part in self.parts)

    @property
    def net_to_vendor(self) -> int:
        return self.price - self.withheld

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(note for part in self.parts for note in part.result.notes))


def calculate_payment(
    *,
    on: datetime.date,
    prices: Mapping[str, int],
    vendor: VendorProfile,
    collector: str = "bendahara",
    split_slice: bool = False,
    pbjt_in_income_base: bool = False,
    surat_pesanan: bool = False,
) -> PaymentTaxes:
    """The taxes of a payment of `prices` (tax class → its part of P, whole
    rupiah). Parts of zero are left out; the parts keep TAX_CLASSES' order.

    Raises what `calculate` raises, and ValueError for no positive part."""
    classes = [tax_class for tax_class in TAX_CLASSES if prices.get(tax_class, 0) > 0]
    unknown = set(prices) - set(TAX_CLASSES)
    if unknown:
        raise ValueError(f"Unknown tax class {sorted(unknown)[0]!r}.")
    if not classes:
        raise ValueError("A payment has at least one part above zero.")
    facts = [
        TaxFacts(
            on=on,
            price=prices[tax_class],
            tax_class=tax_class,
            vendor=vendor,
            collector=collector,
            split_slice=split_slice,
            pbjt_in_income_base=pbjt_in_income_base,
            surat_pesanan=surat_pesanan,
        )
        for tax_class in classes
    ]
    total = sum(fact.price for fact in facts)
    if len(facts) == 1:
        result = calculate(facts[0])
        return PaymentTaxes(total, (ClassTaxes(classes[0], result),), result.stamp_duties)
    # The HJ of each part does not depend on any threshold: a first pass finds
    # the whole payment's HJ, the second judges every part's thresholds on it.
    whole_dpp = sum(calculate(fact).dpp for fact in facts)
    parts = tuple(
        ClassTaxes(
            fact.tax_class,
            calculate(replace(fact, payment_price=total, payment_dpp=whole_dpp)),
        )
        for fact in facts
    )
    stamps = calculate(replace(facts[0], price=total)).stamp_duties
    return PaymentTaxes(total, parts, stamps)
