"""The OpenAPI document describes the API: every operation lists the errors
it can answer, each with the one error body, and the search lists its query
parameters."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from blangkon.search.params import FIELDS

ERROR_BODY = {"$ref": "#/components/schemas/ErrorOut"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client: Client, db: None) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def expected_errors(path: str, operation: dict[str, Any]) -> set[str]:
    """What any operation of this shape can answer, whatever it does."""
    statuses = {"400"}  # a malformed value, too many fields in the query string
    if operation.get("security"):
        statuses.add("401")
    if "{" in path:
        statuses.add("404")
    if "requestBody" in operation:
        statuses.add("413")
    return statuses


def test_every_operation_declares_its_error_responses(document: dict[str, Any]) -> None:
    missing = {
        name: sorted(expected_errors(name.split(" ", 1)[1], op) - set(op["responses"]))
        for name, op in operations(document)
    }
    assert {name: statuses for name, statuses in missing.items() if statuses} == {}


def test_every_error_response_has_the_error_body(document: dict[str, Any]) -> None:
    wrong = [
        f"{name} {status}"
        for name, op in operations(document)
        for status, response in op["responses"].items()
        if status.startswith("4")
        and response.get("content", {}).get("application/json", {}).get("schema") != ERROR_BODY
    ]
    assert wrong == []
    body = document["components"]["schemas"]["ErrorOut"]
    assert set(body["required"]) == {"code", "message", "fields"}
    assert body["properties"]["fields"]["additionalProperties"] == {"type": "string"}


@pytest.mark.parametrize(
    ("name", "statuses"),
    [
        ("POST /api/v1/auth/token", {"401", "429"}),
        ("GET /api/v1/vendors/me", {"404"}),
        ("GET /api/v1/vendors/verification-queue", {"403"}),
        ("POST /api/v1/vendors/{vendor_id}/approve", {"403"}),
        ("GET /api/v1/vendor/products", {"404"}),
        ("GET /api/v1/curation/products", {"404"}),
        ("POST /api/v1/curation/products/bulk-approve", {"403", "404"}),
        ("POST /api/v1/curation/products/{product_id}/approve", {"403"}),
        ("POST /api/v1/documents", {"404", "413"}),
    ],
)
def test_errors_that_follow_from_what_an_endpoint_does_are_declared(
    document: dict[str, Any], name: str, statuses: set[str]
) -> None:
    assert statuses <= set(dict(operations(document))[name]["responses"])


def test_the_search_declares_its_twelve_query_parameters(document: dict[str, Any]) -> None:
    search = dict(operations(document))["GET /api/v1/products"]
    parameters = {p["name"]: p for p in search["parameters"]}
    assert list(parameters) == list(FIELDS)
    assert len(parameters) == 12
    assert all(p["in"] == "query" and not p["required"] for p in parameters.values())
    assert parameters["page"]["schema"]["maximum"] == 100
    assert "price_asc" in parameters["sort"]["schema"]["enum"]
    assert parameters["exact"]["schema"]["enum"] == parameters["pdn"]["schema"]["enum"]
    assert search["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchOut"
    }


def test_lists_declare_their_bounds(document: dict[str, Any]) -> None:
    by_name = dict(operations(document))
    for name in ("GET /api/v1/vendor/products", "GET /api/v1/curation/products"):
        parameters = {p["name"]: p["schema"] for p in by_name[name]["parameters"]}
        assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 100)
        assert parameters["limit"]["default"] == 20
        assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, 10_000)


def test_an_optional_upload_is_a_part_of_the_form_not_a_query_parameter(
    document: dict[str, Any],
) -> None:
    upload = dict(operations(document))["POST /api/v1/vendor/bulk-uploads"]
    assert upload.get("parameters", []) == []
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(form["properties"]) == {"file", "images"}
