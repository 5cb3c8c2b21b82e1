"""The internal dashboards under /dasbor/ (transparency/internal.py): a
pemda's, an OPD's and a vendor's figures, to signed-in readers of that scope
only; to anyone else a dashboard does not exist (404)."""

import dataclasses
from collections.abc import Container
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from blangkon.accounts.models import User
from blangkon.catalog.product_selectors import QueueKind
from blangkon.core.errors import DomainError
from blangkon.orders.order_lists import sees_orders
from blangkon.transparency import internal
from blangkon.transparency.internal_tables import spend_tables, vendor_tables
from blangkon.transparency.params import CHANNELS, StatsParams, parse_stats_params
from blangkon.transparency.selectors import stats_reference, stats_years


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _params(request: HttpRequest, regions: Container[str]) -> tuple[StatsParams, Any]:
    """The filters; the fiscal year defaults to this one (the 40 % target is
    a year's). A bad value is shown and dropped (the page answers 400)."""
    data = {field: request.GET.get(field) for field in ("channel", "year", "kab_kota")}
    this_year = timezone.localdate().year
    if "year" not in request.GET:
        data["year"] = str(this_year)
    try:
        return parse_stats_params(data, regions=regions), None
    except DomainError as refused:
        return StatsParams(year=this_year), refused


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The navigation's "Dashboard": the reader's own one."""
    user = _user(request)
    if not internal.has_dashboard(user):
        raise Http404
    if user.role in internal.REGION_READERS:
        return redirect("dashboard:pemda", pemda_id=user.organisation_id)
    if user.role in internal.OPD_READERS:
        return redirect("dashboard:opd", opd_id=user.organisation_id)
    vendor = internal.own_vendor(user)
    if vendor is None:  # not registered yet: nothing sold, the registration first
        return redirect("vendors:dashboard")
    return redirect("dashboard:vendor", vendor_id=vendor.pk)


def _spend_page(
    request: HttpRequest, *, params: StatsParams, error: Any, context: dict[str, Any]
) -> HttpResponse:
    ref = stats_reference()
    figures = internal.spend_dashboard(params, ref)
    province = not params.kab_kota and context.get("regions") is not None
    context |= figures | {
        "params": params,
        "error": error,
        "tables": spend_tables(figures["summary"], province=province),
        "years": stats_years(),
        "channels": CHANNELS,
        "link_orders": sees_orders(_user(request)),
    }
    return render(
        request, "transparency/internal_spend.html", context, status=400 if error else 200
    )


@login_required
@require_GET
def pemda(request: HttpRequest, pemda_id: int) -> HttpResponse:
    user = _user(request)
    organisation = internal.dashboard_pemda(user, pemda_id)
    choices = internal.region_choices(organisation, stats_reference())
    params, error = _params(request, choices)
    province = internal.is_province(organisation)
    if not province:
        params = dataclasses.replace(params, kab_kota=organisation.region_id)
    regions = sorted(choices.items(), key=lambda item: item[1]) if province else None
    context = {
        "organisation": organisation,
        "scope": "pemda",
        "regions": regions,
        "queues": internal.queues_waiting(user),
        "queue_kinds": QueueKind,
    }
    return _spend_page(request, params=params, error=error, context=context)


@login_required
@require_GET
def opd(request: HttpRequest, opd_id: int) -> HttpResponse:
    user = _user(request)
    organisation = internal.dashboard_opd(user, opd_id)
    params, error = _params(request, ())
    params = dataclasses.replace(params, kab_kota=organisation.region_id, opd_id=organisation.pk)
    context = {"organisation": organisation, "scope": "opd", "regions": None}
    return _spend_page(request, params=params, error=error, context=context)


@login_required
@require_GET
def vendor(request: HttpRequest, vendor_id: int) -> HttpResponse:
    user = _user(request)
    seller = internal.dashboard_vendor(user, vendor_id)
    params, error = _params(request, ())
    ref = stats_reference()
    sales = internal.vendor_sales(user, seller, ref, year=params.year)
    context = {
        "vendor": seller,
        "sales": sales,
        "tables": vendor_tables(sales),
        "params": params,
        "error": error,
        "years": stats_years(),
    }
    return render(
        request, "transparency/internal_vendor.html", context, status=400 if error else 200
    )
