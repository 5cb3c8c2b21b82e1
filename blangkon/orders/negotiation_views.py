"""The negotiation page of a draft order: the history of offers and the form
of the side whose turn it is. Thin: read through negotiation_selectors (404 to
anyone who may not read the order), call one service through `once` (each
form carries a fresh idempotency key, so a double submit does nothing twice),
then redirect back with a message (pages work without JavaScript)."""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders import negotiation_services as services
from blangkon.orders.idempotency import once
from blangkon.orders.negotiation_selectors import NegotiationDetail, negotiation_detail
from blangkon.orders.negotiation_services import ProposedLine
from blangkon.orders.order_access import readable_order


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _whole(post: QueryDict, name: str) -> int:
    """A whole number of rupiah or units from the form (dots as thousands
    separators are allowed); anything else is refused naming the field."""
    value = post.get(name, "").strip().replace(".", "")
    if not value.isdigit() or len(value) > 15:
        message = _("Enter a whole number.")
        raise DomainError("invalid", message, {name: message})
    return int(value)


def _proposals(request: HttpRequest, detail: NegotiationDetail) -> list[ProposedLine]:
    return [
        ProposedLine(
            line.pk,
            _whole(request.POST, f"price_{line.pk}"),
            _whole(request.POST, f"quantity_{line.pk}"),
        )
        for line in detail.lines
    ]


def _offer_step(service: Callable[..., object]) -> Callable[[User, HttpRequest, int], object]:
    def run(user: User, request: HttpRequest, order_id: int) -> object:
        detail = negotiation_detail(user, order_id)
        return service(
            user=user,
            order_id=order_id,
            lines=_proposals(request, detail),
            delivery_cost=_whole(request.POST, "delivery_cost"),
            note=request.POST.get("note", ""),
        )

    return run


STEPS: dict[str, tuple[Callable[[User, HttpRequest, int], object], Promise]] = {
    "open": (
        _offer_step(services.negotiation_open),
        gettext_lazy("The offer was sent to the vendor."),
    ),
    "counter": (_offer_step(services.negotiation_counter), gettext_lazy("Your offer was sent.")),
    "accept": (
        lambda user, _request, order_id: services.negotiation_accept(user=user, order_id=order_id),
        gettext_lazy("The offer was accepted: the order now holds the agreed terms."),
    ),
    "withdraw": (
        lambda user, _request, order_id: services.negotiation_withdraw(
            user=user, order_id=order_id
        ),
        gettext_lazy("The negotiation was withdrawn."),
    ),
}


def _act(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    readable_order(user, order_id)  # 404 before anything else
    action = request.POST.get("action", "")
    step = STEPS.get(action)
    try:
        if step is None:
            raise DomainError("invalid", _("Choose what to do."))
        service, done = step

        def run() -> dict[str, int]:
            service(user, request, order_id)
            return {"order": order_id}

        once(
            user=user,
            key=request.POST.get("idempotency_key", ""),
            action=f"negotiation.{action}",
            run=run,
        )
    except DomainError as refusal:
        if refusal.status == 404:
            raise
        messages.error(request, refusal.message)
        for message in refusal.fields.values():
            messages.error(request, message)
    else:
        messages.success(request, str(done))
    return redirect("order:negotiation", order_id=order_id)


@login_required
@require_http_methods(["GET", "POST"])
def negotiation(request: HttpRequest, order_id: int) -> HttpResponse:
    if request.method == "POST":
        return _act(request, order_id)
    detail = negotiation_detail(_user(request), order_id)
    last = detail.last_offer
    context = {
        "detail": detail,
        "idempotency_key": uuid.uuid4().hex,
        "form_lines": _form(detail),
        "delivery_cost": last.delivery_cost if last else detail.order.delivery_cost,
    }
    return render(request, "orders/order/negotiation.html", context)


def _form(detail: NegotiationDetail) -> list[dict[str, object]]:
    """The form's starting values: the offer awaiting an answer, or the order's terms."""
    last = detail.last_offer
    proposed = {line.order_line_id: line for line in last.lines.all()} if last else {}
    rows = []
    for line in detail.lines:
        offered = proposed.get(line.pk)
        rows.append(
            {
                "line": line,
                "price": offered.unit_price if offered else line.unit_price,
                "quantity": offered.quantity if offered else line.quantity,
            }
        )
    return rows
