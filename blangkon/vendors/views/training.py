"""Training events (pelatihan): the list, recording one, and its attendees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from blangkon.accounts.forms import apply_domain_error
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.http import client_ip, query_text
from blangkon.vendors import selectors, services
from blangkon.vendors.access import can_record_training
from blangkon.vendors.forms import AttendanceForm, TrainingEventForm
from blangkon.vendors.views.registration import _user

CANDIDATE_LIMIT = 200


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    events = selectors.training_events_for_user(user=user)
    can_record = can_record_training(user)
    form = TrainingEventForm(request.POST or None) if can_record else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            event = services.training_event_create(
                actor=user, ip_address=client_ip(request), **form.cleaned_data
            )
        except NotFound:
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The training was recorded. Now tick who attended."))
            return redirect("vendors:training-detail", event_id=event.pk)
    return render(request, "vendors/training_list.html", {"events": events, "form": form})


@login_required
def training_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    user = _user(request)
    event = selectors.training_event_get_for_user(user=user, event_id=event_id)
    query = query_text(request, "q")
    can_record = can_record_training(user)
    candidates = (
        list(selectors.training_candidates(user=user, event=event, query=query)[:CANDIDATE_LIMIT])
        if can_record
        else []
    )
    form = None
    if can_record:
        choices = [
            (v.pk, f"{v.organisation.name} ({v.organisation.region.name})") for v in candidates
        ]
        form = AttendanceForm(request.POST or None, choices=choices)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.training_attendance_add(
                actor=user,
                event_id=event.pk,
                vendor_ids=[int(pk) for pk in form.cleaned_data["vendors"]],
                ip_address=client_ip(request),
            )
        except NotFound:
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The attendees were recorded."))
            return redirect("vendors:training-detail", event_id=event.pk)
    return render(
        request,
        "vendors/training_detail.html",
        {
            "event": event,
            "attendees": selectors.training_attendees(event=event),
            "form": form,
            "query": query,
            "limited": len(candidates) >= CANDIDATE_LIMIT,
        },
    )
