"""Requests Django refuses to read, and what the client is told about them.

Django raises a SuspiciousOperation (too many fields or files, a body over the
limit, a host name not served, a broken multipart form) or a BadRequest the
first time something reads the part of the request at fault. The pages
(core.views.bad_request) and the API (api.errors) answer each the same way,
from this one table: 400, or 413 for a body that is too large, with a code
and a sentence saying what to change.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousMultipartForm,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.functional import Promise
from django.utils.log import log_response
from django.utils.translation import gettext_lazy

# What a request may be refused for: caught by the pages and the API alike.
REQUEST_REJECTIONS: tuple[type[Exception], ...] = (
    SuspiciousOperation,
    BadRequest,
    MultiPartParserError,
)


@dataclass(frozen=True)
class Rejection:
    status: int
    code: str
    message: str
    heading: str


@dataclass(frozen=True)
class _Rule:
    kinds: tuple[type[BaseException], ...]
    status: int
    code: str
    message: Promise
    heading: Promise
    limit_setting: str = ""  # a setting whose value the message names as %(max)d


# First match wins; anything else is a plain 400.
_RULES = (
    _Rule(
        (RequestDataTooBig,),
        413,
        "request_too_large",
        gettext_lazy("The data you sent is too large. Send a smaller file or fewer fields."),
        gettext_lazy("Too large"),
    ),
    _Rule(
        (TooManyFieldsSent,),
        400,
        "too_many_fields",
        gettext_lazy("The request has too many fields: at most %(max)d are accepted."),
        gettext_lazy("Too many fields"),
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
    ),
    _Rule(
        (TooManyFilesSent,),
        400,
        "too_many_files",
        gettext_lazy("The request has too many files: at most %(max)d are accepted."),
        gettext_lazy("Too many files"),
        "DATA_UPLOAD_MAX_NUMBER_FILES",
    ),
    _Rule(
        (DisallowedHost,),
        400,
        "unknown_host",
        gettext_lazy("This site is not served under that host name."),
        gettext_lazy("Unknown host name"),
    ),
    _Rule(
        (SuspiciousMultipartForm, MultiPartParserError),
        400,
        "malformed_form",
        gettext_lazy("The form data could not be read. Send the form again."),
        gettext_lazy("The request could not be processed"),
    ),
)
_OTHERWISE = _Rule(
    (),
    400,
    "bad_request",
    gettext_lazy("The request could not be understood."),
    gettext_lazy("The request could not be processed"),
)


def rejection_for(exc: BaseException | None) -> Rejection:
    """The status, code and user-facing sentences for a refused request."""
    rule = next((rule for rule in _RULES if isinstance(exc, rule.kinds)), _OTHERWISE)
    message = str(rule.message)
    if rule.limit_setting:
        message = message % {"max": getattr(settings, rule.limit_setting)}
    return Rejection(rule.status, rule.code, message, str(rule.heading))


def log_rejection(request: HttpRequest, exc: Exception, response: HttpResponse) -> None:
    """Log as Django does for a request it refuses itself: suspicious ones
    under django.security.<name>, the others under django.request."""
    if isinstance(exc, SuspiciousOperation):
        logger = logging.getLogger(f"django.security.{type(exc).__name__}")
        log_response(
            str(exc),
            exception=exc,
            request=request,
            response=response,
            level="error",
            logger=logger,
        )
        return
    log_response(
        "%s: %s", str(exc), request.path, response=response, request=request, exception=exc
    )
