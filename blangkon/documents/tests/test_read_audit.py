"""Every serving of a vendor's identity document is in the audit log: which
file, its kind, whose it is, who read it and from where. Product images are
not: a live product's are public, and the storefront would flood the log."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.documents.models import StoredFile
from blangkon.documents.tests.factories import document_for, product_image_for, vendor_for
from blangkon.documents.tests.test_api import bearer
from blangkon.documents.validation import VENDOR_DOCUMENT_KINDS
from conftest import World

pytestmark = pytest.mark.django_db


def url(stored: StoredFile) -> str:
    return reverse("documents:file", kwargs={"file_id": stored.pk})


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="document.read").order_by("chain_seq"))


@pytest.fixture
def vendor(world: World) -> Any:
    return vendor_for(world.vendor, status="submitted")


@pytest.mark.parametrize("kind", sorted(VENDOR_DOCUMENT_KINDS))
def test_a_verifier_reading_an_identity_document_is_recorded(
    client_for, world: World, vendor: Any, kind: str
) -> None:
    document = document_for(world.vendor, uploader=world.user("pemilik.vendor"), kind=kind)
    response = client_for(world.user("admin.batang")).get(url(document), REMOTE_ADDR="10.3.3.25")
    assert response.status_code == 200
    [read] = reads()
    assert (read.actor, read.actor_username) == (world.user("admin.batang"), "admin.batang")
    assert (read.object_type, read.object_id) == ("documents.storedfile", str(document.pk))
    assert read.organisation == world.vendor
    assert read.ip_address == "10.3.3.25"
    assert read.details == {
        "acted_as": acted_as(read.actor),
        "kind": kind,
        "name": "ktp.pdf",
        "via": "page",
    }


def test_every_serving_is_a_row_of_its_own_the_owner_s_too(
    client_for, world: World, vendor: Any
) -> None:
    document = document_for(world.vendor, uploader=world.user("pemilik.vendor"))
    client = client_for(world.user("pemilik.vendor"))
    client.get(url(document))
    client.get(url(document))
    assert [read.actor_username for read in reads()] == ["pemilik.vendor", "pemilik.vendor"]


def test_a_read_through_the_api_is_recorded(client: Client, world: World, vendor: Any) -> None:
    document = document_for(world.vendor, uploader=world.user("pemilik.vendor"), kind="npwp")
    response = client.get(
        f"/api/v1/documents/{document.pk}/content", headers=bearer(world.user("admin.provinsi"))
    )
    assert response.status_code == 200
    [read] = reads()
    assert read.actor_username == "admin.provinsi"
    assert read.details == {
        "acted_as": acted_as(read.actor),
        "kind": "npwp",
        "name": "ktp.pdf",
        "via": "api",
    }


def test_a_refused_or_missing_document_records_no_read(
    client_for, world: World, vendor: Any, media_root: Any
) -> None:
    document = document_for(world.vendor, uploader=world.user("pemilik.vendor"))
    assert client_for(world.user("admin.kendal")).get(url(document)).status_code == 404
    (media_root / document.path).unlink()
    assert client_for(world.user("admin.batang")).get(url(document)).status_code == 404
    assert reads() == []


def test_product_images_are_not_recorded(client: Client, client_for, world: World) -> None:
    live = product_image_for(
        vendor_for(world.vendor), uploader=world.user("pemilik.vendor"), status="tayang"
    )
    assert client.get(url(live.file)).status_code == 200
    assert client_for(world.user("pemilik.vendor")).get(url(live.thumbnail)).status_code == 200
    assert reads() == []
