"""The receipt's pages: appointing the receiver (`order:receiver`) and the
inspection (`order:inspect`). Thin: read through receiving_selectors (404 to
anyone who may not read the order), call one service under the form's
idempotency key, answer with a redirect and a message (no JavaScript needed)."""

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders import order_services as services
from blangkon.orders.idempotency import once
from blangkon.orders.receiving_selectors import receiving_view

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


def _submit(request: HttpRequest, action: str, run: Callable[[], object], done: str) -> None:
    """Run the service once per form (its hidden key) and say how it went."""

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
    else:
        messages.success(request, done)


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


@login_required
@require_http_methods(["GET", "POST"])
def inspect(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        view = receiving_view(user, order_id)
        post = request.POST
        lines = [line.pk for line in view.lines]
        _submit(
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
        return redirect("order:inspect", order_id)
    context = {"view": receiving_view(user, order_id), "key": uuid.uuid4().hex}
    return render(request, "orders/order/inspect.html", context)
