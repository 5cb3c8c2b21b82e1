"""Fixtures for the bulk upload tests: vendors, private media, uploads.

The test_bulk_*.py modules star-import this module so pytest sees the fixtures
(a conftest.py here would be shared with the other catalog tests).
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.vendors.models import LegalForm, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus
from conftest import World, make_user

__all__ = ["XLSX", "other_vendor", "owner", "private_media", "vendor", "xlsx_upload"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path: Path) -> Path:
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def vendor(world: World) -> Vendor:
    """A verified badan usaha: world.vendor (CV Sumber Rejeki, Batang)."""
    return Vendor.objects.create(
        organisation=world.vendor,
        kind=VendorKind.BADAN_USAHA,
        legal_form=LegalForm.CV,
        status=VendorStatus.VERIFIED,
        is_pkp=True,
    )


@pytest.fixture
def other_vendor(world: World) -> Vendor:
    """A verified perorangan vendor in Kendal; its owner is world.user("pemilik.kendal")."""
    organisation = Organisation.objects.create(
        kind="vendor", name="Katering Bu Siti", region_id="33.24"
    )
    world.users["pemilik.kendal"] = make_user("pemilik.kendal", Role.VENDOR_OWNER, organisation)
    return Vendor.objects.create(
        organisation=organisation, kind=VendorKind.PERORANGAN, status=VendorStatus.VERIFIED
    )


@pytest.fixture
def owner(world: World, vendor: Vendor) -> User:
    return world.user("pemilik.vendor")


def xlsx_upload(content: bytes, name: str = "produk.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)
