"""Images delivered as a ZIP whose file names are SKUs."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import load_workbook
from PIL import Image

from blangkon.accounts.models import User
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.models import BulkUpload, Product, ProductImage
from blangkon.catalog.tests.bulk_fixtures import *  # noqa: F403
from blangkon.catalog.tests.bulk_fixtures import xlsx_upload
from blangkon.core.errors import DomainError
from blangkon.documents.models import StoredFile
from blangkon.scheduling.services import job_task
from blangkon.vendors.models import Vendor
from config.schedule import JOBS


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


def files_on_disk(media_root: Path) -> list[Path]:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "files",
    [
        {"catatan.txt": b"bukan gambar"},  # passes the ZIP's own check, not the documents'
        {f"{FIRST}.jpg": picture(), "../keluar.jpg": picture()},
    ],
    ids=["no-photos", "unsafe-name"],
)
def test_a_refused_images_zip_leaves_no_file_behind(
    owner: User, vendor: Vendor, private_media: Path, files: dict[str, bytes]
) -> None:
    with pytest.raises(DomainError) as refused:
        upload_with_images(owner, files)
    assert set(refused.value.fields) == {"images"}
    assert files_on_disk(private_media) == []
    assert StoredFile.objects.count() == 0


def test_the_upload_page_refusing_the_zip_leaves_no_file_behind(
    client_for, owner: User, vendor: Vendor, private_media: Path
) -> None:
    response = client_for(owner).post(
        "/produk/unggah/",
        {"file": xlsx_upload(SAMPLE), "images": images_zip({"catatan.txt": b"bukan gambar"})},
    )
    assert response.status_code == 200
    assert "images" in response.context["form"].errors
    assert files_on_disk(private_media) == []


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_the_scheduled_sweep_removes_the_files_of_a_bulk_upload_its_caller_rolled_back(
    owner: User, vendor: Vendor, private_media: Path
) -> None:
    """What no files_atomic block sees: a caller's plain transaction that rolls
    back after the upload was stored (or a worker killed before its commit)."""
    kept = upload_with_images(owner, {f"{FIRST}.jpg": picture()})
    kept_files = set(files_on_disk(private_media))

    def caller_service() -> None:
        with transaction.atomic():
            upload_with_images(owner, {f"{SECOND}.jpg": picture()})
            raise RuntimeError("the caller's own step failed")

    with pytest.raises(RuntimeError):
        caller_service()
    left = set(files_on_disk(private_media)) - kept_files
    # The XLSX, the ZIP, the photo and its thumbnail, without rows.
    assert len(left) == 4
    assert not StoredFile.objects.filter(path__in=[str(p.relative_to(private_media)) for p in left])
    sweep = job_task(next(job for job in JOBS if job.name == "documents.sweep_orphan_files"))

    assert sweep.call() == 0  # younger than an hour: its transaction may still be open
    for path in files_on_disk(private_media):
        age(path, 2)
    assert sweep.call() == 4
    assert set(files_on_disk(private_media)) == kept_files
    assert kept.file.path in {str(p.relative_to(private_media)) for p in kept_files}
