"""The payment pages: the bendahara's payment form of the order's channel
(`payment:pay`) and the vendor's confirmation that the money arrived
(`payment:complete`, from the order page). Thin: read through the order's
and the payment's selectors (404 to anyone who may not read the order), call
one service under the form's idempotency key, answer with a redirect and a
message; a refusal re-renders the form with the service's sentence."""

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders.idempotency import once
from blangkon.orders.order_forms import show_refusal
from blangkon.orders.order_selectors import order_detail
from blangkon.orders.status import PaymentChannel
from blangkon.payments import payment_services as services
from blangkon.payments.payment_forms import FORMS, CompleteForm, PaymentForm
from blangkon.payments.payment_selectors import PaymentPanel, payment_panel


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _record(user: User, order_id: int, channel: str, data: Mapping[str, Any]) -> None:
    if channel == PaymentChannel.TRANSFER:
        services.payment_record_transfer(
            user=user,
            order_id=order_id,
            paid_on=data["paid_on"],
            reference=data["reference"],
            proof_upload=data["proof"],
        )
    elif channel == PaymentChannel.KKPD:
        services.payment_record_kkpd(
            user=user, order_id=order_id, paid_on=data["paid_on"], card_reference=data["reference"]
        )
    else:
        services.payment_record_ls(
            user=user,
            order_id=order_id,
            sp2d_number=data["sp2d_number"],
            sp2d_date=data["sp2d_date"],
            paid_on=data["paid_on"],
        )


def _render(
    request: HttpRequest, panel: PaymentPanel, form: PaymentForm | None, status: int = 200
) -> HttpResponse:
    context = {"panel": panel, "order": panel.order, "form": form}
    return render(request, "payments/pay.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, order_id: int) -> HttpResponse:
    """The bendahara of the ordering OPD records the payment of an invoiced
    order; the order's other readers are refused (403), anyone else 404."""
    user = _user(request)
    order = order_detail(user, order_id).order
    services.require_bendahara(user, order)
    panel = payment_panel(user, order)
    form_class = FORMS.get(order.payment_channel)
    if form_class is None:
        return _render(request, panel, None)  # paid by the bank (virtual account)
    if request.method == "GET":
        # Not invoiced yet, or paid already: the facts, no form.
        return _render(request, panel, form_class(auto_id="pay-%s") if panel.may_pay else None)
    # A form sent again after it was acted on gets its first answer (its key),
    # so the state is left to the service to judge.
    form = form_class(request.POST, request.FILES, auto_id="pay-%s")
    if not form.is_valid():
        return _render(request, panel, form, status=400)

    def run() -> dict[str, Any]:
        _record(user, order_id, order.payment_channel, form.cleaned_data)
        return {}

    try:
        once(
            user=user,
            key=form.cleaned_data["idempotency_key"],
            action=f"order.pay.{order_id}",
            run=run,
        )
    except DomainError as refusal:
        if refusal.status in (403, 404):
            raise
        show_refusal(form, refusal)
        return _render(request, payment_panel(user, order), form, status=refusal.status)
    messages.success(request, _("The payment is recorded. The vendor is told."))
    return redirect("order:detail", order_id=order_id)


@login_required
@require_POST
def complete(request: HttpRequest, order_id: int) -> HttpResponse:
    """A user of the order's vendor confirms the money arrived."""
    user = _user(request)
    order_detail(user, order_id)  # 404 to anyone who may not read the order
    form = CompleteForm(request.POST)
    form.is_valid()  # only the key; an empty or missing one acts without it

    def run() -> dict[str, Any]:
        return {"status": services.order_complete(user=user, order_id=order_id).status}

    try:
        once(
            user=user,
            key=form.cleaned_data.get("idempotency_key", ""),
            action=f"order.complete.{order_id}",
            run=run,
        )
    except DomainError as refusal:
        if refusal.status in (403, 404):
            raise
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Thank you. The order is completed."))
    return redirect("order:detail", order_id=order_id)
