"""A picture for every demo product, attached in bulk.

The catalog's `product_image_add` stores one upload for one product with a
permission check and an audit row per call; the product seeder loads tens of
thousands of products in bulk, so this module writes what that service would
(docs/adr/0021-demo-pictures-shared-by-hard-links.md): per product a
`StoredFile` for the photo and one for its thumbnail (kind product_image,
owned by the vendor, under MEDIA_ROOT/private/<owner>/<uuid>.jpg, mode
0o640) and a reviewed `ProductImage` at position 0.

Products of one template share a picture. Its bytes are drawn and written
once; every further product gets hard links to that file, so a stored file
per product costs a directory entry, not a copy. Removing one product's
photo unlinks its own name only.
"""

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from blangkon.catalog.models import Product, ProductImage
from blangkon.demo.lines import LINES_BY_SLUG
from blangkon.demo.pictures import Picture, picture
from blangkon.documents import storage
from blangkon.documents.models import DocumentKind, StoredFile

CONTENT_TYPE = "image/jpeg"
EXTENSION = "jpg"


@dataclass(frozen=True)
class PictureKey:
    line: str
    category: str
    base: str  # the template's base name, unique within its line and category


@dataclass
class _Source:
    """A written file that further products link to."""

    path: Path
    size: int
    sha256: str


class ProductPictures:
    def __init__(self) -> None:
        self._pictures: dict[PictureKey, Picture] = {}
        self._sources: dict[tuple[PictureKey, str], _Source] = {}
        self._folders: set[Path] = set()
        self._root = storage.private_root().resolve()
        self.drawn = 0
        self.attached = 0

    def attach(self, batch: list[tuple[Product, PictureKey]]) -> None:
        """Give each saved product of the batch its template's picture."""
        files: list[StoredFile] = []
        images: list[ProductImage] = []
        for product, key in batch:
            owner_id = product.vendor.organisation_id
            name = slugify(key.base) or "produk"
            photo = self._stored(key, "photo", owner_id, f"{name}.{EXTENSION}")
            thumbnail = self._stored(key, "thumbnail", owner_id, f"{name}-thumbnail.{EXTENSION}")
            files += [photo, thumbnail]
            images.append(
                ProductImage(product_id=product.pk, file=photo, thumbnail=thumbnail, position=0)
            )
        StoredFile.objects.bulk_create(files)
        ProductImage.objects.bulk_create(images)
        self.attached += len(images)

    def _stored(self, key: PictureKey, role: str, owner_id: int, original_name: str) -> StoredFile:
        file_id = uuid.uuid4()
        relative = f"{storage.PRIVATE_DIR}/{int(owner_id)}/{file_id}.{EXTENSION}"
        # The owner id and the UUID cannot leave the folder: no need to
        # resolve every path as storage.absolute_path does.
        target = self._root / str(int(owner_id)) / f"{file_id}.{EXTENSION}"
        self._folder(target.parent)
        source = self._sources.get((key, role))
        if source is None or not _link(source.path, target):
            source = self._write(key, role, target)
        return StoredFile(
            id=file_id,
            kind=DocumentKind.PRODUCT_IMAGE,
            owner_id=owner_id,
            path=relative,
            original_name=original_name,
            content_type=CONTENT_TYPE,
            size=source.size,
            sha256=source.sha256,
            uploaded_by=None,  # loaded by the seeder, not uploaded by a person
        )

    def _write(self, key: PictureKey, role: str, target: Path) -> _Source:
        drawn = self._pictures.get(key)
        if drawn is None:
            drawn = self._pictures[key] = picture(
                LINES_BY_SLUG[key.line],
                next(t for t in LINES_BY_SLUG[key.line].items[key.category] if t.base == key.base),
            )
            self.drawn += 1
        content = drawn.photo if role == "photo" else drawn.thumbnail
        # As storage.file_write, without its fsync per file (11 ms each on a
        # busy disk): demo data loads in one transaction, and a crash loses
        # the whole load anyway (the orphan sweep removes its files).
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, storage.FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), storage.FILE_MODE)
            handle.write(content)
        source = _Source(target, len(content), hashlib.sha256(content).hexdigest())
        self._sources[(key, role)] = source
        return source

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(mode=storage.DIRECTORY_MODE, parents=True, exist_ok=True)
            self._folders.add(folder)


def _link(source: Path, target: Path) -> bool:
    """Hard-link `target` to `source`; False when the file system refuses
    (another device, too many links): the caller then writes a copy."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
