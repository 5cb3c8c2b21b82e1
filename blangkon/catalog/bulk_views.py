"""Pages for bulk upload and export of a vendor's products. Thin: parse, call
one selector or service, render or respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from blangkon.accounts.forms import apply_domain_error
from blangkon.accounts.models import User
from blangkon.catalog.bulk import exporter, selectors, services
from blangkon.catalog.bulk.forms import BulkUploadForm
from blangkon.catalog.bulk.template import template_build
from blangkon.catalog.product_selectors import leaf_categories, vendor_for_user
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.http import client_ip
from blangkon.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from blangkon.documents.storage import file_open


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form, the templates per category and the recent uploads."""
    user = _user(request)
    vendor = vendor_for_user(user=user)
    form = (
        BulkUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else BulkUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulk_upload = services.bulk_upload_create(
                actor=user,
                upload=form.cleaned_data["file"],
                images=form.cleaned_data["images"],
                ip_address=client_ip(request),
            )
        except NotFound:
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The file was received; its rows are being imported."))
            return redirect("catalog_bulk:progress", upload_id=bulk_upload.pk)
    return render(
        request,
        "catalog/bulk/upload.html",
        {
            "form": form,
            "vendor": vendor,
            "categories": leaf_categories(),
            "uploads": selectors.bulk_uploads_for_user(user=user)[:10],
        },
    )


@require_GET
def template_download(request: HttpRequest, category_slug: str) -> HttpResponse:
    """The XLSX template of one leaf category (public: it holds no data)."""
    category = selectors.template_category(category_slug=category_slug)
    leaves, regions = selectors.template_reference()
    content = template_build(
        category=category,
        leaves=leaves,
        units=list(category.units.all()),
        regions=regions,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, f"templat-{category.slug}.xlsx")


@login_required
@require_GET
def progress(request: HttpRequest, upload_id: int) -> HttpResponse:
    """The progress and result of one upload, with every problem of the rows
    that were not imported once it is finished. HTMX polls the same URL for the
    partial every second until the upload is finished."""
    bulk_upload = selectors.bulk_upload_get_for_user(user=_user(request), upload_id=upload_id)
    partial = request.headers.get("HX-Request") == "true"
    template = "catalog/bulk/_progress.html" if partial else "catalog/bulk/progress.html"
    context = {
        "upload": bulk_upload,
        "row_errors": selectors.bulk_upload_row_errors(upload=bulk_upload),
        "row_errors_shown": selectors.ROW_ERRORS_SHOWN,
    }
    return render(request, template, context)


@login_required
@require_GET
def error_report(request: HttpRequest, upload_id: int) -> FileResponse:
    """The XLSX of the failed rows of one upload."""
    bulk_upload = selectors.bulk_upload_get_for_user(user=_user(request), upload_id=upload_id)
    if bulk_upload.error_report is None:
        raise NotFound
    response = FileResponse(
        file_open(bulk_upload.error_report.path),
        content_type=XLSX_CONTENT_TYPE,
        as_attachment=True,
        filename=f"kesalahan-unggah-{bulk_upload.pk}.xlsx",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _export_name(extension: str) -> str:
    return f"produk-{timezone.localdate():%Y%m%d}.{extension}"


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The vendor's products in the template's columns, as XLSX."""
    user = _user(request)
    vendor_for_user(user=user)
    content = exporter.export_xlsx(selectors.products_for_export(user=user))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, _export_name("xlsx"))


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The vendor's products in the template's columns, as CSV (UTF-8)."""
    user = _user(request)
    vendor_for_user(user=user)
    response = StreamingHttpResponse(
        exporter.export_csv(selectors.products_for_export(user=user).iterator(chunk_size=500)),
        content_type=CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
