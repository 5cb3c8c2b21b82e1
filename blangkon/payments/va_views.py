"""The virtual-account pages: the bendahara's VA for an invoiced order
(`va:order-va`), and the bank simulator for demos (`va:bank-simulator`).

Thin: read through va_selectors (404 to anyone who may not read the order),
call one service under the form's idempotency key, answer with a redirect and
a message."""

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders.idempotency import once
from blangkon.payments import va_services
from blangkon.payments.bank_simulator import simulate_payment
from blangkon.payments.va_selectors import va_page

KEY_FIELD = "idempotency_key"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _once(request: HttpRequest, action: str, run: Callable[[], Mapping[str, Any]]) -> dict:
    """Run once per form (its hidden key); a refusal is shown as a message."""
    try:
        return once(
            user=_user(request), key=request.POST.get(KEY_FIELD, ""), action=action, run=run
        )[1]
    except DomainError as refusal:
        if refusal.status == 404:
            raise
        messages.error(request, refusal.message)
        return {}


@login_required
@require_http_methods(["GET", "POST"])
def order_va(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    page = va_page(user, order_id)  # 404 to anyone who may not read the order
    if request.method == "POST":
        answer = _once(
            request,
            f"va:{order_id}",
            lambda: {"number": va_services.va_issue(user=user, order_id=order_id).number},
        )
        if answer:
            messages.success(request, _("The virtual account is ready to be paid."))
        return redirect("va:order-va", order_id)
    context = {"page": page, "key": uuid.uuid4().hex, "simulator": settings.BANK_SIMULATOR_PAGE}
    return render(request, "payments/order_va.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bank_simulator(request: HttpRequest) -> HttpResponse:
    """A bank's counter for demos: pay a VA number as its customer would.
    Only where settings.BANK_SIMULATOR_PAGE is on (never with a real bank)."""
    if not settings.BANK_SIMULATOR_PAGE:
        raise Http404()
    if request.method == "POST":
        number = request.POST.get("va_number", "").strip()[:24]
        if not number:
            messages.error(request, _("Enter the virtual account number."))
        else:
            answer = _once(request, "bank-simulator", lambda: simulate_payment(number).__dict__)
            if answer:
                shown = messages.success if answer["status"] == 200 else messages.error
                shown(request, answer["message"])  # the bank's code is for the API
        return redirect("va:bank-simulator")
    return render(request, "payments/bank_simulator.html", {"key": uuid.uuid4().hex})
