from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.models import User
from blangkon.accounts.selectors import audit_list_for_user
from blangkon.audit.selectors import AuditFilters, audit_action_names
from blangkon.core.pagination import page_of


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=60)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilters(**form.cleaned_data) if form.is_valid() else AuditFilters()
    events = audit_list_for_user(user=request.user, filters=filters)
    page = page_of(events, number=request.GET.get("page"), per_page=50)
    # Filtering through HTMX swaps only the rows.
    template = "audit/_rows.html" if request.headers.get("HX-Request") else "audit/list.html"
    return render(
        request,
        template,
        {"form": form, "page": page, "actions": audit_action_names()},
    )
