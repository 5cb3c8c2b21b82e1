"""The OpenAPI document declares every error an operation can answer, each
with the one error body ({code, message, fields}: api.errors.ErrorOut).

Errors that follow from an operation's shape are added here, so no endpoint
can forget them: 400 for every operation (a malformed value, or too many
fields in the query string), 401 when it needs a token, 404 when its path
names an object, 413 when it takes a body. Errors that follow from what an
endpoint does (403 for a role that may not, 404 for a caller without the
object, 429) are declared on the endpoint with `errors(...)`.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from blangkon.api.errors import ErrorOut

ERROR_SCHEMA = "ErrorOut"

DESCRIPTIONS = {
    400: "Invalid input (`fields` names each field at fault), a malformed body, or too many "
    "fields or files",
    401: "No valid bearer token (`unauthenticated`), or a wrong username or password",
    403: "The caller's role may not do this (`forbidden`; `not_allowed` for a move on an order "
    "the caller may read but not act on)",
    404: "Not found, or outside what the caller may see (`not_found`)",
    413: "The body is too large (`request_too_large`)",
    429: "Too many failed attempts (`login_locked`); wait before trying again",
}


def shape_errors(operation: dict[str, Any]) -> set[int]:
    """The error statuses any operation of this shape can answer."""
    statuses = {400}
    if operation.get("security"):
        statuses.add(401)
    if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
        statuses.add(404)
    if "requestBody" in operation:
        statuses.add(413)
    return statuses


def _error_response(status: int) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": schema}},
    }


def declare_errors(document: OpenAPISchema) -> None:
    """Add each operation's shape errors, and describe every error response."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR_SCHEMA, ErrorOut.model_json_schema())
    for path_item in document["paths"].values():
        for operation in path_item.values():
            responses = operation["responses"]
            for status in shape_errors(operation) | {s for s in responses if s in DESCRIPTIONS}:
                responses[status] = _error_response(status)
            operation["responses"] = dict(sorted(responses.items()))


class DocumentedAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document declares every operation's errors."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_errors(document)
        return document
