import json
from typing import Any

import pytest
from django.test import override_settings

from blangkon.accounts.models import ApiToken, LoginFailure
from conftest import PASSWORD, World


def post_json(client, url: str, body: object, **headers: str):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def issue_token(client, username: str = "pp.batang") -> str:
    response = post_json(client, "/api/v1/auth/token", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_a_token_opens_the_api_and_is_stored_only_as_a_digest(client, world: World) -> None:
    raw = issue_token(client)
    assert raw.startswith("blk_")
    token = ApiToken.objects.get()
    assert raw not in (token.digest, token.prefix)
    assert len(token.digest) == 64
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200
    assert me.json() == {
        "username": "pp.batang",
        "role": "pp",
        "organisation_id": world.opd_batang.pk,
        "organisation_name": "Dinas Koperasi dan UKM",
    }


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer blk_tidak-ada",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 5000,
        "Token abc",
    ],
)
def test_missing_or_malformed_tokens_get_401_in_the_error_format(
    client, world: World, header: str
) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "unauthenticated"
    assert "token" in body["message"]


def test_a_revoked_or_expired_token_stops_working(client, world: World) -> None:
    from django.utils import timezone

    raw = issue_token(client)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_wrong_password_on_the_token_endpoint(client, world: World) -> None:
    response = post_json(client, "/api/v1/auth/token", {"username": "pp.batang", "password": "x"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert "salah" in response.json()["message"]


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_the_token_endpoint_shares_the_login_lockout(client, world: World) -> None:
    for _ in range(3):
        post_json(client, "/api/v1/auth/token", {"username": "pp.batang", "password": "x"})
    response = post_json(
        client, "/api/v1/auth/token", {"username": "pp.batang", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"
    assert response["Retry-After"] == "900"


def test_the_token_endpoint_spaces_out_guesses_from_many_addresses(client, world: World) -> None:
    LoginFailure.objects.bulk_create(
        LoginFailure(username="pp.batang", ip_address=f"198.51.100.{n}") for n in range(20)
    )
    response = post_json(
        client, "/api/v1/auth/token", {"username": "PP.Batang", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "login_slowed_down"
    assert 0 < int(response["Retry-After"]) <= 900


def test_invalid_bodies_name_the_fields(client, world: World) -> None:
    missing = post_json(client, "/api/v1/auth/token", {"username": "pp.batang"})
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid_input"
    assert missing.json()["fields"] == {"password": "Kolom ini wajib diisi."}
    broken = client.post("/api/v1/auth/token", '{"username": ', content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["code"] == "malformed_body"


def test_an_oversized_body_gets_413_in_the_error_format(client, world: World) -> None:
    body = {"username": "x" * 3_000_000, "password": "y"}
    response = post_json(client, "/api/v1/auth/token", body)
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_unknown_api_urls_answer_json_404(client, db: None) -> None:
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_regions_endpoint_lists_codes_kinds_parents_and_joined_dates(client, world: World) -> None:
    regions = client.get("/api/v1/regions").json()
    assert len(regions) == 36
    by_code = {r["code"]: r for r in regions}
    assert by_code["33"] == {
        "code": "33",
        "name": "Provinsi Jawa Tengah",
        "kind": "provinsi",
        "parent_code": None,
        "joined_on": "2021-03-01",
    }
    assert by_code["33.25"]["joined_on"] == "2022-01-24"
    assert by_code["33.24"]["joined_on"] is None
    assert by_code["33.74"]["kind"] == "kota"
    assert by_code["33.22"]["name"] == "Kabupaten Semarang"


def test_categories_endpoint_returns_the_tree(client, db: None) -> None:
    groups = client.get("/api/v1/categories").json()
    assert len(groups) == 7
    leaves = {leaf["slug"]: leaf for g in groups for leaf in g["children"]}
    assert len(leaves) == 28
    assert leaves["katering"]["tax_class"] == "catering"
    assert {"code": "kotak", "name": "kotak"} in leaves["katering"]["units"]


def test_openapi_document_and_docs_are_served_without_a_cdn(client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/v1/regions", "/api/v1/categories", "/api/v1/auth/token", "/api/v1/me"} <= set(
        spec["paths"]
    )
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in docs


def _binary(schema: dict[str, Any]) -> bool:
    options = [schema, *schema.get("anyOf", [])]
    return any(isinstance(o, dict) and o.get("format") == "binary" for o in options)


def test_every_uploaded_file_is_read_from_the_multipart_body(client, db: None) -> None:
    # An optional file written `File[UploadedFile] | None` loses its File marker:
    # ninja then reads it from the query string and the posted file is dropped.
    spec = client.get("/api/v1/openapi.json").json()
    misplaced = [
        (path, parameter["name"])
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if _binary(parameter.get("schema", {}))
    ]
    assert misplaced == []
    bulk = spec["paths"]["/api/v1/vendor/bulk-uploads"]["post"]["requestBody"]
    fields = bulk["content"]["multipart/form-data"]["schema"]["properties"]
    assert {"file", "images"} <= set(fields)
