"""Requests Django refuses to read answer 400 (413 when too large) in the
error shape, never 500: too many fields or files, a broken multipart form, a
host name not served."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from conftest import World

TOO_MANY_FIELDS = "&".join(["a="] * 1001)


def bearer(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    return body


@pytest.mark.parametrize("path", ["/api/v1/products", "/api/v1/products/suggest"])
def test_a_query_with_too_many_fields_is_a_400_naming_the_limit(
    client: Client, db: None, path: str
) -> None:
    body = assert_error(client.get(f"{path}?{TOO_MANY_FIELDS}"), 400, "too_many_fields")
    assert "1000" in body["message"]


def test_an_upload_with_too_many_fields_is_a_400(client: Client, world: World) -> None:
    data: dict[str, object] = {f"field{i}": "x" for i in range(1001)}
    data["kind"] = "ktp"
    data["file"] = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 tiny")
    response = client.post("/api/v1/documents", data, headers=bearer(world.user("pemilik.vendor")))
    body = assert_error(response, 400, "too_many_fields")
    assert "1000" in body["message"]


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_an_upload_with_too_many_files_is_a_400(client: Client, world: World) -> None:
    files = [SimpleUploadedFile(f"ktp{i}.pdf", b"%PDF-1.4 tiny") for i in range(4)]
    response = client.post(
        "/api/v1/documents",
        {"kind": "ktp", "file": files},
        headers=bearer(world.user("pemilik.vendor")),
    )
    body = assert_error(response, 400, "too_many_files")
    assert "3" in body["message"]


def test_a_broken_multipart_body_is_a_400(client: Client, world: World) -> None:
    response = client.post(
        "/api/v1/documents",
        b'--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nktp',
        content_type="multipart/form-data; boundary=",
        headers=bearer(world.user("pemilik.vendor")),
    )
    assert_error(response, 400, "malformed_form")


@override_settings(ALLOWED_HOSTS=["katalog.example.go.id"])
def test_a_host_name_not_served_is_a_400_in_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/regions", headers={"Host": "lain.example.com"})
    assert_error(response, 400, "unknown_host")


def test_an_oversized_form_body_is_a_413(client: Client, world: World) -> None:
    response = client.post(
        "/api/v1/documents",
        {"kind": "x" * 3_000_000, "file": SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 tiny")},
        headers=bearer(world.user("pemilik.vendor")),
    )
    assert_error(response, 413, "request_too_large")


def test_a_nul_character_in_a_query_parameter_is_a_400_naming_it(
    client: Client, world: World
) -> None:
    # It reached PostgreSQL, which refuses text holding one: a 500.
    response = client.get(
        "/api/v1/curation/products?category=atk%00", headers=bearer(world.user("admin.batang"))
    )
    body = assert_error(response, 400, "invalid_input")
    assert list(body["fields"]) == ["category"]


@pytest.mark.parametrize(
    ("path", "username", "body", "field"),
    [
        ("/api/v1/auth/token", None, {"username": "pp.batang\x00", "password": "x"}, "username"),
        (
            "/api/v1/curation/products/1/reject",
            "admin.batang",
            {"reason": "Foto\x00 buram"},
            "reason",
        ),
        (
            "/api/v1/vendor/products",
            "pemilik.vendor",
            {
                "sku": "A",
                "name": "B",
                "category": "atk",
                "unit": "buah",
                "price": 1000,
                "specifications": {"Merek\x00": "Kenko"},
            },
            "specifications",
        ),
    ],
)
def test_a_nul_character_in_a_body_is_a_400_naming_the_field(
    client: Client, world: World, path: str, username: str | None, body: object, field: str
) -> None:
    headers = bearer(world.user(username)) if username else {}
    response = client.post(path, body, content_type="application/json", headers=headers)
    body_out = assert_error(response, 400, "invalid_input")
    assert list(body_out["fields"]) == [field]
    assert "NUL" in body_out["fields"][field]
