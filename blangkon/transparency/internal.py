"""The internal dashboards (docs/design/transparency.md § 8): what a pemda's
admins and auditors, an OPD's admin and PPK, and a vendor's users read about
their own scope after signing in. Reads only.

Who reads which dashboard is decided here, once, from the organisation scopes
(accounts/access.py); a dashboard outside the reader's scope does not exist
(NotFound, 404). There is no "head of OPD" role: the OPD's admin and its PPK
read the OPD's dashboard (ADR 0036).

The spend comes from the public statistics' running totals (the same
`stats_summary`, narrowed to a kab/kota or an OPD), a vendor's sales from
`CountedOrder` (what each counted order added to them), so every figure
counts exactly the orders the public dashboard counts and none reads the
orders table at scale. Unpaid invoices and late payments come from the
payment clock (`payments.books_selectors.unpaid_bills`).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from blangkon.accounts.access import readable_organisations
from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import VENDOR_ROLES, OrganisationKind, Role
from blangkon.catalog.product_selectors import QueueKind, curation_waiting, is_curator
from blangkon.core.errors import NotFound
from blangkon.orders.order_lists import orders_visible_to
from blangkon.orders.status import OrderStatus
from blangkon.payments.books_selectors import Bill, unpaid_bills, unpaid_invoices
from blangkon.payments.models import Payment
from blangkon.payments.payment_clock import payment_due_after
from blangkon.regions.models import RegionKind
from blangkon.transparency.models import CountedOrder
from blangkon.transparency.params import StatsParams
from blangkon.transparency.selectors import StatsReference, stats_summary
from blangkon.vendors.models import Vendor
from blangkon.vendors.selectors import verification_waiting

# Who has a dashboard: the pemda's overseers (their kab/kota; the province's
# whole province), the OPD's admin and PPK (their OPD), the vendor's users.
REGION_READERS = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN, Role.AUDITOR})
OPD_READERS = frozenset({Role.OPD_ADMIN, Role.PPK})
DASHBOARD_ROLES = REGION_READERS | OPD_READERS | VENDOR_ROLES
# How many unpaid orders past their deadline the dashboard lists (the count covers all).
OVERDUE_LISTED = 20


def has_dashboard(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and user.role in DASHBOARD_ROLES


# --- who reads which dashboard ---


def dashboard_pemda(user: User, pemda_id: int) -> Organisation:
    """A pemda whose figures `user` reads: its kab/kota admins and auditors,
    and the province's for every pemda. NotFound for anyone else."""
    if not has_dashboard(user) or user.role not in REGION_READERS:
        raise NotFound()
    pemda = (
        readable_organisations(user)
        .filter(pk=pemda_id, kind=OrganisationKind.PEMDA)
        .select_related("region")
        .first()
    )
    if pemda is None:
        raise NotFound()
    return pemda


def dashboard_opd(user: User, opd_id: int) -> Organisation:
    """An OPD whose figures `user` reads: its admin and PPK, and the overseers
    of its pemda (the province's: every OPD). NotFound for anyone else."""
    if not has_dashboard(user) or user.role in VENDOR_ROLES:
        raise NotFound()
    if user.role in OPD_READERS and user.organisation_id != opd_id:
        raise NotFound()
    opd = (
        readable_organisations(user)
        .filter(pk=opd_id, kind=OrganisationKind.OPD)
        .select_related("region", "parent")
        .first()
    )
    if opd is None:
        raise NotFound()
    return opd


def dashboard_vendor(user: User, vendor_id: int) -> Vendor:
    """The vendor whose sales `user` reads: its own users only."""
    if not has_dashboard(user) or user.role not in VENDOR_ROLES or user.organisation_id is None:
        raise NotFound()
    vendor = (
        Vendor.objects.filter(pk=vendor_id, organisation_id=user.organisation_id)
        .select_related("organisation")
        .first()
    )
    if vendor is None:
        raise NotFound()
    return vendor


def own_vendor(user: User) -> Vendor | None:
    if user.organisation_id is None:
        return None
    return Vendor.objects.filter(organisation_id=user.organisation_id).first()


def is_province(pemda: Organisation) -> bool:
    return pemda.region.kind == RegionKind.PROVINSI


def region_choices(pemda: Organisation, ref: StatsReference) -> dict[str, str]:
    """The kab/kota filter of a pemda's dashboard: the province's offers every
    kab/kota (and its own OPDs); a kab/kota's offers none but itself."""
    if is_province(pemda):
        return ref.regions
    return {pemda.region_id: ref.regions.get(pemda.region_id, pemda.region.name)}


# --- the figures of a pemda or an OPD ---


@dataclass(frozen=True)
class LatePayments:
    """Invoices not paid yet, those past their deadline, and the payments of
    the period that came late (`Payment.late`, fixed when it was recorded)."""

    unpaid_count: int
    unpaid_value: int  # net to the vendors
    overdue_count: int
    overdue_value: int
    overdue: list[Bill]  # the longest overdue first, at most OVERDUE_LISTED
    paid_count: int
    paid_late_count: int
    paid_late_value: int

    @property
    def paid_late_percent(self) -> float:
        return round(100 * self.paid_late_count / self.paid_count, 1) if self.paid_count else 0.0


def _payments_scope(params: StatsParams) -> Q:
    scope = Q()
    if params.kab_kota:
        scope &= Q(order__opd__region_id=params.kab_kota)
    if params.opd_id is not None:
        scope &= Q(order__opd_id=params.opd_id)
    return scope


def late_payments(params: StatsParams, *, today: datetime.date | None = None) -> LatePayments:
    """The payment clock's view of a scope. Unpaid invoices are counted as
    they stand today (whatever the year); payments by the year they were made.
    INAPROC purchases are paid outside Blangkon: none.

    The unpaid invoices are counted by their BAST day (one deadline a day,
    the payment clock's), so a province's in-flight invoices are never read
    one by one; only the longest overdue are listed."""
    if params.channel == "inaproc":
        return LatePayments(0, 0, 0, 0, [], 0, 0, 0)
    today = today or timezone.localdate()
    scope = _payments_scope(params)
    by_day = (
        unpaid_invoices(scope)
        .annotate(day=TruncDate("order__bast_signed_at"))
        .values("day")
        .annotate(count=Count("pk"), value=Sum("net_to_vendor"))
        .order_by("day")
    )
    unpaid, overdue = [0, 0], [0, 0]
    for row in by_day:
        late = row["day"] is not None and today > payment_due_after(row["day"])
        for total in (unpaid, overdue) if late else (unpaid,):
            total[0] += row["count"]
            total[1] += row["value"]
    listed = unpaid_bills(scope, today=today, limit=OVERDUE_LISTED) if overdue[0] else []
    payments = Payment.objects.filter(scope)
    if params.year:
        payments = payments.filter(paid_on__year=params.year)
    paid = payments.aggregate(
        count=Count("pk"),
        late_count=Count("pk", filter=Q(late=True)),
        late_value=Sum("amount", filter=Q(late=True), default=0),
    )
    return LatePayments(
        unpaid_count=unpaid[0],
        unpaid_value=unpaid[1],
        overdue_count=overdue[0],
        overdue_value=overdue[1],
        overdue=sorted(
            (bill for bill in listed if bill.due.overdue),
            key=lambda bill: (-bill.due.days_late, bill.order_number),
        ),
        paid_count=paid["count"],
        paid_late_count=paid["late_count"],
        paid_late_value=paid["late_value"],
    )


@dataclass(frozen=True)
class QueuesWaiting:
    """What waits in the reader's queues, counted as the queues list them
    (the reader's whole scope, whatever the dashboard's filter)."""

    vendors: int
    # None for readers who do not curate (auditors).
    new_products: int | None = None
    changed_products: int | None = None


def queues_waiting(user: User) -> QueuesWaiting:
    vendors = verification_waiting(user=user).count
    if not is_curator(user):
        return QueuesWaiting(vendors)
    counts = {waiting.kind: waiting.count for waiting in curation_waiting(user=user)}
    return QueuesWaiting(vendors, counts[QueueKind.NEW], counts[QueueKind.CHANGE])


def spend_dashboard(
    params: StatsParams, ref: StatsReference, *, today: datetime.date | None = None
) -> dict[str, Any]:
    """A pemda's or an OPD's figures: the public summary narrowed to the
    scope (spend, the share to micro and small vendors against the national
    target, by month and category, vendors registered and trained in the
    kab/kota) and the payment clock's."""
    summary = stats_summary(params=params, ref=ref)
    share = summary["micro_small"]
    share["meets_target"] = share["percent"] >= share["target_percent"]
    share["other_value"] = summary["transactions"]["value"] - share["value"]
    return {"summary": summary, "late": late_payments(params, today=today)}


# --- a vendor's sales ---


def _year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def _vendor_counted(vendor: Vendor, year: int | None) -> QuerySet[CountedOrder]:
    rows = CountedOrder.objects.filter(order__vendor_id=vendor.pk)
    if year:
        rows = rows.filter(day__year=year)
    return rows


def _grouped(rows: QuerySet[CountedOrder], *fields: str) -> list[dict[str, Any]]:
    return list(
        rows.values(*fields)
        .annotate(count=Count("pk"), value=Sum("value"))
        .order_by("-value", *fields)
    )


def vendor_sales(
    user: User,
    vendor: Vendor,
    ref: StatsReference,
    *,
    year: int | None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """A vendor's sales: its counted orders (as the public statistics count
    them: signed by the PPK, not ended without delivery; the value accepted)
    by month, OPD and kab/kota, every order it sees by status, and what it
    may expect to be paid (invoiced, unpaid; net of the taxes withheld; by
    the OPD's deadline on the payment clock)."""
    counted = _vendor_counted(vendor, year)
    totals = counted.aggregate(count=Count("pk"), value=Sum("value", default=0))
    by_month = [
        {"month": row["month"].strftime("%Y-%m"), "count": row["count"], "value": row["value"]}
        for row in counted.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(count=Count("pk"), value=Sum("value"))
        .order_by("month")
    ]
    by_kab_kota = [
        {"name": ref.regions.get(row["kab_kota_id"], row["kab_kota_id"]), **row}
        for row in _grouped(counted, "kab_kota_id")
    ]
    orders = orders_visible_to(user).filter(vendor_id=vendor.pk)
    if year:
        start, end = _year_range(year)
        orders = orders.filter(created_at__gte=start, created_at__lt=end)
    labels = dict(OrderStatus.choices)
    statuses = [
        {"status": row["status"], "label": labels[row["status"]], **row}
        for row in orders.values("status")
        .annotate(count=Count("pk"), value=Sum("total"))
        .order_by("-count", "status")
    ]
    bills = unpaid_bills(Q(order__vendor_id=vendor.pk), today=today)
    return {
        "transactions": totals,
        "by_month": by_month,
        "by_opd": [
            {"kab_kota": ref.regions.get(row["kab_kota_id"], row["kab_kota_id"]), **row}
            for row in _grouped(counted, "opd_id", "opd__name", "kab_kota_id")
        ],
        "by_kab_kota": by_kab_kota,
        "statuses": statuses,
        "expected": bills,
        "expected_value": sum(bill.net_to_vendor for bill in bills),
        "expected_overdue": sum(1 for bill in bills if bill.due.overdue),
    }
