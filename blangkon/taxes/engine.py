"""The tax engine: the taxes on one payment to a vendor, line by line.

Pure: facts in (a date, the price, the tax class, who collects, the vendor's
tax profile), a result out. It imports no model of another app, so orders,
payments, the public preview and tests all call it the same way.

The design is docs/domain/taxes.md, section 14 ("The calculation in order"),
and every worked example of that page is a test (blangkon/taxes/tests).

- Rules are dated data: each rule set carries a version and the date it
  starts. A change of law is a new entry with a later start date, never an
  edit of an old one, so a past payment keeps the rules of its date.
- Money is integer rupiah and the arithmetic is exact (Fraction). Every tax
  line is rounded on its own to whole rupiah, **half up** (taxes.md, section
  1: the project's choice; DJP's systems may differ by Rp1).
- The collector is decided first (taxes.md, section 3): the same payment is
  taxed by the bendahara, by a Pihak Lain (PMK 58/2022) or, on a KKPD card,
  mostly by the vendor itself.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from blangkon.taxes.dated import RuleOutOfRange, in_force
from blangkon.taxes.treatment import ppn_breakdown, ppn_rate_on, tax_treatment

TAX_CLASSES = ("goods", "service", "catering", "construction")
COLLECTORS = ("bendahara", "pihak_lain", "none_kkpd")
VENDOR_KINDS = ("perorangan", "badan_usaha")

# Who handles a line. "vendor": the vendor collects and remits it itself (PPN
# below the threshold or on a card, PBJT); shown, never deducted.
BENDAHARA = "bendahara"
PIHAK_LAIN = "pihak_lain"
VENDOR = "vendor"
# Who owes a bea meterai.
OPD = "opd"


def round_half_up(amount: Fraction) -> int:
    """Whole rupiah, half up: floor(x + 1/2), for the non-negative amounts here."""
    return int(amount + Fraction(1, 2))


def percent_of(base: int, percent: Decimal) -> int:
    """One tax line's amount: percent × base, rounded half up on its own."""
    return round_half_up(Fraction(base) * Fraction(percent) / 100)


def plain_percent(rate: Decimal) -> Decimal:
    """A rate without trailing zeros or an exponent: 10, 1.5, 0.5 (for display)."""
    if rate == rate.to_integral_value():
        return rate.quantize(Decimal(1))
    return rate.normalize()


@dataclass(frozen=True)
class CollectionRules:
    """What a government payer collects and withholds (taxes.md, sections 3–9)."""

    version: str
    starts_on: datetime.date
    # The bendahara collects no PPN on a payment at most this large (not a
    # split slice); before PMK 59/2022 the limit included the PPN.
    ppn_limit: int
    ppn_limit_includes_ppn: bool
    ppn_basis: str
    # PPh 22 exemption (a): at most this much excluding PPN, not split.
    pph22_limit: int
    pph22_percent: Decimal
    pph22_no_id_percent: Decimal
    pph22_basis: str
    pph23_percent: Decimal
    pph23_no_id_percent: Decimal
    pph23_basis: str
    # PPh 21 for non-employees: 50 % of the gross × the first Pasal 17
    # bracket (5 %) = 2.5 % of the gross; 20 % more without a tax identity.
    pph21_percent_of_gross: Decimal
    pph21_no_id_percent_of_gross: Decimal
    pph21_basis: str
    final_percent: Decimal
    final_basis: str
    # PMK 58/2022: None before a Pihak Lain could collect at all.
    pihak_lain_pph22_percent: Decimal | None
    pihak_lain_basis: str


_PMK_231_2019 = CollectionRules(
    version="pemungutan-2020-01-01",
    starts_on=datetime.date(2020, 1, 1),
    ppn_limit=1_000_000,
    ppn_limit_includes_ppn=True,
    ppn_basis="PMK 231/2019",
    pph22_limit=2_000_000,
    pph22_percent=Decimal("1.5"),
    pph22_no_id_percent=Decimal(3),
    pph22_basis="UU PPh Pasal 22; PMK 231/2019",
    pph23_percent=Decimal(2),
    pph23_no_id_percent=Decimal(4),
    pph23_basis="UU PPh Pasal 23 ayat (1) huruf c; PMK 141/2015",
    pph21_percent_of_gross=Decimal("2.5"),
    pph21_no_id_percent_of_gross=Decimal(3),
    pph21_basis="UU PPh Pasal 21; Pasal 17 ayat (1) huruf a",
    final_percent=Decimal("0.5"),
    final_basis="PP 23/2018",
    pihak_lain_pph22_percent=None,
    pihak_lain_basis="",
)
# PMK 59/2022 (from 1 April 2022): the PPN limit becomes Rp2,000,000
# EXCLUDING PPN; PMK 58/2022 lets an appointed Pihak Lain collect.
_PMK_59_2022 = replace(
    _PMK_231_2019,
    version="pemungutan-2022-04-01",
    starts_on=datetime.date(2022, 4, 1),
    ppn_limit=2_000_000,
    ppn_limit_includes_ppn=False,
    ppn_basis="PMK 231/2019 jo. PMK 59/2022",
    pph22_basis="UU PPh Pasal 22; PMK 59/2022",
    pihak_lain_pph22_percent=Decimal("0.5"),
    pihak_lain_basis="PMK 58/2022 Pasal 5",
)
# PP 55/2022 carries the final 0.5 % of PP 23/2018 on (same rate), and from
# 2024 PMK 168/2023 sets the PPh 21 base of non-employees at 50 % of the gross
# and PMK 164/2023 the withholding of the final tax.
_PMK_168_2023 = replace(
    _PMK_59_2022,
    version="pemungutan-2024-01-01",
    starts_on=datetime.date(2024, 1, 1),
    pph21_basis="PMK 168/2023; UU PPh Pasal 17 ayat (1) huruf a",
    final_basis="PP 55/2022 Pasal 56–60; PMK 164/2023",
)
# Oldest first; a new law is a new entry, never an edit of one above.
COLLECTION_RULES: tuple[CollectionRules, ...] = (_PMK_231_2019, _PMK_59_2022, _PMK_168_2023)


def collection_rules_label(version: str) -> str:
    """A stored rules version ("pemungutan-2024-01-01") as readers say it:
    the collection rules in force from that date. An unknown one as stored."""
    for rules in COLLECTION_RULES:
        if rules.version == version:
            return _("collection rules from %(date)s") % {"date": date_format(rules.starts_on)}
    return version


@dataclass(frozen=True)
class StampDutyRules:
    version: str
    starts_on: datetime.date
    amount: int
    receipt_above: int  # a receipt of MORE than this is dutiable


STAMP_DUTY_RULES: tuple[StampDutyRules, ...] = (
    StampDutyRules("bea-meterai-2021-01-01", datetime.date(2021, 1, 1), 10_000, 5_000_000),
)

PBJT_VERSION = "pbjt-uu-1-2022"
PBJT_BASIS = "UU 1/2022 Pasal 51 ayat (1) huruf b"
DEFAULT_PBJT_PERCENT = Decimal(10)


@dataclass(frozen=True)
class VendorProfile:
    """The vendor's tax facts, as they stand on the payment's date."""

    kind: str  # "perorangan" or "badan_usaha"
    pkp: bool = False
    npwp: bool = False
    # A NIK administered by Dukcapil and valid in DJP's system counts as an
    # NPWP: no surcharge (PENG-6/PJ.09/2024).
    nik_valid_as_npwp: bool = False
    sk_pp55_valid: bool = False  # an SK PP 55/2022 valid on the date
    turnover_statement: bool = False  # individual: turnover this year ≤ Rp500 juta
    skb: bool = False  # an exemption certificate for the income tax concerned
    pbjt_registered: bool = False
    pbjt_percent: Decimal = DEFAULT_PBJT_PERCENT  # the kab/kota's Perda rate

    @property
    def has_tax_identity(self) -> bool:
        return self.npwp or self.nik_valid_as_npwp


@dataclass(frozen=True)
class TaxFacts:
    on: datetime.date
    price: int  # P: what the invoice asks, tax included, whole rupiah
    tax_class: str
    vendor: VendorProfile
    collector: str = "bendahara"
    # The payment is a slice of a transaction really worth more: no threshold.
    split_slice: bool = False
    # The pemda's choice for catering by a PBJT-registered caterer: by default
    # the income-tax base EXCLUDES the PBJT itemised in the bill, like PPN
    # (taxes.md, section 10; an open question, so a per-pemda setting).
    pbjt_in_income_base: bool = False
    # Stamp the Surat Pesanan of this payment's order (taxes.md, section 11).
    surat_pesanan: bool = False
    # When these facts are one tax class's part of a payment with several
    # (taxes/payment.py): the whole payment's P and HJ, on which the Rp2,000,000
    # thresholds are judged (taxes.md, section 1: per payment, never per line).
    # None: the part is the whole payment.
    payment_price: int | None = None
    payment_dpp: int | None = None


@dataclass(frozen=True)
class TaxLine:
    type: str  # ppn, pbjt, pph22, pph23, pph21, pph_final
    rate: Decimal  # percent of the base
    base: int
    amount: int
    collector: str  # bendahara, pihak_lain or vendor
    legal_basis: str
    rule_version: str

    @property
    def withheld(self) -> bool:
        """Collected by the payer's side, so deducted from what the vendor receives."""
        return self.collector in (BENDAHARA, PIHAK_LAIN)


@dataclass(frozen=True)
class StampDuty:
    document: str  # "kuitansi" or "surat_pesanan"
    amount: int
    owed_by: str  # "opd" or "vendor"
    legal_basis: str
    rule_version: str


@dataclass(frozen=True)
class TaxResult:
    price: int
    dpp: int  # the price without the tax inside it (PPN, or PBJT for catering)
    lines: tuple[TaxLine, ...]
    stamp_duties: tuple[StampDuty, ...] = ()
    # Why a tax is absent or open: machine-readable codes, see NOTES.
    notes: tuple[str, ...] = field(default=())

    def _total(self, line_type: str, *, withheld: bool | None = None) -> int:
        return sum(
            line.amount
            for line in self.lines
            if line.type == line_type and (withheld is None or line.withheld == withheld)
        )

    @property
    def ppn(self) -> int:
        return self._total("ppn")

    @property
    def ppn_collected_by_buyer(self) -> int:
        return self._total("ppn", withheld=True)

    @property
    def ppn_self_remitted_by_vendor(self) -> int:
        return self._total("ppn", withheld=False)

    @property
    def pbjt(self) -> int:
        return self._total("pbjt")

    @property
    def pph22(self) -> int:
        return self._total("pph22")

    @property
    def pph23(self) -> int:
        return self._total("pph23")

    @property
    def pph21(self) -> int:
        return self._total("pph21")

    @property
    def pph_final(self) -> int:
        return self._total("pph_final")

    @property
    def withheld(self) -> int:
        return sum(line.amount for line in self.lines if line.withheld)

    @property
    def net_to_vendor(self) -> int:
        """P less everything the bendahara or the Pihak Lain collects or withholds."""
        return self.price - self.withheld

    @property
    def bea_meterai_opd(self) -> int:
        return sum(d.amount for d in self.stamp_duties if d.owed_by == OPD)

    @property
    def bea_meterai_vendor(self) -> int:
        return sum(d.amount for d in self.stamp_duties if d.owed_by == VENDOR)


# Notes a result may carry, with the reason (shown by the preview page).
NOTES: dict[str, Promise] = {
    "ppn_below_threshold": _(
        "The payment is below the limit and not split: the bendahara "
        "collects no PPN; the PKP vendor remits it itself."
    ),
    "ppn_self_remitted_kkpd": _("Paid by KKPD: the PKP vendor remits the PPN itself."),
    "pph22_below_threshold": _("At most Rp2,000,000 excluding PPN and not split: no PPh 22."),
    "skb": _("The vendor holds an SKB: no income tax is withheld."),
    "turnover_statement": _(
        "SK PP 55 and a turnover statement (at most Rp500 juta this year): "
        "no income tax is withheld."
    ),
    "turnover_statement_ignored": _(
        "A turnover statement counts only for an individual holding an SK PP 55."
    ),
    "pp55_through_pihak_lain": _(
        "Through a Pihak Lain an SK PP 55 does not exempt: the Pihak Lain collects PPh 22 (0.5%)."
    ),
    "construction_not_modelled": _(
        "Construction: the final PPh 4(2) is not modelled; no income-tax line is computed."
    ),
    "kkpd_service_open": _(
        "Services paid by KKPD: whether the bendahara withholds PPh 23 or "
        "PPh 21 is not settled; check before paying."
    ),
    "pph21_first_bracket": _(
        "PPh 21 is computed in the first bracket (5%); whether the "
        "brackets accumulate over a year's payments is not settled."
    ),
    "pbjt_excluded_from_base": _(
        "The income-tax base excludes the PBJT itemised by a "
        "registered caterer (the pemda's choice)."
    ),
    "pbjt_included_in_base": _("The income-tax base includes the PBJT (the pemda's choice)."),
}


def calculate(facts: TaxFacts) -> TaxResult:
    """All taxes on one payment, in the order of taxes.md, section 14.

    Raises ValueError for an unknown tax class, collector or vendor kind, a
    negative price, or a date before the oldest rule set (RuleOutOfRange).
    """
    _check(facts)
    rules = in_force(COLLECTION_RULES, facts.on)
    if facts.collector == PIHAK_LAIN and rules.pihak_lain_pph22_percent is None:
        raise RuleOutOfRange("A Pihak Lain collects only from 1 April 2022 (PMK 58/2022).")
    notes: list[str] = []
    lines: list[TaxLine] = []
    dpp, inside = _split_price(facts)  # step 1
    lines.extend(inside)
    ppn_withheld_by = _ppn_collector(facts, rules, dpp)  # steps 2 and 3
    lines = [
        _with_collector(line, ppn_withheld_by) if line.type == "ppn" else line for line in lines
    ]
    if any(line.type == "ppn" for line in lines) and ppn_withheld_by == VENDOR:
        notes.append(
            "ppn_self_remitted_kkpd" if facts.collector == "none_kkpd" else "ppn_below_threshold"
        )
    lines.extend(_income_tax(facts, rules, dpp, notes))  # step 4
    return TaxResult(
        price=facts.price,
        dpp=dpp,
        lines=tuple(lines),
        stamp_duties=_stamp_duties(facts),  # step 5
        notes=tuple(dict.fromkeys(notes)),
    )


def _check(facts: TaxFacts) -> None:
    if facts.tax_class not in TAX_CLASSES:
        raise ValueError(f"Unknown tax class {facts.tax_class!r}.")
    if facts.collector not in COLLECTORS:
        raise ValueError(f"Unknown collector {facts.collector!r}.")
    if facts.vendor.kind not in VENDOR_KINDS:
        raise ValueError(f"Unknown vendor kind {facts.vendor.kind!r}.")
    if isinstance(facts.price, bool) or not isinstance(facts.price, int) or facts.price < 0:
        raise ValueError("A price is a non-negative whole number of rupiah.")
    if facts.payment_price is not None and facts.payment_price < facts.price:
        raise ValueError("A part of a payment cannot exceed the payment.")
    if not 0 <= facts.vendor.pbjt_percent <= 100:
        raise ValueError("A PBJT rate is a percentage from 0 to 100.")


def _split_price(facts: TaxFacts) -> tuple[int, list[TaxLine]]:
    """The price without the tax inside it, and that tax's line (taxes.md, section 2).

    The PPN line's collector is decided afterwards; PBJT is the caterer's own.
    """
    vendor = facts.vendor
    if facts.tax_class == "catering":
        if not vendor.pbjt_registered:
            return facts.price, []
        percent = vendor.pbjt_percent
        base = round_half_up(Fraction(facts.price * 100) / (100 + Fraction(percent)))
        pbjt = facts.price - base
        return base, [TaxLine("pbjt", percent, base, pbjt, VENDOR, PBJT_BASIS, PBJT_VERSION)]
    treatment = tax_treatment(tax_class=facts.tax_class, vendor_is_pkp=vendor.pkp, on=facts.on)
    hj, ppn = ppn_breakdown(facts.price, treatment)
    if not treatment.ppn_included or treatment.effective_ppn_rate is None:
        return hj, []
    # The line shows the effective rate on HJ (11 % = 12 % × 11/12 from 2025).
    rate = ppn_rate_on(facts.on)
    line = TaxLine(
        "ppn",
        treatment.effective_ppn_rate,
        hj,
        ppn,
        VENDOR,
        rate.legal_basis,
        rate.version,
    )
    return hj, [line]


def _below_threshold(facts: TaxFacts, rules: CollectionRules, hj: int) -> bool:
    if facts.split_slice:
        return False
    if rules.ppn_limit_includes_ppn:
        measured = facts.price if facts.payment_price is None else facts.payment_price
    else:
        measured = _payment_dpp(facts, hj)
    return measured <= rules.ppn_limit


def _payment_dpp(facts: TaxFacts, own: int) -> int:
    """The HJ a threshold is judged on: the whole payment's when this is a part of it."""
    return own if facts.payment_dpp is None else facts.payment_dpp


def _ppn_collector(facts: TaxFacts, rules: CollectionRules, hj: int) -> str:
    """Who takes the PPN (taxes.md, sections 3 and 4, step 3 of section 14)."""
    if facts.collector == PIHAK_LAIN:
        return PIHAK_LAIN
    if facts.collector == BENDAHARA and not _below_threshold(facts, rules, hj):
        return BENDAHARA
    # Below the threshold, or paid by card: the PKP vendor remits it itself.
    return VENDOR


def _with_collector(line: TaxLine, collector: str) -> TaxLine:
    if collector == VENDOR:
        return line
    return TaxLine(
        line.type,
        line.rate,
        line.base,
        line.amount,
        collector,
        line.legal_basis,
        line.rule_version,
    )


def _income_base(facts: TaxFacts, dpp: int, notes: list[str]) -> int:
    """HJ; for catering by a PBJT-registered caterer, with or without the PBJT."""
    if facts.tax_class == "catering" and facts.vendor.pbjt_registered:
        if facts.pbjt_in_income_base:
            notes.append("pbjt_included_in_base")
            return facts.price
        notes.append("pbjt_excluded_from_base")
    return dpp


def _income_tax(
    facts: TaxFacts, rules: CollectionRules, dpp: int, notes: list[str]
) -> list[TaxLine]:
    """Step 4 of taxes.md, section 14: at most one income-tax line."""
    if facts.tax_class == "construction":
        notes.append("construction_not_modelled")
        return []
    base = _income_base(facts, dpp, notes)
    if facts.collector == PIHAK_LAIN:
        return [_pihak_lain_pph22(facts, rules, base, notes)]
    if facts.collector == "none_kkpd":
        # Card purchases of goods are exempt from PPh 22 (PMK 59/2022 Pasal 12
        # ayat (2) huruf b); services by card are an open question.
        if facts.tax_class != "goods":
            notes.append("kkpd_service_open")
        return []
    return _bendahara_income_tax(facts, rules, base, notes)


def _pihak_lain_pph22(
    facts: TaxFacts, rules: CollectionRules, base: int, notes: list[str]
) -> TaxLine:
    """PMK 58/2022 Pasal 5: 0.5 % of the value excluding PPN, whatever the SK."""
    percent = rules.pihak_lain_pph22_percent
    assert percent is not None  # calculate() refuses earlier dates
    if facts.vendor.sk_pp55_valid:
        notes.append("pp55_through_pihak_lain")
    amount = percent_of(base, percent)
    return TaxLine(
        "pph22", percent, base, amount, PIHAK_LAIN, rules.pihak_lain_basis, rules.version
    )


def _bendahara_income_tax(
    facts: TaxFacts, rules: CollectionRules, base: int, notes: list[str]
) -> list[TaxLine]:
    """The bendahara's withholding: exemptions first, then PP 55, then the class's tax."""
    vendor = facts.vendor
    if vendor.skb:
        notes.append("skb")
        return []
    below = _payment_dpp(facts, base) <= rules.pph22_limit
    if facts.tax_class == "goods" and not facts.split_slice and below:
        notes.append("pph22_below_threshold")  # PMK 59/2022 Pasal 12 ayat (2) huruf a
        return []
    if vendor.turnover_statement and not (vendor.sk_pp55_valid and vendor.kind == "perorangan"):
        notes.append("turnover_statement_ignored")
    if vendor.sk_pp55_valid:
        if vendor.kind == "perorangan" and vendor.turnover_statement:
            notes.append("turnover_statement")
            return []
        return [_line("pph_final", rules.final_percent, base, rules.final_basis, rules)]
    return [_ordinary_income_tax(facts, rules, base, notes)]


def _ordinary_income_tax(
    facts: TaxFacts, rules: CollectionRules, base: int, notes: list[str]
) -> TaxLine:
    """PPh 22 on goods, PPh 23 on a business's services, PPh 21 on an individual's.

    Without an NPWP or a valid NIK the higher rate applies.
    """
    identified = facts.vendor.has_tax_identity
    if facts.tax_class == "goods":
        if identified:
            return _line("pph22", rules.pph22_percent, base, rules.pph22_basis, rules)
        basis = "UU PPh Pasal 22 ayat (3)"
        return _line("pph22", rules.pph22_no_id_percent, base, basis, rules)
    if facts.vendor.kind == "badan_usaha":
        if identified:
            return _line("pph23", rules.pph23_percent, base, rules.pph23_basis, rules)
        basis = "UU PPh Pasal 23 ayat (1a)"
        return _line("pph23", rules.pph23_no_id_percent, base, basis, rules)
    # Open: whether the Pasal 17 brackets accumulate over a year's payments to
    # the same person (taxes.md, section 17); the first bracket is assumed.
    notes.append("pph21_first_bracket")
    if identified:
        return _line("pph21", rules.pph21_percent_of_gross, base, rules.pph21_basis, rules)
    basis = f"{rules.pph21_basis}; UU PPh Pasal 21 ayat (5a)"
    return _line("pph21", rules.pph21_no_id_percent_of_gross, base, basis, rules)


def _line(
    line_type: str, percent: Decimal, base: int, basis: str, rules: CollectionRules
) -> TaxLine:
    amount = percent_of(base, percent)
    return TaxLine(line_type, percent, base, amount, BENDAHARA, basis, rules.version)


def _stamp_duties(facts: TaxFacts) -> tuple[StampDuty, ...]:
    """Bea meterai (taxes.md, section 11); owed, never deducted from the vendor's pay.

    The kuitansi for P is dutiable above Rp5,000,000 and owed by the paying
    OPD, which receives it. A Surat Pesanan is an agreement, dutiable at any
    value; on the strict reading each party owes it on the copy it receives.
    Dates before UU 10/2020 took effect carry none (not modelled).
    """
    try:
        rules = in_force(STAMP_DUTY_RULES, facts.on)
    except RuleOutOfRange:
        return ()
    duties = []
    if facts.price > rules.receipt_above:
        basis = "UU 10/2020 Pasal 3 ayat (2) huruf g; Pasal 9"
        duties.append(StampDuty("kuitansi", rules.amount, OPD, basis, rules.version))
    if facts.surat_pesanan:
        basis = "UU 10/2020 Pasal 3 ayat (2) huruf a; Pasal 9"
        for owed_by in (OPD, VENDOR):
            duties.append(StampDuty("surat_pesanan", rules.amount, owed_by, basis, rules.version))
    return tuple(duties)
