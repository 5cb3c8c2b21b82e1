"""Images delivered as a ZIP whose file names are SKUs."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from blangkon.accounts.models import User
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload, Product, ProductImage
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.core.errors import DomainError
from blangkon.vendors.models import Vendor


def picture(kind: str = "JPEG", colour: str = "orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, kind)
    return buffer.getvalue()


def images_zip(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("foto.zip", buffer.getvalue(), content_type="application/zip")


SAMPLE = sample_rows(3).content
# The SKUs in the sample's first two rows.
FIRST, SECOND = (
    row[0]
    for row in load_workbook(io.BytesIO(SAMPLE), read_only=True)
    .worksheets[0]
    .iter_rows(min_row=2, max_row=3, values_only=True)
)


def upload_with_images(owner: User, files: dict[str, bytes]) -> BulkUpload:
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(SAMPLE), images=images_zip(files))
    upload.refresh_from_db()
    return upload


def test_images_named_by_sku_are_attached_with_thumbnails(owner: User, vendor: Vendor) -> None:
    first, second = FIRST, SECOND
    upload = upload_with_images(
        owner,
        {
            f"foto/{first}.jpg": picture(),
            f"foto/{first}_2.png": picture("PNG", "blue"),
            f"{second}.JPG": picture(),
            "TIDAK-ADA.jpg": picture(),
            "__MACOSX/._foto.jpg": b"",
        },
    )
    assert upload.images_attached == 3
    problems = {problem["name"] for problem in upload.image_problems}
    assert problems == {"TIDAK-ADA.jpg"}
    product = Product.objects.get(vendor=vendor, sku=first)
    images = list(product.images.order_by("position"))
    assert [image.position for image in images] == [0, 1]
    assert all(image.thumbnail.content_type == "image/jpeg" for image in images)


def test_at_most_five_images_per_product(owner: User, vendor: Vendor) -> None:
    sku = FIRST
    files = {f"{sku}.jpg": picture()}
    files.update({f"{sku}_{number}.jpg": picture() for number in range(2, 7)})
    upload = upload_with_images(owner, files)
    assert upload.images_attached == 5
    assert [problem["name"] for problem in upload.image_problems] == [f"{sku}_6.jpg"]
    assert ProductImage.objects.filter(product__sku=sku).count() == 5


@pytest.mark.parametrize(
    ("name", "content"),
    [("catatan.txt", b"bukan gambar"), ("SKU_2.jpg", b"<svg onload=alert(1)></svg>")],
)
def test_a_zip_with_other_files_than_photos_is_refused(
    owner: User, vendor: Vendor, name: str, content: bytes
) -> None:
    with pytest.raises(DomainError) as refused:
        upload_with_images(owner, {f"{FIRST}.jpg": picture(), name: content})
    assert set(refused.value.fields) == {"images"}
    assert BulkUpload.objects.count() == 0
