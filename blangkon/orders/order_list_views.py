"""The order lists: /pesanan/ (the user's queues as tabs, then every order
they see, filtered and paged) and /pesanan/tanda/ (flagged orders, for the
kab/kota and province admins and auditors). Thin: read through order_lists, render."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from blangkon.accounts.models import User
from blangkon.accounts.roles import OPD_ROLES, VENDOR_ROLES
from blangkon.core.errors import NotFound
from blangkon.core.pagination import page_of
from blangkon.orders import order_lists as lists
from blangkon.orders.models import Order
from blangkon.orders.order_deadlines import Deadline, deadlines_seen
from blangkon.orders.order_list_forms import OrderFilterForm

PER_PAGE = 25


@dataclass(frozen=True)
class OrderRow:
    order: Order
    deadline: Deadline | None


def _lister(request: HttpRequest) -> User:
    """The signed-in user, when their role has orders; NotFound otherwise."""
    user = request.user
    assert isinstance(user, User)
    if not lists.sees_orders(user):
        raise NotFound()
    return user


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    user = _lister(request)
    is_opd, is_vendor = user.role in OPD_ROLES, user.role in VENDOR_ROLES
    form = OrderFilterForm(
        request.GET or None,
        vendors=None if is_vendor else lists.vendor_choices(user),
        opds=None if is_opd else lists.opd_choices(user),
    )
    filters = form.filters() if form.is_bound else lists.OrderFilters()
    page = page_of(
        lists.order_list(user, filters), number=request.GET.get("page"), per_page=PER_PAGE
    )
    deadlines = deadlines_seen(page)
    context = {
        "form": form,
        "page": page,
        "rows": [OrderRow(order, deadlines.get(order.pk)) for order in page],
        "queues": lists.queue_counts(user),
        "current_queue": filters.queue,
        # The other side of the order: the vendor for buyers, the OPD for vendors.
        "show_vendor": not is_vendor,
        "show_opd": not is_opd,
        "may_read_flags": lists.may_read_flags(user),
    }
    return render(request, "orders/order/list.html", context)


@login_required
@require_GET
def order_flags(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    flags = lists.flags_visible_to(request.user)
    page = page_of(flags, number=request.GET.get("page"), per_page=PER_PAGE)
    return render(request, "orders/order/flags.html", {"page": page})
