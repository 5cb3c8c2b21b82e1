"""The order's pages. Thin: read through order_selectors (which answers 404
to anyone who may not read the order), call one service, render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from blangkon.accounts.models import User
from blangkon.orders.order_selectors import order_detail


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_GET
def detail(request: HttpRequest, order_id: int) -> HttpResponse:
    context = {"detail": order_detail(_user(request), order_id)}
    return render(request, "orders/order/detail.html", context)
