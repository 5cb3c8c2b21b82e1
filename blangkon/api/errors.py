"""One error shape for the whole API: {"code", "message", "fields"}."""

import logging
from typing import Any, get_args

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic_core.core_schema import ErrorType

from blangkon.core.errors import DomainError
from blangkon.core.rejections import REQUEST_REJECTIONS, log_rejection, rejection_for

logger = logging.getLogger("blangkon.api")


class ErrorOut(Schema):
    """Every error answer: a stable `code` for programs, a `message` for
    people, and a message per field at fault in `fields` (often empty)."""

    code: str
    message: str
    fields: dict[str, str]


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error responses an endpoint declares because of what it does (403,
    404 without an id in the path, 429). Those that follow from its shape
    (400, 401, 404, 413) are added to every operation by api.openapi."""
    return dict.fromkeys(statuses, ErrorOut)


def error_body(code: str, message: Any, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "message": str(message),
        "fields": {k: str(v) for k, v in (fields or {}).items()},
    }


def _field_name(loc: list[Any]) -> str:
    # Ninja prefixes locations with where they came from and the schema name.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload")]
    return ".".join(parts) or "body"


# Every error type pydantic itself raises: their messages are English. Any
# other type is one of ours (PydanticCustomError), already in the user's language.
_PYDANTIC_ERROR_TYPES = frozenset(get_args(ErrorType))


def _field_message(error: dict[str, Any]) -> str:
    """Pydantic's messages are English; say what to fix in the user's language."""
    kind = error.get("type", "")
    if kind not in _PYDANTIC_ERROR_TYPES:
        return str(error.get("msg") or _("Invalid value."))
    return _builtin_field_message(kind, error.get("ctx") or {})


def _builtin_field_message(kind: str, context: dict[str, Any]) -> str:  # noqa: C901, PLR0911
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        return _("Too long: at most %(max)s characters.") % {"max": context.get("max_length")}
    if kind in ("string_too_short", "too_short"):
        return _("Too short: at least %(min)s characters.") % {"min": context.get("min_length")}
    if kind in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        return _("Enter a number of at least %(min)s.") % {"min": bound}
    if kind in ("less_than_equal", "less_than"):
        bound = context.get("le", context.get("lt"))
        return _("Enter a number of at most %(max)s.") % {"max": bound}
    if kind in ("enum", "literal_error"):
        # pydantic lists the choices as "'a', 'b' or 'c'"; keep the values, drop its English.
        choices = str(context.get("expected", "")).replace(" or ", ", ")
        return _("Choose one of: %(choices)s.") % {"choices": choices}
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind.startswith("int_") or kind.startswith("float_"):
        return _("Enter a whole number.")
    if kind.startswith("decimal_"):
        return _("Enter a number.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("uuid_"):
        return _("Enter a UUID.")
    if kind == "value_error":
        return str(context.get("error") or _("Invalid value."))
    if kind in ("string_type", "model_attributes_type", "dict_type", "json_invalid", "list_type"):
        return _("The value has the wrong type or the JSON is malformed.")
    return _("Invalid value.")


def _with_retry_after(response: HttpResponse, exc: DomainError) -> HttpResponse:
    """A throttled sign-in (429) says when to come back."""
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    _install_client_errors(api)
    _install_refusals_and_failures(api)


def _install_client_errors(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = respond(request, exc.status, error_body(exc.code, exc.message, exc.fields))
        return _with_retry_after(response, exc)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = {_field_name(list(e.get("loc", []))): _field_message(e) for e in exc.errors}
        return respond(
            request,
            400,
            error_body("invalid_input", _("Some fields are missing or invalid."), fields),
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request,
            401,
            error_body(
                "unauthenticated",
                _("A valid token is required. Send 'Authorization: Bearer <token>'."),
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # Ninja's parser message names internals; say what to fix instead.
            return respond(
                request,
                400,
                error_body("malformed_body", _("The request body is not valid JSON.")),
            )
        return respond(request, exc.status_code, error_body("http_error", exc.message))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("not_found", _("Not found.")))


def _install_refusals_and_failures(api: NinjaAPI) -> None:
    def refused(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        # Too many fields or files, a body over the limit, a broken multipart
        # form: the same answer as the pages give (core.rejections).
        assert isinstance(exc, Exception)
        rejection = rejection_for(exc)
        body = error_body(rejection.code, rejection.message)
        response = api.create_response(request, body, status=rejection.status)
        log_rejection(request, exc, response)
        return response

    for kind in REQUEST_REJECTIONS:
        api.add_exception_handler(kind, refused)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with its traceback for operators; the client sees no internals.
        logger.exception("Unhandled API error", exc_info=exc)
        body = error_body("server_error", _("Something went wrong on our side. Try again later."))
        return api.create_response(request, body, status=500)
