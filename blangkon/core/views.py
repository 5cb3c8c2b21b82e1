"""Friendly error pages, in JSON under /api/."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from blangkon.core.errors import InvalidRequest
from blangkon.core.rejections import rejection_for


def _error(
    request: HttpRequest, status: int, code: str, message: str, heading: str = ""
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    context = {"message": message, "heading": heading or message, "status": status}
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
    return _error(
        request, 403, "forbidden", _("You do not have access to this page."), _("Access denied")
    )


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
    return HttpResponse(loader.render_to_string("500.html", {"message": message}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "csrf_failed",
        _("The form expired or was sent from another site. Reload the page and try again."),
        _("Access denied"),
    )
