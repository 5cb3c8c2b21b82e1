"""The cart's pages. Writes answer with a redirect and a message (pages work
without JavaScript); the add control, sent by HTMX, gets a fragment instead."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders import selectors, services


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _int(value: str | None) -> int:
    """An id from a form; anything else names no product (refused as unavailable)."""
    return int(value) if value and value.isdigit() and len(value) < 12 else 0


def _back(request: HttpRequest) -> str:
    """Where the add came from, if it is on this site; otherwise the cart."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("orders:cart")


@login_required
@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    return render(request, "orders/cart.html", {"cart": selectors.cart_for(_user(request))})


@login_required
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    product_id = _int(request.POST.get("product_id"))
    error: DomainError | None = None
    try:
        services.cart_add(
            user=user, product_id=product_id, quantity=request.POST.get("quantity", "")
        )
    except DomainError as refusal:
        if refusal.status == 404:
            raise
        error = refusal
    if request.headers.get("HX-Request") == "true":
        count = selectors.cart_line_count(user)
        context = {"error": error, "product_id": product_id, "cart_line_count": count}
        return render(request, "orders/_add_result.html", context)
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Added to the cart."))
    return redirect(_back(request))


@login_required
@require_POST
def cart_line_update(request: HttpRequest, line_id: int) -> HttpResponse:
    try:
        services.cart_update(
            user=_user(request), line_id=line_id, quantity=request.POST.get("quantity", "")
        )
    except DomainError as refusal:
        if refusal.status == 404:
            raise
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Quantity updated."))
    return redirect("orders:cart")


@login_required
@require_POST
def cart_line_remove(request: HttpRequest, line_id: int) -> HttpResponse:
    services.cart_remove(user=_user(request), line_id=line_id)
    messages.success(request, _("Removed from the cart."))
    return redirect("orders:cart")


@login_required
@require_POST
def cart_clear_vendor(request: HttpRequest, vendor_id: int) -> HttpResponse:
    services.cart_clear_vendor(user=_user(request), vendor_id=vendor_id)
    messages.success(request, _("The vendor's products were removed from the cart."))
    return redirect("orders:cart")
