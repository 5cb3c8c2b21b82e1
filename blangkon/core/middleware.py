from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
