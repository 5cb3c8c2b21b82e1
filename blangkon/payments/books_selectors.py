"""The bendahara's books: the invoices the OPD must pay, with their deadlines,
and the taxes its bendahara withheld in a month (for e-Bupot and the SPT
Masa). Reads only; the pages and the API call these.

Who reads an OPD's books: its bendahara; the auditors; the kab/kota admins
of its pemda (as for its orders, orders/order_access.py). To anyone else the
books do not exist (404). An individual vendor's NPWP or NIK is personal
data: only the OPD's own bendahara, who must enter it in e-Bupot, sees it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.core.errors import InvalidRequest, NotFound
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.models import Collector, Invoice, InvoiceTaxLine
from blangkon.payments.payment_clock import PaymentDue, bast_day, payment_dues
from blangkon.vendors.models import VendorKind

TAX_LABELS = {
    "ppn": gettext_lazy("PPN"),
    "pbjt": gettext_lazy("PBJT (regional tax)"),
    "pph22": gettext_lazy("PPh 22"),
    "pph23": gettext_lazy("PPh 23"),
    "pph21": gettext_lazy("PPh 21"),
    "pph_final": gettext_lazy("Final PPh (PP 55/2022)"),
}


def tax_label(kind: str) -> str:
    return str(TAX_LABELS.get(kind, kind))


# --- who reads ---


def is_bendahara_of(user: User, opd: Organisation) -> bool:
    return user.is_active and user.role == Role.BENDAHARA and user.organisation_id == opd.pk


def may_read_books(user: User, opd: Organisation) -> bool:
    if not user.is_active or user.organisation_id is None or opd.kind != OrganisationKind.OPD:
        return False
    if user.role == Role.AUDITOR:
        return True
    if user.role == Role.KAB_KOTA_ADMIN:
        return user.organisation_id == opd.parent_id
    return is_bendahara_of(user, opd)


def books_opd(user: User, opd_id: int) -> Organisation:
    """The OPD whose books `user` asks for; NotFound when missing or not readable."""
    opd = Organisation.objects.filter(pk=opd_id, kind=OrganisationKind.OPD).first()
    if opd is None or not may_read_books(user, opd):
        raise NotFound()
    return opd


def own_books_opd(user: User) -> Organisation:
    """The bendahara's own OPD; NotFound for anyone else (the API's "mine")."""
    if not (user.is_active and user.role == Role.BENDAHARA) or user.organisation_id is None:
        raise NotFound()
    return books_opd(user, user.organisation_id)


def readable_books(user: User) -> list[Organisation]:
    """The OPDs whose books `user` may open, for the books' start page."""
    opds = Organisation.objects.filter(kind=OrganisationKind.OPD, is_active=True)
    if user.role == Role.AUDITOR:
        return list(opds.select_related("parent").order_by("parent__name", "name"))
    if user.role == Role.KAB_KOTA_ADMIN:
        return list(opds.filter(parent_id=user.organisation_id).order_by("name"))
    return []


# --- invoices to pay ---


@dataclass(frozen=True)
class Bill:
    """An invoiced order the OPD has not paid yet."""

    order_id: int
    order_number: str
    invoice_number: str
    vendor: str
    bast_on: datetime.date
    price: int
    withheld: int
    net_to_vendor: int
    due: PaymentDue
    opd: str = ""  # the paying OPD (the vendor's and the overseers' lists name it)


def bills_to_pay(opd_id: int, *, today: datetime.date | None = None) -> list[Bill]:
    """The OPD's invoiced, unpaid orders (DITAGIH), the nearest deadline first."""
    return unpaid_bills(Q(order__opd_id=opd_id), today=today)


def unpaid_invoices(scope: Q) -> QuerySet[Invoice]:
    """The invoices of the invoiced, unpaid orders (DITAGIH) matching `scope`."""
    return Invoice.objects.filter(scope, order__status=S.DITAGIH, order__payment__isnull=True)


def unpaid_bills(
    scope: Q, *, today: datetime.date | None = None, limit: int | None = None
) -> list[Bill]:
    """Invoiced, unpaid orders (DITAGIH) whose invoice matches `scope` (an
    OPD, a vendor, a kab/kota: the caller decided who may read them), the
    nearest deadline first; with `limit`, only that many of the earliest
    BASTs. `due.due_on` is the vendor's expected payment date."""
    invoices = unpaid_invoices(scope).select_related(
        "order", "order__vendor__organisation", "order__opd"
    )
    if limit is not None:
        invoices = invoices.order_by("order__bast_signed_at", "order_id")[:limit]
    rows = list(invoices)
    dues = payment_dues([invoice.order for invoice in rows], today=today)
    bills = [
        Bill(
            order_id=invoice.order_id,
            order_number=invoice.order.number,
            invoice_number=invoice.number,
            vendor=invoice.order.vendor.organisation.name,
            bast_on=bast_day(invoice.order),
            price=invoice.price,
            withheld=invoice.withheld,
            net_to_vendor=invoice.net_to_vendor,
            due=dues[invoice.order_id],
            opd=invoice.order.opd.name,
        )
        for invoice in rows
        if invoice.order_id in dues
    ]
    return sorted(bills, key=lambda bill: (bill.due.due_on, bill.order_number))


# --- the month's withholding ---


def parse_month(text: str | None, *, today: datetime.date | None = None) -> datetime.date:
    """The first day of a "YYYY-MM" month; this month when empty."""
    if not text:
        return (today or timezone.localdate()).replace(day=1)
    month: datetime.date | None = None
    year, _dash, number = text.partition("-")
    if len(text) == 7 and _dash and year.isdigit() and number.isdigit():
        try:
            month = datetime.date(int(year), int(number), 1)
        except ValueError:
            month = None
    if month is None or not 2000 <= month.year <= 2100:
        message = _("Give the month as YYYY-MM, for example 2026-11.")
        raise InvalidRequest("invalid_month", message, {"month": message})
    return month


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class WithheldTax:
    """One tax the bendahara withheld from one paid invoice."""

    paid_on: datetime.date
    order_id: int
    order_number: str
    invoice_number: str
    vendor: str
    vendor_is_individual: bool
    # The NPWP (or an individual's NIK) for e-Bupot; empty when hidden.
    tax_id: str
    tax_id_hidden: bool
    type: str
    type_label: str
    rate: Decimal
    base: int
    amount: int
    legal_basis: str


@dataclass(frozen=True)
class TaxTotal:
    type: str
    type_label: str
    count: int
    base: int
    amount: int


@dataclass(frozen=True)
class Withholding:
    month: datetime.date
    rows: list[WithheldTax]
    totals: list[TaxTotal]

    @property
    def amount(self) -> int:
        return sum(total.amount for total in self.totals)


def _tax_id(invoice: Invoice, *, personal_allowed: bool) -> tuple[bool, str, bool]:
    """(individual?, the tax id, hidden?) from the invoice's copy of the
    vendor's tax profile, falling back on the vendor's current numbers."""
    vendor = invoice.order.vendor
    profile = invoice.vendor_tax_profile or {}
    individual = (profile.get("kind") or vendor.kind) == VendorKind.PERORANGAN
    number = profile.get("npwp") or vendor.npwp or (vendor.nik if individual else "")
    if individual and not personal_allowed:
        return True, "", True
    return individual, number, False


def withholding_summary(
    opd_id: int, month: datetime.date, *, personal_allowed: bool
) -> Withholding:
    """The taxes the OPD's bendahara withheld (collector "bendahara") from the
    invoices paid in `month`: the payment date is the tax point, as the
    bendahara withholds when paying. One row per tax of a paid invoice, by
    vendor then date; totals per tax type."""
    lines = (
        InvoiceTaxLine.objects.filter(
            collector=Collector.BENDAHARA,
            invoice__order__opd_id=opd_id,
            invoice__order__payment__paid_on__gte=month,
            invoice__order__payment__paid_on__lt=next_month(month),
        )
        .select_related("invoice__order__payment", "invoice__order__vendor__organisation")
        .order_by(
            "invoice__order__vendor__organisation__name", "invoice__order__payment__paid_on", "id"
        )
    )
    rows = []
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        invoice = line.invoice
        order: Order = invoice.order
        individual, tax_id, hidden = _tax_id(invoice, personal_allowed=personal_allowed)
        rows.append(
            WithheldTax(
                paid_on=order.payment.paid_on,
                order_id=order.pk,
                order_number=order.number,
                invoice_number=invoice.number,
                vendor=order.vendor.organisation.name,
                vendor_is_individual=individual,
                tax_id=tax_id,
                tax_id_hidden=hidden,
                type=line.type,
                type_label=tax_label(line.type),
                rate=line.rate,
                base=line.base,
                amount=line.amount,
                legal_basis=line.legal_basis,
            )
        )
        total = sums[line.type]
        total[0] += 1
        total[1] += line.base
        total[2] += line.amount
    totals = [
        TaxTotal(type=kind, type_label=tax_label(kind), count=c, base=b, amount=a)
        for kind, (c, b, a) in sorted(sums.items())
    ]
    return Withholding(month=month, rows=rows, totals=totals)
