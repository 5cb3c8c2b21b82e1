"""Bulk upload and export, mounted at produk/ in config/urls.py (after the
catalog's own routes, which do not use these paths)."""

from django.urls import path

from blangkon.catalog import bulk_views

app_name = "catalog_bulk"
urlpatterns = [
    path("unggah/", bulk_views.upload, name="upload"),
    path(
        "unggah/templat/<slug:category_slug>.xlsx",
        bulk_views.template_download,
        name="template",
    ),
    path("unggah/<int:upload_id>/", bulk_views.progress, name="progress"),
    path("unggah/<int:upload_id>/kesalahan.xlsx", bulk_views.error_report, name="error-report"),
    path("saya/ekspor.xlsx", bulk_views.export_xlsx, name="export-xlsx"),
    path("saya/ekspor.csv", bulk_views.export_csv, name="export-csv"),
]
