"""Vendors for the vendor tests, built directly (bypassing the services) so a
test can start from any status."""

import datetime
import hashlib
import uuid
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.catalog.models import Category, Product
from blangkon.documents.models import StoredFile
from blangkon.vendors.models import LegalForm, Vendor, VendorDocument, VendorKind
from blangkon.vendors.status import VendorStatus
from conftest import make_user

# Valid-format NIKs: Batang (33.25), kecamatan 01.
NIK_MALE = "3325011205850003"  # born 12 May 1985
NIK_FEMALE = "3325015208900001"  # born 12 Aug 1990 (52 = 12 + 40)
NIK_OTHER = "3324010101700004"  # Kendal, born 1 Jan 1970
NPWP_COMPANY = "0123456789012000"
NIB = "9120001234567"
BANK_ACCOUNT = "0123456789"


def perorangan_data(**changes: Any) -> dict[str, Any]:
    """Everything a perorangan registration needs, except documents."""
    return {
        "person_name": "Siti Aminah",
        "nik": NIK_FEMALE,
        "street": "Jl. Gajah Mada No. 5",
        "postal_code": "51215",
        "phone": "081234567890",
        "email": "siti@test.blangkon.invalid",
        "is_pkp": False,
        "declared_capital": 50_000_000,
        "bank_name": "Bank Jateng",
        "bank_account_number": BANK_ACCOUNT,
        "bank_account_holder": "SITI AMINAH",
        **changes,
    }


def badan_usaha_data(**changes: Any) -> dict[str, Any]:
    return {
        "legal_form": LegalForm.CV,
        "person_name": "Budi Santoso",
        "person_position": "Direktur",
        "nik": NIK_MALE,
        "npwp": NPWP_COMPANY,
        "nib": NIB,
        "akta_number": "12",
        "akta_date": datetime.date(2015, 3, 2),
        "street": "Jl. Pemuda No. 3",
        "postal_code": "51211",
        "phone": "+6281234567891",
        "email": "cv@test.blangkon.invalid",
        "is_pkp": False,
        "declared_annual_sales": 3_000_000_000,
        "bank_name": "BRI",
        "bank_account_number": "9876543210",
        "bank_account_holder": "CV. Sumber Rejeki",
        **changes,
    }


def make_vendor(
    *,
    name: str = "Katering Bu Siti",
    region: str = "33.25",
    kind: str = VendorKind.PERORANGAN,
    status: str = VendorStatus.DRAFT,
    organisation: Organisation | None = None,
    owner: str | None = None,
    **fields: Any,
) -> Vendor:
    """A vendor in any status, with complete data unless `fields` override it."""
    organisation = organisation or Organisation.objects.create(
        kind="vendor", name=name, region_id=region
    )
    data = perorangan_data() if kind == VendorKind.PERORANGAN else badan_usaha_data()
    data.update(fields)
    vendor = Vendor.objects.create(organisation=organisation, kind=kind, status=status, **data)
    if owner:
        make_user(owner, Role.VENDOR_OWNER, organisation)
    return vendor


def stored_file(vendor: Vendor, kind: str, uploaded_by: User | None = None) -> StoredFile:
    """A StoredFile row (no file on disk) for tests that only need the row."""
    file_id = uuid.uuid4()
    return StoredFile.objects.create(
        id=file_id,
        kind=kind,
        owner=vendor.organisation,
        path=f"test/{file_id}.png",
        original_name=f"{kind}.png",
        content_type="image/png",
        size=10,
        sha256=hashlib.sha256(file_id.bytes).hexdigest(),
        uploaded_by=uploaded_by,
    )


def attach_documents(vendor: Vendor) -> None:
    kinds = ["ktp", "bank_book"]
    if vendor.kind == VendorKind.BADAN_USAHA:
        kinds += ["npwp", "nib", "akta"]
    for kind in kinds:
        VendorDocument.objects.create(vendor=vendor, file=stored_file(vendor, kind))


def png_upload(name: str = "ktp.png") -> SimpleUploadedFile:
    output = BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, "PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def make_product(
    vendor: Vendor,
    *,
    name: str = "Nasi kotak ayam bakar",
    sku: str = "KAT-001",
    status: str = "tayang",
    required_certificate: str = "",
) -> Product:
    """A catering product of the vendor, created straight in `status` (test setup)."""
    return Product.objects.create(
        vendor=vendor,
        category=Category.objects.get(slug="katering"),
        unit_id="kotak",
        sku=sku,
        name=name,
        price=35_000,
        status=status,
        required_certificate=required_certificate,
    )
