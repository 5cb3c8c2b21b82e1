"""The verifiers' pages: the queue and one vendor with its actions."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from blangkon.accounts.forms import apply_domain_error
from blangkon.accounts.models import User
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.core.http import client_ip
from blangkon.core.pagination import page_of
from blangkon.documents.models import DocumentKind
from blangkon.vendors import selectors, services
from blangkon.vendors.access import can_verify
from blangkon.vendors.fields import field_label
from blangkon.vendors.forms import NoteForm, RejectForm, RevisionForm, SanctionForm
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import ALLOWED, VendorStatus
from blangkon.vendors.views.registration import _user

# action slug -> (the status it moves to, button label)
ACTIONS: dict[str, tuple[str, Any]] = {
    "setujui": (VendorStatus.VERIFIED, gettext_lazy("Approve")),
    "revisi": (VendorStatus.REVISION_REQUESTED, gettext_lazy("Request revision")),
    "tolak": (VendorStatus.REJECTED, gettext_lazy("Reject")),
    "bekukan": (VendorStatus.SUSPENDED, gettext_lazy("Suspend")),
    "larang": (VendorStatus.BANNED, gettext_lazy("Ban")),
    "pulihkan": (VendorStatus.VERIFIED, gettext_lazy("Lift the sanction")),
}


# Decisions on a submitted registration: after one, the verifier moves on to
# the next vendor in the queue. Sanctions keep them on the vendor's page.
QUEUE_DECISIONS = frozenset({"setujui", "revisi", "tolak"})

QUEUE_PER_PAGE = 50  # vendors per page of the verification queue


def _form(action: str, vendor: Vendor, data: Any = None) -> forms.Form:
    if action == "revisi":
        return RevisionForm(data, prefix=action, vendor_kind=vendor.kind)
    form_class: type[forms.Form] = {
        "tolak": RejectForm,
        "bekukan": SanctionForm,
        "larang": SanctionForm,
    }.get(action, NoteForm)
    return form_class(data, prefix=action)


def _available_actions(vendor: Vendor, *, documents_missing: bool) -> list[str]:
    """Actions whose move the table allows from the vendor's status. Approval
    is not offered while a required document is missing (the service refuses it too)."""
    allowed = ALLOWED.get(vendor.status, frozenset())
    sanctioned = vendor.status in (VendorStatus.SUSPENDED, VendorStatus.BANNED)
    available = []
    for slug, (to, _label) in ACTIONS.items():
        if to not in allowed:
            continue
        # Both "approve" and "lift" reach VERIFIED; which one depends on where from.
        if slug == "setujui" and sanctioned or slug == "pulihkan" and not sanctioned:
            continue
        if slug == "setujui" and documents_missing:
            continue
        available.append(slug)
    return available


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", VendorStatus.SUBMITTED)
    vendors = selectors.verification_queue(user=user, status=status)
    counts = selectors.vendor_status_counts(user=user)
    return render(
        request,
        "vendors/queue.html",
        {
            "page": page_of(vendors, number=request.GET.get("page"), per_page=QUEUE_PER_PAGE),
            "status": status if status in VendorStatus.values else VendorStatus.SUBMITTED,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in VendorStatus],
        },
    )


def _detail(
    request: HttpRequest,
    user: User,
    vendor: Vendor,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    missing = selectors.vendor_missing_documents(vendor=vendor)
    actions = (
        _available_actions(vendor, documents_missing=bool(missing)) if can_verify(user) else []
    )
    action_forms = []
    for slug in actions:
        form = bound[1] if bound and bound[0] == slug else _form(slug, vendor)
        action_forms.append({"slug": slug, "label": ACTIONS[slug][1], "form": form})
    return render(
        request,
        "vendors/verification_detail.html",
        {
            "vendor": vendor,
            "documents": selectors.vendor_documents(vendor=vendor),
            "certificates": selectors.vendor_certificates(vendor=vendor),
            "history": selectors.vendor_history(vendor=vendor),
            "duplicates": selectors.vendor_duplicates(vendor=vendor),
            "fix_labels": [field_label(key) for key in vendor.fields_to_fix],
            "missing_documents": [DocumentKind(kind).label for kind in missing],
            "action_forms": action_forms,
        },
        status=400 if bound else 200,
    )


@login_required
def detail(request: HttpRequest, vendor_id: int) -> HttpResponse:
    user = _user(request)
    vendor = selectors.vendor_get_for_verifier(user=user, vendor_id=vendor_id)
    return _detail(request, user, vendor)


@login_required
@require_POST
def action(request: HttpRequest, vendor_id: int, action: str) -> HttpResponse:
    """Run one verification action; a refusal re-renders the page with the form."""
    user = _user(request)
    if action not in ACTIONS:
        raise NotFound
    vendor = selectors.vendor_get_for_verifier(user=user, vendor_id=vendor_id)
    form = _form(action, vendor, request.POST)
    if form.is_valid():
        call = _service_call(action, user, vendor, form.cleaned_data, client_ip(request))
        next_id = (
            selectors.verification_next(user=user, after_vendor_id=vendor.pk)
            if action in QUEUE_DECISIONS
            else None
        )
        try:
            call()
        except (NotFound, Forbidden):
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _after_decision(request, action, vendor, next_id)
    return _detail(request, user, vendor, bound=(action, form))


def _after_decision(
    request: HttpRequest, action: str, vendor: Vendor, next_id: int | None
) -> HttpResponse:
    """A queue decision moves on to the next waiting vendor, or back to the
    empty queue; a sanction stays on the vendor's page."""
    done = _("%(vendor)s is now %(status)s.") % {
        "vendor": vendor.organisation.name,
        "status": VendorStatus(ACTIONS[action][0]).label,
    }
    if action not in QUEUE_DECISIONS:
        messages.success(request, done)
        return redirect("vendors:verification-detail", vendor_id=vendor.pk)
    if next_id is None:
        messages.success(
            request, " ".join([done, _("No other vendor is waiting for verification.")])
        )
        return redirect("vendors:verification-queue")
    messages.success(request, " ".join([done, _("This is the next vendor in the queue.")]))
    return redirect("vendors:verification-detail", vendor_id=next_id)


def _service_call(
    action: str, user: User, vendor: Vendor, data: dict[str, Any], ip: str | None
) -> Callable[[], Vendor]:
    common: dict[str, Any] = {"actor": user, "vendor_id": vendor.pk, "ip_address": ip}
    calls: dict[str, Callable[[], Vendor]] = {
        "setujui": lambda: services.vendor_approve(note=data.get("note", ""), **common),
        "revisi": lambda: services.vendor_request_revision(
            fields_to_fix=data.get("fields_to_fix", []), note=data.get("note", ""), **common
        ),
        "tolak": lambda: services.vendor_reject(reason=data.get("reason", ""), **common),
        "bekukan": lambda: services.vendor_suspend(
            reason_code=data["reason_code"],
            until=data["until"],
            note=data.get("note", ""),
            **common,
        ),
        "larang": lambda: services.vendor_ban(
            reason_code=data["reason_code"],
            until=data.get("until"),
            note=data.get("note", ""),
            **common,
        ),
        "pulihkan": lambda: services.vendor_lift_sanction(note=data.get("note", ""), **common),
    }
    return calls[action]
