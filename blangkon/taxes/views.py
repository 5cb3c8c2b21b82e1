"""The public tax preview: anyone may see what a payment to a vendor is taxed
and what reaches the vendor. Nothing is stored and no record is read, so the
form is a GET (the result can be bookmarked and shared)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from blangkon.taxes.engine import NOTES, TaxLine, TaxResult, plain_percent
from blangkon.taxes.forms import TaxPreviewPageForm

LINE_LABELS = {
    "ppn": _("PPN"),
    "pbjt": _("PBJT (regional tax)"),
    "pph22": _("PPh 22"),
    "pph23": _("PPh 23"),
    "pph21": _("PPh 21"),
    "pph_final": _("Final PPh (PP 55/2022)"),
}
COLLECTOR_LABELS = {
    "bendahara": _("Withheld by the bendahara"),
    "pihak_lain": _("Collected by the Pihak Lain"),
    "vendor": _("Remitted by the vendor itself (not deducted)"),
}
OWED_BY_LABELS = {"opd": _("the paying OPD"), "vendor": _("the vendor")}
DOCUMENT_LABELS = {"kuitansi": _("Receipt (kuitansi)"), "surat_pesanan": _("Surat Pesanan")}


@dataclass(frozen=True)
class ShownLine:
    label: Promise
    rate: Decimal
    base: int
    amount: int
    collector: Promise
    withheld: bool
    legal_basis: str
    rule_version: str


def _shown(line: TaxLine) -> ShownLine:
    return ShownLine(
        label=LINE_LABELS[line.type],
        rate=plain_percent(line.rate),
        base=line.base,
        amount=line.amount,
        collector=COLLECTOR_LABELS[line.collector],
        withheld=line.withheld,
        legal_basis=line.legal_basis,
        rule_version=line.rule_version,
    )


def _result_context(result: TaxResult) -> dict[str, Any]:
    return {
        "result": result,
        "lines": [_shown(line) for line in result.lines],
        "stamp_duties": [
            {
                "document": DOCUMENT_LABELS[duty.document],
                "amount": duty.amount,
                "owed_by": OWED_BY_LABELS[duty.owed_by],
                "legal_basis": duty.legal_basis,
            }
            for duty in result.stamp_duties
        ],
        "notes": [NOTES[code] for code in result.notes],
    }


@require_GET
def tax_preview(request: HttpRequest) -> HttpResponse:
    form = TaxPreviewPageForm(request.GET) if "price" in request.GET else TaxPreviewPageForm()
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid() and form.result is not None:
        context.update(_result_context(form.result))
    return render(request, "taxes/preview.html", context)
