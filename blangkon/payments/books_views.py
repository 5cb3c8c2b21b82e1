"""The bendahara's books (pages under /bendahara/): the invoices to pay with
their deadlines, and the month's withheld taxes with an XLSX export.

Readers are decided by payments/books_selectors.py (the OPD's bendahara,
auditors, the kab/kota admins of its pemda; 404 for anyone else). Thin:
check, read, render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.core.errors import NotFound
from blangkon.core.spreadsheets import XLSX_CONTENT_TYPE
from blangkon.payments import books_selectors as books
from blangkon.payments.books_export import withholding_export_record, withholding_xlsx


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise NotFound
    return user


@login_required
@require_GET
def books_home(request: HttpRequest) -> HttpResponse:
    """The bendahara goes straight to the OPD's bills; auditors and kab/kota
    admins choose an OPD; to anyone else the books do not exist."""
    user = _user(request)
    if user.role == Role.BENDAHARA:
        return redirect("books:due", opd_id=books.own_books_opd(user).pk)
    if user.role not in (Role.AUDITOR, Role.KAB_KOTA_ADMIN):
        raise NotFound
    return render(request, "payments/books_home.html", {"opds": books.readable_books(user)})


@login_required
@require_GET
def books_due(request: HttpRequest, opd_id: int) -> HttpResponse:
    """Tagihan untuk dibayar: the OPD's invoiced orders, nearest deadline first."""
    opd = books.books_opd(_user(request), opd_id)
    bills = books.bills_to_pay(opd.pk)
    return render(
        request,
        "payments/books_due.html",
        {
            "opd": opd,
            "bills": bills,
            "total_net": sum(bill.net_to_vendor for bill in bills),
            "today": timezone.localdate(),
        },
    )


def _withholding(request: HttpRequest, opd_id: int) -> tuple[books.Withholding, Organisation]:
    user = _user(request)
    opd = books.books_opd(user, opd_id)
    month = books.parse_month(request.GET.get("bulan"))
    summary = books.withholding_summary(
        opd.pk, month, personal_allowed=books.is_bendahara_of(user, opd)
    )
    return summary, opd


@login_required
@require_GET
def books_withholding(request: HttpRequest, opd_id: int) -> HttpResponse:
    """The taxes the bendahara withheld from the invoices paid in a month."""
    summary, opd = _withholding(request, opd_id)
    return render(
        request,
        "payments/books_withholding.html",
        {"opd": opd, "summary": summary, "month_value": summary.month.strftime("%Y-%m")},
    )


@login_required
@require_GET
def books_withholding_xlsx(request: HttpRequest, opd_id: int) -> HttpResponse:
    summary, opd = _withholding(request, opd_id)
    withholding_export_record(actor=_user(request), opd=opd, summary=summary)
    response = HttpResponse(withholding_xlsx(summary), content_type=XLSX_CONTENT_TYPE)
    filename = _("withholding") + f"-{opd.pk}-{summary.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
