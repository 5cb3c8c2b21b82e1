"""Friendly error pages, in JSON under /api/."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _error(
    request: HttpRequest, status: int, code: str, message: str, heading: str = ""
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    context = {"message": message, "heading": heading or message, "status": status}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exception, RequestDataTooBig):
        return _error(
            request,
            413,
            "request_too_large",
            _("The data you sent is too large. Send a smaller file or fewer fields."),
            _("Too large"),
        )
    return _error(
        request,
        400,
        "bad_request",
        _("The request could not be understood."),
        _("The request could not be processed"),
    )


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
