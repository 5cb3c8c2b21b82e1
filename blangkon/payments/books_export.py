"""The month's withheld taxes as XLSX (the core's safe spreadsheet helper):
one row per tax of a paid invoice, then a total row per tax type and the
grand total. Amounts are whole rupiah as numbers, so the sheet can add them.
Each download is audited: the sheet holds individuals' tax ids."""

from typing import Any

from django.utils.translation import gettext as _

from blangkon.accounts.models import Organisation, User
from blangkon.audit.services import audit_record
from blangkon.core.spreadsheets import xlsx_bytes
from blangkon.payments.books_selectors import WithheldTax, Withholding


def headers() -> list[str]:
    return [
        _("Payment date"),
        _("Order"),
        _("Invoice"),
        _("Vendor"),
        _("NPWP / NIK"),
        _("Tax"),
        _("Rate (%)"),
        _("Tax base (Rp)"),
        _("Tax withheld (Rp)"),
        _("Legal basis"),
    ]


WIDTHS = (14, 22, 22, 34, 20, 22, 10, 16, 16, 50)


def _row(item: WithheldTax) -> list[Any]:
    return [
        item.paid_on.isoformat(),
        item.order_number,
        item.invoice_number,
        item.vendor,
        _("hidden (personal data)") if item.tax_id_hidden else item.tax_id,
        item.type_label,
        item.rate,
        item.base,
        item.amount,
        item.legal_basis,
    ]


def withholding_xlsx(summary: Withholding) -> bytes:
    rows: list[list[Any]] = [_row(item) for item in summary.rows]
    for total in summary.totals:
        label = _("Total %(tax)s") % {"tax": total.type_label}
        rows.append(["", "", "", "", "", label, "", total.base, total.amount, ""])
    rows.append(["", "", "", "", "", _("Total withheld"), "", "", summary.amount, ""])
    return xlsx_bytes(
        title=_("Withholding %(month)s") % {"month": summary.month.strftime("%Y-%m")},
        widths=WIDTHS,
        headers=headers(),
        rows=rows,
    )


def withholding_export_record(*, actor: User, opd: Organisation, summary: Withholding) -> None:
    """Record that `actor` took the month's withholding out as a file: it
    holds individuals' tax ids. The caller has read it through the
    bendahara's scope (`books_selectors`), which is the permission check."""
    audit_record(
        actor=actor,
        action="payments.withholding_exported",
        obj=opd,
        organisation=opd,
        details={"month": summary.month.strftime("%Y-%m"), "rows": len(summary.rows)},
    )
