"""The province admin's pages for the procurement rules and the holiday
calendar. Staff who oversee purchases (kab/kota admins, auditors) may read
them; only the province admin writes (403 for those readers); everyone else
is told the pages do not exist (404). Thin: check, call one service, render."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.core.http import client_ip
from blangkon.procurement import selectors, services
from blangkon.procurement.forms import HolidayForm, RuleForm
from blangkon.procurement.services import FIRST_YEAR, YEARS_AHEAD
from blangkon.procurement.working_days import non_working_weekdays

READERS = frozenset({Role.PROVINCE_ADMIN, Role.KAB_KOTA_ADMIN, Role.AUDITOR})


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active or user.role not in READERS:
        raise NotFound
    return user


def _admin(request: HttpRequest) -> User:
    user = _reader(request)
    if not is_province_admin(user):
        raise Forbidden
    return user


def _rules_page(request: HttpRequest, form: RuleForm | None = None) -> HttpResponse:
    history = selectors.rule_history()
    current = next((v.rules for v in history if v.in_force), None)
    return render(
        request,
        "procurement/rules.html",
        {
            "history": history,
            "form": form or RuleForm.starting_from(current),
            "may_edit": is_province_admin(request.user),
        },
    )


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return _rules_page(request)


@login_required
@require_POST
def rule_create(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.procurement_rule_create(
                actor=actor,
                effective_from=form.cleaned_data["effective_from"],
                numbers=form.numbers(),
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except DomainError as error:
            form.refuse(error)
        else:
            messages.success(request, _("New version of the procurement rules saved."))
            return redirect("procurement:rules")
    return _rules_page(request, form)


@login_required
@require_POST
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = _admin(request)
    try:
        services.procurement_rule_delete(
            actor=actor, rule_id=rule_id, ip_address=client_ip(request)
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The version that had not yet taken effect was deleted."))
    return redirect("procurement:rules")


def _year(request: HttpRequest) -> int:
    """The year asked for (?tahun=), this year when missing or out of range."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year + YEARS_AHEAD else today.year


def _holidays_url() -> str:
    return reverse("procurement:holidays")


def _holidays_page(
    request: HttpRequest, year: int, form: HolidayForm | None = None
) -> HttpResponse:
    this_year = timezone.localdate().year
    context: dict[str, Any] = {
        "year": year,
        "years": range(FIRST_YEAR, this_year + YEARS_AHEAD + 1),
        "days": non_working_weekdays(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        "form": form or HolidayForm(),
        "may_edit": is_province_admin(request.user),
    }
    return render(request, "procurement/holidays.html", context)


@login_required
@require_GET
def holiday_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return _holidays_page(request, _year(request))


@login_required
@require_POST
def holiday_add(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = HolidayForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            services.holiday_add(
                actor=actor,
                date=day,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                ip_address=client_ip(request),
            )
        except DomainError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The date is now a non-working day."))
            return redirect(f"{_holidays_url()}?tahun={day.year}")
    return _holidays_page(request, timezone.localdate().year, form)


def _change(request: HttpRequest, holiday_id: int, *, restore: bool) -> HttpResponse:
    actor = _admin(request)
    change = services.holiday_restore if restore else services.holiday_remove
    try:
        change(actor=actor, holiday_id=holiday_id, ip_address=client_ip(request))
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The date is now a non-working day.")
            if restore
            else _("The date is now a working day."),
        )
    year = request.POST.get("tahun", "")
    return redirect(f"{_holidays_url()}?tahun={year}" if year.isdigit() else _holidays_url())


@login_required
@require_POST
def holiday_remove(request: HttpRequest, holiday_id: int) -> HttpResponse:
    return _change(request, holiday_id, restore=False)


@login_required
@require_POST
def holiday_restore(request: HttpRequest, holiday_id: int) -> HttpResponse:
    return _change(request, holiday_id, restore=True)
