"""Permission-aware reads for bulk uploads, templates and exports.

Only the vendor's own owner and staff see an upload; anyone else (another
vendor, an official) is told it does not exist (NotFound, 404).
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from blangkon.accounts.models import User
from blangkon.catalog.bulk.columns import ordered_errors
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


# Failed rows listed on the progress page; the error report has all of them.
ROW_ERRORS_SHOWN = 100


@dataclass(frozen=True)
class RowProblems:
    number: int  # the row number in the sheet (the header is row 1)
    problems: list[tuple[str, str]]  # (column header, or "" for the whole row; message)


def bulk_upload_row_errors(*, upload: BulkUpload) -> list[RowProblems]:
    """Why the first ROW_ERRORS_SHOWN failed rows of a finished upload were not
    imported, every problem of each, in the order of the columns. The upload
    comes from `bulk_upload_get_for_user`, which checked who may see it."""
    if not upload.is_finished or not upload.failed_count:
        return []
    rows = upload.row_errors.order_by("row_number").values_list("row_number", "errors")
    return [
        RowProblems(number=number, problems=ordered_errors(errors))
        for number, errors in rows[:ROW_ERRORS_SHOWN]
    ]


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
