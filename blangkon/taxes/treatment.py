"""How a listed price relates to PPN: which tax treatment applies to a product.

Pure: facts in (tax class, the vendor's PKP status, a date), a treatment out.
It imports no model of another app, so catalog, orders and tests can all call
it. Rates are dated data, never edited in place: a new rate is a new row.

Rules and examples: docs/domain/taxes.md, sections 2 ("From a listed price to
its parts") and 4 ("PPN").
- PPN 10 % until 31 March 2022; 11 % from 1 April 2022 (UU 7/2021 HPP).
- From 1 January 2025 PPN is 12 % of "DPP nilai lain" = 11/12 of the price
  excluding PPN (PMK 131/2024): effectively 11 % for non-luxury goods and
  services. The catalog holds no luxury (PPnBM) goods.
- A vendor that is not VAT-registered (non-PKP) charges no PPN.
- Catering (jasa boga) is not a PPN object; it falls under the regional tax
  PBJT, which a registered caterer includes in its price (UU 1/2022 Pasal 51).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from blangkon.taxes.dated import in_force

TAX_CLASSES = frozenset({"goods", "service", "catering", "construction"})


@dataclass(frozen=True)
class TaxTreatment:
    # "ppn" (PPN inside the price), "non_pkp" (no PPN) or "pbjt" (catering).
    code: str
    label: Promise | str
    ppn_included: bool
    # The share of the price excluding PPN that is PPN, in percent (11 for
    # 12 % × 11/12); None when no PPN is charged.
    effective_ppn_rate: Decimal | None


@dataclass(frozen=True)
class PpnRate:
    starts_on: datetime.date
    nominal_percent: Decimal  # the rate the law states
    dpp_fraction: Fraction  # DPP as a share of the price excluding PPN
    label: Promise
    legal_basis: str = ""

    @property
    def version(self) -> str:
        """The rule version a tax line records (the date the rate started)."""
        return f"ppn-{self.starts_on.isoformat()}"

    @property
    def effective_percent(self) -> Decimal:
        effective = Fraction(self.nominal_percent) * self.dpp_fraction
        return Decimal(effective.numerator) / Decimal(effective.denominator)


# Oldest first. PPN itself started on 1 April 1985 (UU 8/1983).
PPN_RATES: tuple[PpnRate, ...] = (
    PpnRate(
        datetime.date(1985, 4, 1),
        Decimal(10),
        Fraction(1),
        _("The price includes PPN 10%."),
        "UU 8/1983 Pasal 7",
    ),
    PpnRate(
        datetime.date(2022, 4, 1),
        Decimal(11),
        Fraction(1),
        _("The price includes PPN 11%."),
        "UU 8/1983 Pasal 7 jo. UU 7/2021",
    ),
    PpnRate(
        datetime.date(2025, 1, 1),
        Decimal(12),
        Fraction(11, 12),
        _("The price includes PPN: 12% of DPP nilai lain (11/12), effectively 11%."),
        "UU 8/1983 Pasal 7 jo. UU 7/2021; PMK 131/2024",
    ),
)


def ppn_rate_on(on: datetime.date) -> PpnRate:
    """The PPN rate in force on a date (ValueError before PPN existed)."""
    return in_force(PPN_RATES, on, what="PPN rate")


def tax_treatment(*, tax_class: str, vendor_is_pkp: bool, on: datetime.date) -> TaxTreatment:
    """The treatment of a listed price for a category's tax class and a vendor.

    Raises ValueError for an unknown tax class or a date before PPN existed.
    """
    if tax_class not in TAX_CLASSES:
        raise ValueError(f"Unknown tax class {tax_class!r}.")
    if tax_class == "catering":
        return TaxTreatment(
            code="pbjt",
            label=_(
                "Catering: no PPN. The regional tax PBJT may be included in the price "
                "by a registered caterer."
            ),
            ppn_included=False,
            effective_ppn_rate=None,
        )
    if not vendor_is_pkp:
        return TaxTreatment(
            code="non_pkp",
            label=_("No PPN: the vendor is not VAT-registered (non-PKP)."),
            ppn_included=False,
            effective_ppn_rate=None,
        )
    rate = ppn_rate_on(on)
    return TaxTreatment(
        code="ppn",
        label=rate.label,
        ppn_included=True,
        effective_ppn_rate=rate.effective_percent,
    )


def ppn_breakdown(price_incl: int, treatment: TaxTreatment) -> tuple[int, int]:
    """Split a price including PPN into (price excluding PPN, PPN), whole rupiah.

    base = round-half-up(price × 100 / (100 + effective rate)) and PPN = price −
    base, so the two always add up to the price (docs/domain/taxes.md, section 1:
    round half up in integers; example G1: Rp11.100.000 → Rp10.000.000 +
    Rp1.100.000). Without PPN the whole price is the base.
    """
    if isinstance(price_incl, bool) or not isinstance(price_incl, int):
        raise TypeError("A price is a whole number of rupiah.")
    if price_incl < 0:
        raise ValueError("A price cannot be negative.")
    rate = treatment.effective_ppn_rate
    if not treatment.ppn_included or rate is None:
        return price_incl, 0
    exact_base = Fraction(price_incl * 100) / (100 + Fraction(rate))
    base = int(exact_base + Fraction(1, 2))  # floor(x + 1/2): half up for x ≥ 0
    return base, price_incl - base
