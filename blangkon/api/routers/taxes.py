"""The public tax preview: the taxes on one payment to a vendor (no login).

Nothing is stored or read from the database: the same pure engine and the same
form as the page /pajak/simulasi/, so both refuse the same input alike."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import StrictInt, field_validator
from pydantic_core import PydanticCustomError

from blangkon.api.inputs import InputSchema
from blangkon.core.errors import InvalidRequest
from blangkon.taxes.engine import NOTES, plain_percent
from blangkon.taxes.preview import VENDOR_FIELDS, TaxPreviewForm

router = Router(tags=["taxes"])


class VendorIn(InputSchema):
    kind: str
    pkp: bool = False
    npwp: bool = False
    nik_valid_as_npwp: bool = False
    sk_pp55_valid: bool = False
    turnover_statement: bool = False
    pbjt_registered: bool = False
    skb: bool = False

    @field_validator(
        "skb",
        "pkp",
        "npwp",
        "nik_valid_as_npwp",
        "sk_pp55_valid",
        "turnover_statement",
        "pbjt_registered",
        mode="before",
    )
    @classmethod
    def _true_or_false(cls, value: Any) -> bool:
        # JSON true or false only, refused in the caller's language ("yes" or
        # 1 would be guessed at by pydantic, and refused in English).
        if not isinstance(value, bool):
            raise PydanticCustomError("bool_type", _("Enter true or false."))
        return value


class TaxPreviewIn(InputSchema):
    date: datetime.date
    price: StrictInt  # true is not a price
    tax_class: str
    collector: str = "bendahara"
    vendor: VendorIn
    # One slice of a purchase split into several payments: the Rp2,000,000
    # limits do not apply (docs/domain/taxes.md).
    split_slice: bool = False
    # A caterer's PBJT counted in the income-tax base (off by default).
    pbjt_in_income_base: bool = False

    @field_validator("split_slice", "pbjt_in_income_base", mode="before")
    @classmethod
    def _true_or_false(cls, value: Any) -> bool:
        return VendorIn._true_or_false(value)


class TaxLineOut(Schema):
    type: str
    rate: str  # percent of the base, e.g. "1.5"
    base: int
    amount: int
    collector: str  # bendahara, pihak_lain or vendor (shown, not deducted)
    legal_basis: str
    rule_version: str


class StampDutyOut(Schema):
    document: str
    amount: int
    owed_by: str


class NoteOut(Schema):
    code: str
    message: str


class TaxPreviewOut(Schema):
    dpp: int
    ppn: int
    ppn_collected_by_buyer: int
    ppn_self_remitted_by_vendor: int
    pph22: int
    pph23: int
    pph21: int
    pph_final: int
    pbjt: int
    net_to_vendor: int
    lines: list[TaxLineOut]
    bea_meterai: list[StampDutyOut]
    notes: list[NoteOut]


def _form_data(payload: TaxPreviewIn) -> dict[str, Any]:
    vendor = payload.vendor.model_dump()
    return {
        "date": payload.date.isoformat(),
        "price": str(payload.price),
        "tax_class": payload.tax_class,
        "collector": payload.collector,
        "split_slice": payload.split_slice,
        "pbjt_in_income_base": payload.pbjt_in_income_base,
        **{name: vendor[name] for name in VENDOR_FIELDS if name in vendor},
    }


def _api_field(name: str) -> str:
    return f"vendor.{name}" if name in VENDOR_FIELDS else name


@router.post(
    "/taxes/preview", response=TaxPreviewOut, auth=None, summary="Preview a payment's taxes"
)
def tax_preview(request: HttpRequest, payload: TaxPreviewIn) -> TaxPreviewOut:
    """The taxes on one payment of `price` (whole rupiah, tax included) on
    `date`: who collects each, on which base, under which rule, and what
    reaches the vendor. Collector: `bendahara` (default), `pihak_lain`
    (PMK 58/2022) or `none_kkpd` (card). Amounts are whole rupiah, each line
    rounded half up. A preview, not tax advice."""
    form = TaxPreviewForm(_form_data(payload))
    if not form.is_valid() or form.result is None:
        fields = {_api_field(name): errors[0] for name, errors in form.errors.items()}
        raise InvalidRequest("invalid_input", _("Some fields are missing or invalid."), fields)
    result = form.result
    return TaxPreviewOut(
        dpp=result.dpp,
        ppn=result.ppn,
        ppn_collected_by_buyer=result.ppn_collected_by_buyer,
        ppn_self_remitted_by_vendor=result.ppn_self_remitted_by_vendor,
        pph22=result.pph22,
        pph23=result.pph23,
        pph21=result.pph21,
        pph_final=result.pph_final,
        pbjt=result.pbjt,
        net_to_vendor=result.net_to_vendor,
        lines=[
            TaxLineOut(
                type=line.type,
                rate=str(plain_percent(line.rate)),
                base=line.base,
                amount=line.amount,
                collector=line.collector,
                legal_basis=line.legal_basis,
                rule_version=line.rule_version,
            )
            for line in result.lines
        ],
        bea_meterai=[
            StampDutyOut(document=d.document, amount=d.amount, owed_by=d.owed_by)
            for d in result.stamp_duties
        ],
        notes=[NoteOut(code=code, message=str(NOTES[code])) for code in result.notes],
    )
