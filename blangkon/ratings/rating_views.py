"""The rating page of a completed order (`rating:order`, linked from the
order's page) and the vendor's reply (`rating:reply`). Thin: read through
ratings.selectors (404 to anyone who may not read the order), call one
service under the form's idempotency key, answer with a redirect and a
message. The service judges every refusal (the order's state, the side, once
only), so a reader who may not rate is told why, and nothing changes."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders import order_access as access
from blangkon.orders.idempotency import once
from blangkon.orders.order_forms import OrderForm, show_refusal
from blangkon.ratings import services
from blangkon.ratings.rating_forms import OpdRatingForm, ReplyForm, VendorRatingForm
from blangkon.ratings.selectors import OrderRatings, order_ratings


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _submit(
    request: HttpRequest, form: OrderForm, action: str, run: Callable[[], object], done: str
) -> DomainError | None:
    """Run the service once per form (its hidden key); the refusal, if any."""

    def answer() -> Mapping[str, Any]:
        run()
        return {}

    key = form.cleaned_data.get("idempotency_key", "") if form.is_valid() else ""
    try:
        once(user=_user(request), key=key, action=action, run=answer)
    except DomainError as refusal:
        if refusal.status == 404:
            raise
        return refusal
    messages.success(request, done)
    return None


def _refused(request: HttpRequest, refusal: DomainError) -> None:
    messages.error(request, refusal.message)
    for message in refusal.fields.values():
        messages.error(request, message)


def _rate(request: HttpRequest, user: User, view: OrderRatings) -> HttpResponse | None:
    """Handle the caller's side's rating form; None when the page is to be
    shown again with the bound form (a shape error on a form they may send)."""
    order = view.order
    if access.is_vendor_of(user, order):
        form: OrderForm = OpdRatingForm(request.POST, prefix="opd")
        may = view.may_rate_opd

        def run(data: Mapping[str, Any]) -> object:
            return services.rating_by_vendor(
                user=user,
                order_id=order.pk,
                clarity=data.get("clarity") or 0,
                payment_speed=data.get("payment_speed") or 0,
                comment=data.get("comment") or "",
            )

    else:
        # The PPK; anyone else is refused by the service, which says why.
        form = VendorRatingForm(request.POST, prefix="vendor")
        may = view.may_rate_vendor

        def run(data: Mapping[str, Any]) -> object:
            return services.rating_by_ppk(
                user=user,
                order_id=order.pk,
                quality=data.get("quality") or 0,
                timeliness=data.get("timeliness") or 0,
                conformity=data.get("conformity") or 0,
                comment=data.get("comment") or "",
            )

    valid = form.is_valid()
    if may and not valid:
        request.rating_form = form  # type: ignore[attr-defined]
        return None
    data = form.cleaned_data if valid else {}
    refusal = _submit(
        request,
        form,
        f"rating.{order.pk}",
        lambda: run(data),
        _("Thank you: your rating is recorded."),
    )
    if refusal is not None:
        if may and refusal.code == "invalid":
            show_refusal(form, refusal)
            request.rating_form = form  # type: ignore[attr-defined]
            return None
        _refused(request, refusal)
    return redirect("rating:order", order_id=order.pk)


@login_required
@require_http_methods(["GET", "POST"])
def order_rating(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    view = order_ratings(user, order_id)
    status = 200
    if request.method == "POST":
        answer = _rate(request, user, view)
        if answer is not None:
            return answer
        status = 400
    bound = getattr(request, "rating_form", None)
    context = {
        "view": view,
        "order": view.order,
        "vendor_form": bound
        if view.may_rate_vendor and bound
        else VendorRatingForm(prefix="vendor"),
        "opd_form": bound if view.may_rate_opd and bound else OpdRatingForm(prefix="opd"),
        "reply_form": ReplyForm(prefix="reply"),
    }
    return render(request, "ratings/order_rating.html", context, status=status)


@login_required
@require_POST
def reply(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    order_ratings(user, order_id)  # 404 to anyone who may not read the order
    form = ReplyForm(request.POST, prefix="reply")
    text = form.cleaned_data["text"] if form.is_valid() else request.POST.get("reply-text", "")
    refusal = _submit(
        request,
        form,
        f"rating-reply.{order_id}",
        lambda: services.rating_reply(user=user, order_id=order_id, text=text),
        _("Your reply is published."),
    )
    if refusal is not None:
        _refused(request, refusal)
    return redirect("rating:order", order_id=order_id)
