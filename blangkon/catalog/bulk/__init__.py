"""Bulk XLSX upload and export of a vendor's products.

- `columns`: the spreadsheet layout shared by the template, the importer, the
  error report and the export, so a vendor can export, edit and upload again.
- `safety`: checks on ZIP containers (XLSX is one) before anything opens them.
- `template`: the downloadable template per category.
- `lookups`: category, unit and kab/kota by name or code, as the dropdowns show them.
- `rows`: one spreadsheet row to a `ProductInput`, or every reason it is not one.
- `importer`: runs an upload (the background task calls `bulk_upload_process`).
- `images`: attaches the images of a ZIP whose file names are SKUs.
- `exporter`: the vendor's products as XLSX and CSV, formula injection neutralised.
- `services` / `selectors`: the writes and permission-aware reads used by the
  pages and the API.
- `sample`: deterministic generated workbooks for tests and `make bench`.
"""
