"""The bendahara's books through the API: GET /payments/due (the invoices the
caller's OPD must pay, nearest deadline first) and GET /payments/withholding
(the taxes its bendahara withheld in a month). The same selectors as the pages
under /bendahara/; the XLSX stays on the page.

The caller's own OPD only, and only its bendahara: to anyone else these
books do not exist (404), as the cart is to whoever does not buy. So an
individual vendor's NPWP or NIK, needed for e-Bupot, reaches only the
bendahara who withheld the tax.
"""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.payments import books_selectors as books

router = Router(tags=["payments"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class BillOut(Schema):
    order_id: int
    order_number: str
    invoice_number: str
    vendor: str
    bast_on: datetime.date = Field(description="The local day the BAST was signed by both.")
    price: int = Field(description="The invoice, whole rupiah, tax included.")
    withheld: int = Field(description="Taxes the bendahara withholds from it.")
    net_to_vendor: int = Field(description="What to pay the vendor: price less withheld.")
    due_on: datetime.date = Field(description="The last day to pay in time.")
    working_days_left: int = Field(description="0: due today; negative once past.")
    late: bool
    days_late: int = Field(description="Calendar days past the deadline (0 while in time).")

    @staticmethod
    def of(bill: books.Bill) -> "BillOut":
        return BillOut(
            order_id=bill.order_id,
            order_number=bill.order_number,
            invoice_number=bill.invoice_number,
            vendor=bill.vendor,
            bast_on=bill.bast_on,
            price=bill.price,
            withheld=bill.withheld,
            net_to_vendor=bill.net_to_vendor,
            due_on=bill.due.due_on,
            working_days_left=bill.due.working_days_left,
            late=bill.due.overdue,
            days_late=bill.due.days_late,
        )


class DueOut(Schema):
    opd_id: int
    opd: str
    total_net_to_vendor: int
    bills: list[BillOut]


@router.get(
    "/payments/due",
    response={200: DueOut, **errors(404)},
    summary="The invoices the caller's OPD must pay",
)
def payments_due(request: HttpRequest) -> DueOut:
    """The caller's OPD's invoiced, unpaid orders with their payment
    deadlines, nearest first. The OPD's bendahara only."""
    opd = books.own_books_opd(_user(request))
    bills = books.bills_to_pay(opd.pk)
    return DueOut(
        opd_id=opd.pk,
        opd=opd.name,
        total_net_to_vendor=sum(bill.net_to_vendor for bill in bills),
        bills=[BillOut.of(bill) for bill in bills],
    )


class MonthIn(InputSchema):
    month: str = Field(
        default="",
        max_length=7,
        description="YYYY-MM; the current month when left out.",
        examples=["2026-11"],
    )


class WithheldOut(Schema):
    paid_on: datetime.date = Field(description="The payment date: the tax point.")
    order_id: int
    order_number: str
    invoice_number: str
    vendor: str
    vendor_is_individual: bool
    tax_id: str = Field(description="The vendor's NPWP (an individual's may be the NIK).")
    type: str = Field(description="pph22, pph23, pph21, pph_final, ppn or pbjt.")
    rate: Decimal = Field(description="Percent of the base.")
    base: int
    amount: int
    legal_basis: str


class TaxTotalOut(Schema):
    type: str
    count: int
    base: int
    amount: int


class WithholdingOut(Schema):
    opd_id: int
    month: str = Field(description="YYYY-MM")
    total_withheld: int
    totals: list[TaxTotalOut]
    rows: list[WithheldOut]


@router.get(
    "/payments/withholding",
    response={200: WithholdingOut, **errors(404)},
    summary="The taxes the caller's bendahara withheld in a month",
)
def payments_withholding(request: HttpRequest, query: Query[MonthIn]) -> WithholdingOut:
    """The taxes withheld by the bendahara (collector "bendahara") from the
    invoices paid in the month, per payment, with totals per tax type. The
    OPD's bendahara only."""
    opd = books.own_books_opd(_user(request))
    month = books.parse_month(query.month)
    summary = books.withholding_summary(opd.pk, month, personal_allowed=True)
    return WithholdingOut(
        opd_id=opd.pk,
        month=month.strftime("%Y-%m"),
        total_withheld=summary.amount,
        totals=[
            TaxTotalOut(type=t.type, count=t.count, base=t.base, amount=t.amount)
            for t in summary.totals
        ],
        rows=[
            WithheldOut(
                paid_on=row.paid_on,
                order_id=row.order_id,
                order_number=row.order_number,
                invoice_number=row.invoice_number,
                vendor=row.vendor,
                vendor_is_individual=row.vendor_is_individual,
                tax_id=row.tax_id,
                type=row.type,
                rate=row.rate,
                base=row.base,
                amount=row.amount,
                legal_basis=row.legal_basis,
            )
            for row in summary.rows
        ],
    )
