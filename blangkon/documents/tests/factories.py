"""Vendor and product rows for documents tests (the vendors and catalog services
are someone else's; these rows are created directly)."""

from blangkon.accounts.models import Organisation, User
from blangkon.catalog.models import Category, Product, ProductImage, Unit
from blangkon.documents.models import StoredFile
from blangkon.documents.services import stored_file_create, thumbnail_create
from blangkon.documents.tests import samples
from blangkon.vendors.models import Vendor


def vendor_for(
    organisation: Organisation, *, status: str = "verified", registered_by: User | None = None
) -> Vendor:
    return Vendor.objects.create(
        organisation=organisation, kind="perorangan", status=status, registered_by=registered_by
    )


def product_image_for(
    vendor: Vendor, *, uploader: User, status: str = "tayang", sku: str = "SBN-01"
) -> ProductImage:
    product = Product.objects.create(
        vendor=vendor,
        category=Category.objects.filter(parent__isnull=False).order_by("pk")[0],
        sku=sku,
        name="Sabun cuci batangan",
        unit=Unit.objects.get(code="buah"),
        price=15_000,
        status=status,
    )
    image = stored_file_create(
        actor=uploader,
        owner=vendor.organisation,
        kind="product_image",
        upload=samples.upload("sabun.png", samples.png((400, 300))),
    )
    return ProductImage.objects.create(
        product=product, file=image, thumbnail=thumbnail_create(source=image)
    )


def document_for(organisation: Organisation, *, uploader: User, kind: str = "ktp") -> StoredFile:
    return stored_file_create(
        actor=uploader,
        owner=organisation,
        kind=kind,
        upload=samples.upload("ktp.pdf", samples.pdf()),
    )
