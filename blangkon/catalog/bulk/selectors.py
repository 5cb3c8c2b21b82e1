"""Permission-aware reads for bulk uploads, templates and exports.

Only the vendor's own owner and staff see an upload; anyone else (another
vendor, an official) is told it does not exist (NotFound, 404).
"""

from django.db.models import QuerySet

from blangkon.accounts.models import User
from blangkon.catalog.models import BulkUpload, Category, Product
from blangkon.catalog.product_selectors import is_vendor_user, products_of_vendor
from blangkon.core.errors import NotFound
from blangkon.regions.selectors import kab_kota_list


def bulk_uploads_for_user(*, user: User) -> QuerySet[BulkUpload]:
    """The uploads of the user's vendor, newest first."""
    if not is_vendor_user(user) or user.organisation_id is None:
        return BulkUpload.objects.none()
    return BulkUpload.objects.filter(vendor__organisation_id=user.organisation_id).select_related(
        "uploaded_by", "file", "error_report"
    )


def bulk_upload_get_for_user(*, user: User, upload_id: int) -> BulkUpload:
    """One upload of the user's own vendor; any other is NotFound."""
    upload = bulk_uploads_for_user(user=user).filter(pk=upload_id).first()
    if upload is None:
        raise NotFound
    return upload


def products_for_export(*, user: User) -> QuerySet[Product]:
    """The vendor user's own products with what the export columns need."""
    return products_of_vendor(user=user).prefetch_related("coverage").order_by("sku", "id")


def template_category(*, category_slug: str) -> Category:
    """A leaf category with its units, for its template; NotFound otherwise."""
    category = (
        Category.objects.filter(slug=category_slug, parent__isnull=False)
        .prefetch_related("units")
        .first()
    )
    if category is None:
        raise NotFound
    return category


def template_reference() -> tuple[list[Category], list[tuple[str, str]]]:
    """Every leaf category and every kab/kota (code, name) for the reference sheet."""
    leaves = list(
        Category.objects.filter(parent__isnull=False).order_by(
            "parent__position", "position", "name"
        )
    )
    regions = [(region.code, region.name) for region in kab_kota_list()]
    return leaves, regions
