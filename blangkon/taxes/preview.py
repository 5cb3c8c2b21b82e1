"""The public tax preview's input: one form read by the API and (through
taxes.forms, which only changes how a typed price is read) by the page, so both
refuse the same things with the same Indonesian messages."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from blangkon.taxes.dated import RuleOutOfRange
from blangkon.taxes.engine import (
    COLLECTION_RULES,
    DEFAULT_PBJT_PERCENT,
    TaxFacts,
    TaxResult,
    VendorProfile,
    calculate,
)

MAX_PRICE = 1_000_000_000_000  # Rp1 triliun: far above any direct purchase
LATEST_DATE = datetime.date(2100, 12, 31)
# PBJT on food and drink is at most 10 % (UU 1/2022 Pasal 58).
MAX_PBJT_PERCENT = Decimal(10)

PRICE_LABEL = _("Price including tax (Rp)")
PRICE_HELP = _("What the invoice asks: the listed price times the quantity.")
TAX_CLASS_CHOICES = [
    ("goods", _("Goods")),
    ("service", _("Service")),
    ("catering", _("Catering")),
    ("construction", _("Construction")),
]
COLLECTOR_CHOICES = [
    ("bendahara", _("The bendahara (LS, or UP by transfer)")),
    ("pihak_lain", _("A Pihak Lain under PMK 58/2022 (UP through its system)")),
    ("none_kkpd", _("KKPD card (outside a Pihak Lain system)")),
]
KIND_CHOICES = [
    ("perorangan", _("Individual (perorangan)")),
    ("badan_usaha", _("Business entity (CV, PT, koperasi)")),
]
# The vendor's facts: the form's field names are VendorProfile's.
VENDOR_FIELDS = (
    "kind",
    "pkp",
    "npwp",
    "nik_valid_as_npwp",
    "sk_pp55_valid",
    "turnover_statement",
    "skb",
    "pbjt_registered",
    "pbjt_percent",
)


def _flag(label: Any, help_text: Any = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=help_text)


class TaxPreviewForm(forms.Form):
    date = forms.DateField(
        label=_("Payment date"),
        # ISO for the browser's date picker, as core.fields.date_input (taxes sits below core).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Rates and limits are those in force on this date."),
    )
    price: forms.Field = forms.IntegerField(label=PRICE_LABEL, help_text=PRICE_HELP)
    tax_class = forms.ChoiceField(label=_("Tax class"), choices=TAX_CLASS_CHOICES)
    collector = forms.ChoiceField(
        label=_("Payment path"), choices=COLLECTOR_CHOICES, initial="bendahara"
    )
    split_slice = _flag(
        _("This payment is a slice of a larger transaction"),
        _("A split purchase loses the Rp2,000,000 limit."),
    )
    kind = forms.ChoiceField(label=_("Vendor"), choices=KIND_CHOICES)
    pkp = _flag(_("The vendor is PKP (charges PPN)"))
    npwp = _flag(_("The vendor has an NPWP"))
    nik_valid_as_npwp = _flag(_("The vendor's NIK is valid as an NPWP in DJP's system"))
    sk_pp55_valid = _flag(_("The vendor holds an SK PP 55/2022 valid on the date"))
    turnover_statement = _flag(
        _("Individual with SK: turnover this year at most Rp500 juta (signed statement)")
    )
    skb = _flag(_("The vendor holds an SKB (exemption certificate)"))
    pbjt_registered = _flag(_("Caterer registered for PBJT (PBJT inside the price)"))
    pbjt_percent = forms.DecimalField(
        label=_("PBJT rate (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_PBJT_PERCENT,
        max_digits=4,
        decimal_places=2,
        initial=DEFAULT_PBJT_PERCENT,
        help_text=_("As the kab/kota's Perda sets it; at most 10%."),
    )
    pbjt_in_income_base = _flag(
        _("The pemda counts PBJT in the income-tax base"),
        _("By default the base excludes the PBJT a registered caterer itemises."),
    )
    surat_pesanan = _flag(_("Also stamp the Surat Pesanan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.result: TaxResult | None = None

    def clean_price(self) -> int:
        price = self.cleaned_data["price"]
        if price is None:
            raise forms.ValidationError(_("Enter the price."), code="required")
        if not 1 <= price <= MAX_PRICE:
            raise forms.ValidationError(
                _("Enter a price from Rp1 to Rp%(max)s.")
                % {"max": number_format(MAX_PRICE, force_grouping=True)},
                code="out_of_range",
            )
        return int(price)

    def clean_date(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["date"]
        earliest = COLLECTION_RULES[0].starts_on
        if not earliest <= on <= LATEST_DATE:
            raise forms.ValidationError(
                _("Enter a date from %(first)s to %(last)s.")
                % {"first": date_format(earliest), "last": date_format(LATEST_DATE)},
                code="out_of_range",
            )
        return on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            self.result = calculate(self.facts())
        except RuleOutOfRange:
            self.add_error(
                "collector",
                _("A Pihak Lain collects only from 1 April 2022 (PMK 58/2022)."),
            )
        return cleaned

    def facts(self) -> TaxFacts:
        data = self.cleaned_data
        vendor = {name: data[name] for name in VENDOR_FIELDS}
        if vendor["pbjt_percent"] is None:
            vendor["pbjt_percent"] = DEFAULT_PBJT_PERCENT
        return TaxFacts(
            on=data["date"],
            price=data["price"],
            tax_class=data["tax_class"],
            collector=data["collector"],
            split_slice=data["split_slice"],
            pbjt_in_income_base=data["pbjt_in_income_base"],
            surat_pesanan=data["surat_pesanan"],
            vendor=VendorProfile(**vendor),
        )
