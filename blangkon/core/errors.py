"""Errors that services raise and every edge (page, API) maps the same way."""

from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404


class DomainError(Exception):
    """A rule said no. `message` is shown to the user (translated); `fields` maps
    form/API field names to their own messages."""

    status = 400

    def __init__(self, code: str, message: Any, fields: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = fields or {}


class NotFound(DomainError, Http404):
    """The object does not exist *or the actor may not know it exists*.

    Out-of-scope objects answer 404, never 403, so ids cannot be probed.
    """

    status = 404

    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext

        super().__init__("not_found", message or gettext("The page or object was not found."))


class Forbidden(DomainError, PermissionDenied):
    """The actor may see the object but not do this to it (e.g. an auditor writing)."""

    status = 403

    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext

        # A refusal that says why (and who may) is shown as it is on the 403 page.
        self.explained = bool(message)
        super().__init__("forbidden", message or gettext("You may not do this."))


class InvalidRequest(DomainError, BadRequest):
    """The request asks for something no page can show (a page number out of
    range). Pages answer it with the 400 page, the API with 400 in its error
    shape; `fields` names the parameter at fault."""

    status = 400
