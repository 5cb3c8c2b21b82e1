"""The notification pages: the list (with the e-mail preference), marking read.
Writes answer with a redirect and a message, so they work without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blangkon.accounts.models import User
from blangkon.core.pagination import page_of
from blangkon.notifications import selectors, services
from blangkon.notifications.forms import PreferenceForm

PER_PAGE = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _list_page(request: HttpRequest, form: PreferenceForm, status: int = 200) -> HttpResponse:
    user = _user(request)
    page = page_of(
        selectors.notifications_for(user), number=request.GET.get("page"), per_page=PER_PAGE
    )
    context = {"page": page, "form": form, "unread": selectors.unread_count(user)}
    return render(request, "notifications/list.html", context, status=status)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(initial={"email_mode": selectors.email_mode_of(_user(request))})
    return _list_page(request, form)


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_mark_read(
        user=_user(request), notification_id=notification_id
    )
    if request.POST.get("open"):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=_user(request))
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    services.notification_preference_set(
        user=_user(request), email_mode=form.cleaned_data["email_mode"]
    )
    messages.success(request, _("Your e-mail preference is saved."))
    return redirect("notifications:list")
