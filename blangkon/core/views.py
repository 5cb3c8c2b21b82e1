"""Friendly error pages (in JSON under /api/), and the living style page."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blangkon.core.errors import Forbidden, InvalidRequest
from blangkon.core.rejections import rejection_for


def _next_steps(status: int) -> list[str]:
    """What the person can do next, by the kind of failure: the page shows
    these under the message, with a search box and a link home."""
    if status == 404:
        return [
            _("Check the address for a typing mistake."),
            _("Search the catalog for the product or vendor instead."),
            _("If you followed a link on Blangkon, the item may have been taken down."),
        ]
    if status == 403:
        return [
            _("Sign in with the account that holds the role this page needs."),
            _("Ask your organisation's administrator if you need access."),
        ]
    if status == 500:
        return [
            _("Wait a minute and reload the page."),
            _("If it keeps happening, tell your administrator the time it happened."),
        ]
    return [
        _("Go back, check what you entered, and try again."),
        _("Reload the page you came from before sending a form again."),
    ]


def _error(
    request: HttpRequest, status: int, code: str, message: str, heading: str = ""
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    context = {
        "message": message,
        "heading": heading or message,
        "status": status,
        "next_steps": _next_steps(status),
    }
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's handler400: a request it refused to read (core.rejections),
    or one a page refused (InvalidRequest: a page number out of range)."""
    if isinstance(exception, InvalidRequest):
        heading = _("The request could not be processed")
        return _error(request, 400, exception.code, str(exception.message), heading)
    rejection = rejection_for(exception)
    return _error(request, rejection.status, rejection.code, rejection.message, rejection.heading)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's handler403. A refusal of ours (Forbidden) that says why, and
    who may, is shown as it is; anything else gets the general message."""
    message = _("You do not have access to this page.")
    if isinstance(exception, Forbidden) and exception.explained:
        message = str(exception.message)
    return _error(request, 403, "forbidden", message, _("Access denied"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "not_found",
        _("The page you are looking for does not exist."),
        _("Page not found"),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Something went wrong on our side. It has been logged; please try again shortly.")
    if request.path.startswith("/api/"):
        return _error(request, 500, "server_error", message)
    # No request context: the failure may be in the database or a context processor.
    context = {"message": message, "next_steps": _next_steps(500)}
    return HttpResponse(loader.render_to_string("500.html", context), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "csrf_failed",
        _("The form expired or was sent from another site. Reload the page and try again."),
        _("Access denied"),
    )


# The living style page is for the people who build and run the service, not
# for vendors. Core may not import the accounts app (layering), so the vendor
# role values are named here; the access matrix test fails if they drift.
_VENDOR_ROLE_VALUES = frozenset({"vendor_owner", "vendor_staff"})


@dataclass(frozen=True)
class StyleExample:
    title: str
    usage: str
    html: str
    source: str


# One template per component under templates/core/style/: the page renders it
# and shows its source, so the example and the markup cannot disagree.
_STYLE_EXAMPLES = (
    (
        "buttons",
        gettext_lazy("Buttons"),
        gettext_lazy(
            "One primary button per screen for the main action; secondary for the others; danger "
            "only for what cannot be undone; a link button inside text or tables."
        ),
    ),
    (
        "fields",
        gettext_lazy("Form fields"),
        gettext_lazy(
            "Label above, hint under the label (linked by aria-describedby), the error above the "
            "field; text at least 16 px and every control at least 44 px tall."
        ),
    ),
    (
        "error_summary",
        gettext_lazy("Error summary"),
        gettext_lazy(
            "At the top of a form sent with mistakes: one link per field, focused when the page "
            "loads."
        ),
    ),
    (
        "checklist",
        gettext_lazy("Checklist"),
        gettext_lazy("Many checkboxes (kab/kota, categories): a search field filters the list."),
    ),
    (
        "alerts",
        gettext_lazy("Alerts"),
        gettext_lazy(
            "Info for context, success after an action, warning before a risky step, error when "
            "something failed. role=alert only for errors after a submit."
        ),
    ),
    (
        "badges",
        gettext_lazy("Badges"),
        gettext_lazy(
            "A status in one or two words. Colour is never the only signal: the word says it."
        ),
    ),
    (
        "cards",
        gettext_lazy("Cards"),
        gettext_lazy("A group of facts or one object in a grid; not for a single paragraph."),
    ),
    (
        "stat_tiles",
        gettext_lazy("Stat tiles"),
        gettext_lazy("The numbers at the top of a home page, each a link to the list behind it."),
    ),
    (
        "empty_state",
        gettext_lazy("Empty state"),
        gettext_lazy("A list with nothing in it: say why in one sentence and give the way on."),
    ),
    (
        "table_stack",
        gettext_lazy("Table that stacks on a phone"),
        gettext_lazy(
            "Lists of records. Every cell carries data-label with its column name; on a phone "
            "each row becomes a card."
        ),
    ),
    (
        "photos",
        gettext_lazy("Photos"),
        gettext_lazy(
            "thumb for a product in a list (a placeholder when it has no photo), gallery for the "
            "product page."
        ),
    ),
    (
        "action_bar",
        gettext_lazy("Action bar"),
        gettext_lazy(
            "Actions that apply to what the user picked in a long list: it stays at the bottom "
            "of the screen."
        ),
    ),
    (
        "drawer",
        gettext_lazy("Drawer"),
        gettext_lazy(
            "Filters beside a list on a desktop, a full-screen panel behind a button on a phone."
        ),
    ),
)


@login_required
def style_guide(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", "") in _VENDOR_ROLE_VALUES:
        raise PermissionDenied
    examples = []
    for name, title, usage in _STYLE_EXAMPLES:
        template = loader.get_template(f"core/style/{name}.html")
        source = template.template.source  # type: ignore[attr-defined]
        examples.append(
            StyleExample(str(title), str(usage), template.render({}, request), source.strip())
        )
    return render(request, "core/style_guide.html", {"examples": examples})
