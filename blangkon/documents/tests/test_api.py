"""/api/v1/documents: upload with a token, read back with the same rules as the page."""

from pathlib import Path
from typing import Any

from django.test import Client

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.documents.models import StoredFile
from blangkon.documents.tests import samples
from blangkon.documents.tests.factories import document_for, vendor_for
from conftest import World


def bearer(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}"}


def upload(client: Client, user: User, data: dict[str, object]) -> Any:
    return client.post("/api/v1/documents", data, headers=bearer(user))


def test_a_vendor_uploads_a_document_and_reads_it_back(client: Client, world: World) -> None:
    owner = world.user("pemilik.vendor")
    response = upload(
        client, owner, {"kind": "ktp", "file": samples.upload("ktp.jpg", samples.jpeg())}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "ktp"
    assert body["owner_id"] == world.vendor.pk
    assert body["content_type"] == "image/jpeg"
    assert body["url"] == f"/berkas/{body['id']}/"

    detail = client.get(f"/api/v1/documents/{body['id']}", headers=bearer(owner))
    assert detail.status_code == 200
    assert detail.json()["sha256"] == body["sha256"]
    content: Any = client.get(f"/api/v1/documents/{body['id']}/content", headers=bearer(owner))
    assert content.status_code == 200
    assert content["Cache-Control"] == "private, no-store"
    assert b"".join(content.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_refused_file_answers_400_invalid_file_and_stores_nothing(
    client: Client, world: World, media_root: Path
) -> None:
    response = upload(
        client,
        world.user("pemilik.vendor"),
        {"kind": "ktp", "file": samples.upload("ktp.pdf", samples.EXE)},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_file"
    assert set(body["fields"]) == {"file"}
    assert not StoredFile.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_an_unknown_kind_is_a_schema_error(client: Client, world: World) -> None:
    response = upload(
        client,
        world.user("pemilik.vendor"),
        {"kind": "paspor", "file": samples.upload("x.pdf", samples.pdf())},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_a_pendamping_uploads_for_a_vendor_they_registered_only(
    client: Client, world: World
) -> None:
    pendamping = world.user("pendamping.batang")
    data = {"kind": "nib", "owner_id": world.vendor.pk}
    refused = upload(client, pendamping, {**data, "file": samples.upload("n.pdf", samples.pdf())})
    assert refused.status_code == 404
    vendor_for(world.vendor, status="draft", registered_by=pendamping)
    allowed = upload(client, pendamping, {**data, "file": samples.upload("n.pdf", samples.pdf())})
    assert allowed.status_code == 201
    assert allowed.json()["owner_id"] == world.vendor.pk


def test_a_vendor_cannot_upload_for_another_organisation(client: Client, world: World) -> None:
    response = upload(
        client,
        world.user("pemilik.vendor"),
        {
            "kind": "ktp",
            "owner_id": world.opd_batang.pk,
            "file": samples.upload("ktp.pdf", samples.pdf()),
        },
    )
    assert response.status_code == 404


def test_out_of_scope_documents_are_404_in_the_api(client: Client, world: World) -> None:
    vendor_for(world.vendor, status="submitted")
    ktp = document_for(world.vendor, uploader=world.user("pemilik.vendor"))
    kendal = bearer(world.user("admin.kendal"))
    for path in (f"/api/v1/documents/{ktp.pk}", f"/api/v1/documents/{ktp.pk}/content"):
        response = client.get(path, headers=kendal)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    batang = client.get(f"/api/v1/documents/{ktp.pk}", headers=bearer(world.user("admin.batang")))
    assert batang.status_code == 200


def test_the_api_needs_a_token(client: Client, world: World) -> None:
    vendor_for(world.vendor)
    ktp = document_for(world.vendor, uploader=world.user("pemilik.vendor"))
    assert client.get(f"/api/v1/documents/{ktp.pk}").status_code == 401
