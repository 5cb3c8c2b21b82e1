"""A picture for every demo product, attached in bulk.

The catalog's `product_image_add` stores one upload for one product with a
permission check and an audit row per call; the product seeder loads tens of
thousands of products in bulk, so this module writes what that service would
(docs/adr/0021-demo-pictures-shared-by-hard-links.md): per product a
`StoredFile` for the photo and one for its thumbnail (kind product_image,
owned by the vendor) and a reviewed `ProductImage` at position 0.

Products of one template share a picture: its bytes are drawn and written
once, and every further product's files are hard links to them
(`shared_files.SharedFiles`).
"""

from dataclasses import dataclass

from django.utils.text import slugify

from blangkon.catalog.models import Product, ProductImage
from blangkon.demo.lines import LINES_BY_SLUG
from blangkon.demo.pictures import Picture, picture
from blangkon.demo.seeders.shared_files import SharedFiles
from blangkon.documents.models import DocumentKind, StoredFile


@dataclass(frozen=True)
class PictureKey:
    line: str
    category: str
    base: str  # the template's base name, unique within its line and category


class ProductPictures:
    def __init__(self) -> None:
        self._pictures: dict[PictureKey, Picture] = {}
        self._files = SharedFiles(extension="jpg", content_type="image/jpeg")
        self.drawn = 0
        self.attached = 0

    def attach(self, batch: list[tuple[Product, PictureKey]]) -> None:
        """Give each saved product of the batch its template's picture."""
        files: list[StoredFile] = []
        images: list[ProductImage] = []
        for product, key in batch:
            owner_id = product.vendor.organisation_id
            name = slugify(key.base) or "produk"
            photo = self._stored(key, "photo", owner_id, f"{name}.jpg")
            thumbnail = self._stored(key, "thumbnail", owner_id, f"{name}-thumbnail.jpg")
            files += [photo, thumbnail]
            images.append(
                ProductImage(product_id=product.pk, file=photo, thumbnail=thumbnail, position=0)
            )
        StoredFile.objects.bulk_create(files)
        ProductImage.objects.bulk_create(images)
        self.attached += len(images)

    def _stored(self, key: PictureKey, role: str, owner_id: int, original_name: str) -> StoredFile:
        def content() -> bytes:
            drawn = self._picture(key)
            return drawn.photo if role == "photo" else drawn.thumbnail

        return self._files.stored(
            (key, role),
            content,
            kind=DocumentKind.PRODUCT_IMAGE,
            owner_id=owner_id,
            original_name=original_name,
        )

    def _picture(self, key: PictureKey) -> Picture:
        drawn = self._pictures.get(key)
        if drawn is None:
            line = LINES_BY_SLUG[key.line]
            template = next(t for t in line.items[key.category] if t.base == key.base)
            drawn = self._pictures[key] = picture(line, template)
            self.drawn += 1
        return drawn
