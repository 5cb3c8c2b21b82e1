from collections.abc import Callable

from django.core.handlers.exception import get_exception_response
from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf

from blangkon.core.rejections import REQUEST_REJECTIONS, log_rejection


class IndonesianByDefaultMiddleware:
    """Pages are in Bahasa Indonesia unless the visitor chose English.

    Most browsers in Indonesia still send `Accept-Language: en-US`, so honouring
    the header would show officials an English site they never asked for. Pages
    follow only the language cookie set by the switch; the API keeps honouring
    Accept-Language because there a client asks on purpose. Runs before
    LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class QueryStringCheckMiddleware:
    """Reads the query string once, before any view, and refuses one with
    more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields with the 400 page (JSON
    under /api/).

    Django parses the query string when something first reads request.GET and
    does not keep a failed parse, so every later reader raises
    TooManyFieldsSent again. Left to the view, the error went up through each
    middleware layer; with DEBUG on, each layer's technical error page read
    request.GET once more and formatted the whole chain of exceptions so far,
    which tied a worker up for seconds and ended in a bare 500. Refused here,
    the query string is parsed once and the answer is the handler400 page.
    Runs last, so the outer middleware still add their headers to it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.GET  # noqa: B018 - parsing is the point
        except REQUEST_REJECTIONS as exc:
            response = get_exception_response(request, get_resolver(get_urlconf()), 400, exc)
            log_rejection(request, exc, response)
            return response
        return self.get_response(request)
