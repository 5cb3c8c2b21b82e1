"""The vendor endpoints of /api/v1."""

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import attach_documents, make_product, make_vendor
from conftest import World


def _auth(user: User) -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_vendor_reads_its_registration_status_and_what_is_missing(client, world: World) -> None:
    make_vendor(status=VendorStatus.DRAFT, organisation=world.vendor, nik="")
    response = client.get("/api/v1/vendors/me", **_auth(world.user("staf.vendor")))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft"
    missing = {row["field"] for row in body["missing"]}
    assert {"nik", "document_ktp"} <= missing
    assert all(row["message"] for row in body["missing"])


def test_fields_to_fix_are_listed_after_a_revision_request(client, world: World) -> None:
    make_vendor(
        status=VendorStatus.REVISION_REQUESTED,
        organisation=world.vendor,
        fields_to_fix=["bank_account_number"],
    )
    body = client.get("/api/v1/vendors/me", **_auth(world.user("pemilik.vendor"))).json()
    assert [row["field"] for row in body["fields_to_fix"]] == ["bank_account_number"]
    assert body["fields_to_fix"][0]["step"] == "usaha"


def test_a_non_vendor_has_no_registration(client, world: World) -> None:
    response = client.get("/api/v1/vendors/me", **_auth(world.user("pp.batang")))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_storefront_is_public_and_has_no_personal_fields(client, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    make_product(vendor)
    response = client.get(f"/api/v1/vendors/{vendor.pk}/storefront")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Katering Bu Siti"
    assert [p["name"] for p in body["products"]] == ["Nasi kotak ayam bakar"]
    text = response.content.decode()
    for secret in (vendor.nik, vendor.bank_account_number, vendor.phone, vendor.person_name):
        assert secret not in text
    draft = make_vendor(name="Belum", status=VendorStatus.DRAFT)
    assert client.get(f"/api/v1/vendors/{draft.pk}/storefront").status_code == 404


def test_the_admin_works_the_queue_through_the_api(client, world: World) -> None:
    batang = make_vendor(status=VendorStatus.SUBMITTED)
    kendal = make_vendor(name="Toko Kendal", region="33.24", status=VendorStatus.SUBMITTED)
    headers = _auth(world.user("admin.batang"))
    queue = client.get("/api/v1/vendors/verification-queue", **headers).json()
    assert [row["id"] for row in queue] == [batang.pk]
    assert queue[0]["kab_kota_code"] == "33.25"

    response = client.post(
        f"/api/v1/vendors/{batang.pk}/request-revision",
        {"fields_to_fix": ["nik"], "note": "NIK tidak terbaca"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "revision_requested"
    assert AuditEvent.objects.filter(action="vendor.revision_requested").count() == 1

    response = client.post(
        f"/api/v1/vendors/{kendal.pk}/approve", {}, content_type="application/json", **headers
    )
    assert response.status_code == 404
    assert Vendor.objects.get(pk=kendal.pk).status == VendorStatus.SUBMITTED


def test_approve_and_reject_through_the_api(client, world: World) -> None:
    first = make_vendor(name="A", status=VendorStatus.SUBMITTED)
    attach_documents(first)
    second = make_vendor(name="B", status=VendorStatus.SUBMITTED)
    headers = _auth(world.user("admin.provinsi"))
    approved = client.post(
        f"/api/v1/vendors/{first.pk}/approve", {}, content_type="application/json", **headers
    )
    assert approved.json()["status"] == "verified"
    missing_reason = client.post(
        f"/api/v1/vendors/{second.pk}/reject", {}, content_type="application/json", **headers
    )
    assert missing_reason.status_code == 400
    assert "reason" in missing_reason.json()["fields"]
    rejected = client.post(
        f"/api/v1/vendors/{second.pk}/reject",
        {"reason": "Dokumen palsu"},
        content_type="application/json",
        **headers,
    )
    assert rejected.json()["status"] == "rejected"


def test_the_auditor_may_read_the_queue_but_not_approve(client, world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    headers = _auth(world.user("auditor.provinsi"))
    assert client.get("/api/v1/vendors/verification-queue", **headers).status_code == 200
    response = client.post(
        f"/api/v1/vendors/{vendor.pk}/approve", {}, content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_vendor_token_has_no_queue(client, world: World) -> None:
    response = client.get("/api/v1/vendors/verification-queue", **_auth(world.user("staf.vendor")))
    assert response.status_code == 403


def test_the_vendor_endpoints_are_in_the_openapi_schema(client, world: World) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/vendors/me",
        "/api/v1/vendors/{vendor_id}/storefront",
        "/api/v1/vendors/verification-queue",
        "/api/v1/vendors/{vendor_id}/approve",
        "/api/v1/vendors/{vendor_id}/request-revision",
        "/api/v1/vendors/{vendor_id}/reject",
    } <= set(paths)
