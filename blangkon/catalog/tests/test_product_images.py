"""Product photos: up to five, checked and re-encoded by the documents app,
only for the vendor's own products, public once the product is live."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import ProductImage
from blangkon.catalog.services import MAX_IMAGES, product_image_add, product_image_remove
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, make_product
from blangkon.catalog.transitions import product_transition
from blangkon.core.errors import DomainError, NotFound


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_vendor_adds_up_to_five_photos_with_thumbnails(market: Market) -> None:
    product = make_product(market)
    for _ in range(MAX_IMAGES):
        image = product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
        assert image.thumbnail.content_type == "image/jpeg"
    assert [i.position for i in product.images.all()] == [0, 1, 2, 3, 4]
    with pytest.raises(DomainError) as refused:
        product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
    assert refused.value.code == "too_many_images"
    assert ProductImage.objects.count() == MAX_IMAGES
    assert AuditEvent.objects.filter(action="product.image_add").count() == MAX_IMAGES


def test_a_file_that_is_not_an_image_is_refused(market: Market) -> None:
    product = make_product(market)
    fake = SimpleUploadedFile("foto.png", b"<svg onload=alert(1)></svg>", "image/png")
    with pytest.raises(DomainError) as refused:
        product_image_add(actor=market.batang_owner, product_id=product.pk, upload=fake)
    assert refused.value.code == "invalid_file"
    assert not ProductImage.objects.exists()


def test_another_vendor_cannot_add_or_remove_photos(market: Market) -> None:
    product = make_product(market)
    image = product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
    with pytest.raises(NotFound):
        product_image_add(actor=market.kendal_owner, product_id=product.pk, upload=png())
    with pytest.raises(NotFound):
        product_image_remove(actor=market.kendal_owner, product_id=product.pk, image_id=image.pk)
    assert ProductImage.objects.count() == 1


def test_removing_a_photo_makes_room_for_another(market: Market) -> None:
    product = make_product(market)
    first = product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
    product_image_remove(actor=market.batang_owner, product_id=product.pk, image_id=first.pk)
    assert not ProductImage.objects.exists()
    assert AuditEvent.objects.filter(action="product.image_remove").count() == 1


def test_photos_through_the_pages_and_public_once_live(market: Market, client_for, client) -> None:
    product = make_product(market, ProductStatus.SUBMITTED)
    owner = client_for(market.batang_owner)
    response = owner.post(f"/produk/saya/{product.pk}/gambar/", {"image": png()})
    assert response.status_code == 302
    image = ProductImage.objects.get()
    assert owner.get(f"/produk/saya/{product.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/berkas/{image.thumbnail_id}/").status_code == 404  # not live yet
    product_transition(product_id=product.pk, to=ProductStatus.TAYANG, actor=None)
    assert client.get(f"/berkas/{image.thumbnail_id}/").status_code == 200
    page = client.get(f"/produk/{product.pk}/")
    assert f"/berkas/{image.thumbnail_id}/" in page.content.decode()


def test_another_vendor_gets_404_on_the_photo_pages(market: Market, client_for) -> None:
    product = make_product(market)
    client = client_for(market.kendal_owner)
    assert client.post(f"/produk/saya/{product.pk}/gambar/", {"image": png()}).status_code == 404
    assert client.post(f"/produk/saya/{product.pk}/gambar/", {}).status_code == 404
    assert not ProductImage.objects.exists()
