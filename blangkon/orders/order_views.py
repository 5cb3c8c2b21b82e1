"""The order's pages. Thin: read through order_selectors (which answers 404
to anyone who may not read the order), call one service, render.

Every write is a POST that answers with a redirect and a message; a refusal
re-renders the page with the service's sentence (404 stays 404). Each form's
hidden `idempotency_key` makes a form sent twice act once (orders/idempotency.py)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError, NotFound
from blangkon.orders import order_access as access
from blangkon.orders import order_services as services
from blangkon.orders import selectors as cart_selectors
from blangkon.orders.idempotency import once
from blangkon.orders.negotiation_selectors import side_of
from blangkon.orders.order_deadlines import deadline_of
from blangkon.orders.order_forms import (
    CheckoutForm,
    OrderForm,
    PaymentChannelForm,
    show_refusal,
)
from blangkon.orders.order_pages import (
    MOVES,
    action_panels,
    address_shown,
    document_context,
    history_rows,
    invoice_links,
    payment_channel_form,
    status_badge,
)
from blangkon.orders.order_selectors import OrderDetail, order_detail
from blangkon.orders.receiving import APPOINTABLE
from blangkon.orders.selectors import VendorGroup
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.expected_payment import payment_due_context


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _acted_once(
    request: HttpRequest, form: OrderForm, action: str, run: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The answer of `run()`, or of the first run of this form's key."""
    _status, answer = once(
        user=_user(request), key=form.cleaned_data["idempotency_key"], action=action, run=run
    )
    return answer


# --- checkout ------------------------------------------------------------------------


def _cart_group(user: User, vendor_id: int) -> VendorGroup:
    """The buyer's cart lines of the vendor; 404 to a non-buyer or when there are none."""
    for group in cart_selectors.cart_for(user).groups:
        if group.vendor_id == vendor_id:
            return group
    raise NotFound(_("Your cart holds nothing from this vendor."))


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, vendor_id: int) -> HttpResponse:
    user = _user(request)
    form = CheckoutForm(request.POST or None, opd_id=user.organisation_id or 0)
    status, price_changed = 200, False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                answer = _acted_once(
                    request,
                    form,
                    f"order.checkout.{vendor_id}",
                    lambda: _checkout(user, vendor_id, data),
                )
            except DomainError as refusal:
                if refusal.status == 404:
                    raise
                show_refusal(form, refusal)
                status, price_changed = refusal.status, refusal.code == "price_changed"
            else:
                messages.success(request, _("The draft order is made. Check it, then submit it."))
                if answer["splitting_orders"]:
                    messages.warning(request, _splitting_warning(answer["splitting_orders"]))
                return redirect(answer["url"])
    # Read after the attempt: a form sent again after its order was made
    # finds the cart without these lines, yet gets its first answer above.
    group = _cart_group(user, vendor_id)
    context = {"group": group, "form": form, "price_changed": price_changed}
    return render(request, "orders/order/checkout.html", context, status=status)


def _checkout(user: User, vendor_id: int, data: dict[str, Any]) -> dict[str, Any]:
    result = services.checkout(
        user=user,
        vendor_id=vendor_id,
        delivery_address_id=data["delivery_address_id"],
        kode_rup=data["kode_rup"],
        budget_line=data["budget_line"],
        funding_source=data["funding_source"],
        requested_arrival=data["requested_arrival"],
        note=data["note"],
        accepted_prices=data["accepted_prices"],
        payment_channel=data["payment_channel"],
    )
    return {
        "url": reverse("order:detail", args=[result.order.pk]),
        "splitting_orders": list(result.splitting_orders),
    }


def _splitting_warning(numbers: list[str]) -> str:
    return _(
        "With the orders %(orders)s signed recently for the same vendor and category, this "
        "purchase is above the ceiling. The PPK can sign it only by writing why these are "
        "separate purchases."
    ) % {"orders": ", ".join(numbers)}


# --- the order ---------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    detail: OrderDetail,
    *,
    bound: dict[str, OrderForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    order = detail.order
    bound = bound or {}
    context = {
        "detail": detail,
        "order": order,
        "badge": status_badge(order.status),
        "deadline": deadline_of(order),
        **payment_due_context(order),
        "history": history_rows(detail.history, reader=user),
        "received_known": any(line.received_quantity is not None for line in detail.lines),
        "panels": action_panels(user, detail, bound),
        "payment_channel_form": payment_channel_form(user, order, bound.get("payment-channel")),
        "invoice": invoice_links(user, order),
        "has_surat_pesanan": order.approved_by_id is not None,
        "has_bast": order.status in (S.DITERIMA, S.BAST_DITANDATANGANI),
        "address_shown": address_shown(order, user),
        "may_appoint_receiver": order.status in APPOINTABLE and access.is_ppk_of(user, order),
        "negotiation_side": side_of(user, order) if order.status == S.DRAFT else None,
    }
    return render(request, "orders/order/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, order_id: int) -> HttpResponse:
    return _render_detail(request, order_detail(_user(request), order_id))


def _act(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    user = _user(request)
    found = order_detail(user, order_id)  # 404 to anyone who may not read it
    move = MOVES[action]
    form = move.form(request.POST, lines=found.lines, auto_id=f"{action}-%s")
    status = 400
    if form.is_valid():
        try:
            answer = _acted_once(
                request,
                form,
                f"order.{action}.{order_id}",
                lambda: {"status": move.run(user, order_id, form.cleaned_data).status},
            )
        except DomainError as refusal:
            if refusal.status == 404:
                raise
            show_refusal(form, refusal)
            status = refusal.status
            form.split_suspected = refusal.code == "split_suspected"  # type: ignore[attr-defined]
        else:
            messages.success(request, move.done(answer["status"]))
            return redirect("order:detail", order_id=order_id)
    return _render_detail(request, found, bound={action: form}, status=status)


def _action_view(action: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, order_id: int) -> HttpResponse:
        return _act(request, order_id, action)

    view.__name__ = f"order_{action.replace('-', '_')}"
    view.__qualname__ = view.__name__
    return view


ACTION_VIEWS = {action: _action_view(action) for action in MOVES}


@login_required
@require_POST
def payment_channel(request: HttpRequest, order_id: int) -> HttpResponse:
    """The bendahara of the OPD chooses how the order will be paid, until the invoice."""
    user = _user(request)
    found = order_detail(user, order_id)  # 404 to anyone who may not read it
    form = PaymentChannelForm(request.POST, auto_id="payment-channel-%s")
    status = 400
    if form.is_valid():
        channel = form.cleaned_data["payment_channel"]
        try:
            _acted_once(
                request,
                form,
                f"order.payment-channel.{order_id}",
                lambda: {
                    "channel": services.order_set_payment_channel(
                        user=user, order_id=order_id, channel=channel
                    ).payment_channel
                },
            )
        except DomainError as refusal:
            if refusal.status == 404:
                raise
            show_refusal(form, refusal)
            status = refusal.status
        else:
            messages.success(request, _("The payment channel is saved."))
            return redirect("order:detail", order_id=order_id)
    return _render_detail(request, found, bound={"payment-channel": form}, status=status)


# --- the documents -------------------------------------------------------------------------


@login_required
@require_GET
def surat_pesanan(request: HttpRequest, order_id: int) -> HttpResponse:
    found = order_detail(_user(request), order_id)
    if found.order.approved_by_id is None:
        raise Http404()  # not signed by the PPK: there is no Surat Pesanan yet
    return render(
        request, "orders/order/surat_pesanan.html", document_context(found, _user(request))
    )


@login_required
@require_GET
def bast(request: HttpRequest, order_id: int) -> HttpResponse:
    found = order_detail(_user(request), order_id)
    if found.order.status not in (S.DITERIMA, S.BAST_DITANDATANGANI):
        raise Http404()  # nothing received and standing: no BAST to sign or read
    return render(request, "orders/order/bast.html", document_context(found, _user(request)))
