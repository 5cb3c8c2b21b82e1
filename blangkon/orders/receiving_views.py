"""The receipt's pages: appointing the receiver (`order:receiver`) and the
inspection (`order:inspect`). Thin: read through receiving_selectors (404 to
anyone who may not read the order), call one service under the form's
idempotency key, answer with a redirect and a message (no JavaScript needed);
a refused inspection comes back as it was typed, with the reasons."""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders import order_services as services
from blangkon.orders.idempotency import once
from blangkon.orders.models import OrderLine
from blangkon.orders.receiving_selectors import ReceivingView, receiving_view

KEY_FIELD = "idempotency_key"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _number(value: str | None, default: int = -1) -> int:
    """A whole number from a form; anything else is refused by the service."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else default


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _submit(request: HttpRequest, action: str, run: Callable[[], object], done: str) -> bool:
    """Run the service once per form (its hidden key), say how it went and
    whether it was done."""

    def answer() -> Mapping[str, Any]:
        run()
        return {}

    try:
        once(user=_user(request), key=request.POST.get(KEY_FIELD, ""), action=action, run=answer)
    except DomainError as refusal:
        if refusal.status == 404:
            raise
        messages.error(request, refusal.message)
        for message in refusal.fields.values():
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def receiver(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        chosen = _number(request.POST.get("receiver_id"), default=0) or None
        _submit(
            request,
            "order-receiver",
            lambda: services.order_appoint_receiver(
                user=user, order_id=order_id, receiver_id=chosen
            ),
            _("The receiver was appointed.") if chosen else _("The appointment was removed."),
        )
        return redirect("order:receiver", order_id)
    context = {"view": receiving_view(user, order_id), "key": uuid.uuid4().hex}
    return render(request, "orders/order/receiver.html", context)


# The inspection's answers that the form asks for explicitly (none is chosen
# beforehand, so that a press of the button never records an acceptance
# nobody decided); the API asks for the condition and the outcome.
INSPECTION_CHOICES = {
    "condition_ok": gettext_lazy("Choose the condition of the goods received."),
    "on_time": gettext_lazy("Choose whether the goods arrived on time."),
    "outcome": gettext_lazy("Choose whether to accept all, accept partially or send it back."),
}


@dataclass(frozen=True)
class InspectionRow:
    """One line of the inspection form: the quantities as typed, or what was
    ordered before anything is typed."""

    line: OrderLine
    received: str
    accepted: str


def _inspection_page(
    request: HttpRequest, view: ReceivingView, post: Mapping[str, str] | None = None
) -> HttpResponse:
    """The inspection form, empty or (after a refusal, 400) as it was sent."""
    status = 200 if post is None else 400
    post = post or {}
    rows = [
        InspectionRow(
            line,
            post.get(f"received_{line.pk}", str(line.quantity)),
            post.get(f"accepted_{line.pk}", str(line.quantity)),
        )
        for line in view.lines
    ]
    answers = {name: post.get(name, "") for name in (*INSPECTION_CHOICES, "note")}
    context = {"view": view, "rows": rows, "answers": answers, "key": uuid.uuid4().hex}
    return render(request, "orders/order/inspect.html", context, status=status)


def _unanswered(request: HttpRequest) -> bool:
    missing = [name for name in INSPECTION_CHOICES if not request.POST.get(name)]
    for name in missing:
        messages.error(request, INSPECTION_CHOICES[name])
    return bool(missing)


@login_required
@require_http_methods(["GET", "POST"])
def inspect(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    view = receiving_view(user, order_id)
    if request.method == "GET":
        return _inspection_page(request, view)
    post = request.POST
    lines = [line.pk for line in view.lines]
    if view.may_inspect and _unanswered(request):
        return _inspection_page(request, view, post)
    done = _submit(
        request,
        "order-inspection",
        lambda: services.order_inspect(
            user=user,
            order_id=order_id,
            outcome=post.get("outcome", ""),
            received={pk: _number(post.get(f"received_{pk}")) for pk in lines},
            accepted={pk: _number(post.get(f"accepted_{pk}")) for pk in lines},
            condition_ok=post.get("condition_ok") == "yes",
            on_time=_yes_no(post.get("on_time")),
            note=post.get("note", ""),
        ),
        _("The inspection was recorded."),
    )
    if done or not view.may_inspect:
        return redirect("order:inspect", order_id)
    # Refused: nothing was written, so the view read before still holds.
    return _inspection_page(request, view, post)
