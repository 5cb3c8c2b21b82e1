"""The invoice's pages: the vendor's "issue the invoice" with the tax lines it
will hold, and the invoice itself (printable, readable on a phone) for every
reader of the order. Thin: selectors read, invoice_issue writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError
from blangkon.orders import order_access as access
from blangkon.orders.idempotency import once
from blangkon.orders.order_forms import show_refusal
from blangkon.payments.invoice_forms import InvoiceIssueForm
from blangkon.payments.invoice_pages import invoice_context, preview_context
from blangkon.payments.invoice_selectors import invoice_find, invoice_get, invoice_preview
from blangkon.payments.invoice_services import invoice_issue


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_GET
def invoice_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    invoice = invoice_get(_user(request), order_id)  # 404: not readable, or not invoiced
    return render(request, "payments/invoice.html", invoice_context(invoice))


@login_required
@require_http_methods(["GET", "POST"])
def invoice_issue_page(request: HttpRequest, order_id: int) -> HttpResponse:
    """GET: the preview; POST: issue it. A stranger: 404; a reader who is not
    the vendor: 403; an order already invoiced: its invoice; before the BAST: 404."""
    user = _user(request)
    if invoice_find(user, order_id) is not None:
        return redirect("invoice:detail", order_id=order_id)
    form = InvoiceIssueForm(request.POST or None, auto_id="invoice-%s")
    status = 200
    if request.method == "POST":
        status = 400
        try:
            access.require_vendor(user, access.readable_order(user, order_id))
            if form.is_valid():
                once(
                    user=user,
                    key=form.cleaned_data["idempotency_key"],
                    action=f"invoice.issue.{order_id}",
                    run=lambda: {"number": invoice_issue(user=user, order_id=order_id).number},
                )
                messages.success(request, _("The invoice is issued; the bendahara is told."))
                return redirect("invoice:detail", order_id=order_id)
        except DomainError as refusal:
            if refusal.status in (403, 404):
                raise
            show_refusal(form, refusal)
            status = refusal.status
    try:
        preview = invoice_preview(user, order_id)
    except DomainError as refusal:
        if refusal.code == "invalid_transition":
            raise Http404() from refusal  # no signed BAST: nothing to invoice
        raise
    context = preview_context(preview.taxes) | {
        "order": preview.order,
        "facts": preview.facts,
        "form": form,
        "action": reverse("invoice:issue", kwargs={"order_id": order_id}),
    }
    return render(request, "payments/issue.html", context, status=status)
