"""Benchmark: import a generated 10,000-row XLSX through the bulk upload path.

Run with `make bench`. It uses its own database, `blangkon_bench` (created and
migrated when missing) on the same server as DATABASE_URL, or on the embedded
PostgreSQL, so development data is never touched. Each run adds a new vendor
and its 10,000 products; uploaded files go to a temporary folder.

Measured (wall clock, one process, no other load):
1. the request-side check of the upload page: ZIP inspection, header check and
   the row count (`importer.count_data_rows`);
2. the import: `importer.bulk_upload_process`, the function the background task
   runs — the product form's validation per row, new products written per chunk, the error
   report stored at the end;
then peak RSS of the process, and in a second run with tracemalloc the peak of
Python allocations during an import (tracing slows Python down, so that run is
not timed for the figures).

Prints the figures and writes them into docs/performance.md between the
`bench:bulk_import` markers.
"""

import atexit
import datetime
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import cpu_and_memory  # noqa: E402
from bench.report import DOC, write_section  # noqa: E402

ROWS = 10_000
BAD_EVERY = 100  # about 1 % of the rows carry a defect and land in the error report
DATABASE = "blangkon_bench"
TARGET_SECONDS = 20
TARGET_MB = 300


def _bench_url() -> str:
    """DATABASE_URL (or the embedded server's) with the database renamed."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        from blangkon.core.embedded_db import embedded_database_url

        url = embedded_database_url(Path(os.environ.get("BLANGKON_VAR_DIR", ROOT / "var")))
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def _ensure_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def setup() -> None:
    os.environ.setdefault("BLANGKON_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = _bench_url()
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    media = tempfile.mkdtemp(prefix="blangkon-bench-")
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    os.environ["MEDIA_ROOT"] = media

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def make_upload(content: bytes, run: str, total_rows: int) -> int:
    """A vendor of its own, its owner, the stored workbook and a QUEUED upload,
    as the upload page leaves them for the worker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from blangkon.accounts.models import Organisation, User
    from blangkon.accounts.roles import Role
    from blangkon.catalog.models import BulkUpload
    from blangkon.documents.models import DocumentKind
    from blangkon.documents.services import stored_file_create
    from blangkon.vendors.models import LegalForm, Vendor, VendorKind
    from blangkon.vendors.status import VendorStatus

    organisation = Organisation.objects.create(
        kind="vendor", name=f"CV Bench Sejahtera {run}", region_id="33.25"
    )
    owner = User.objects.create_user(
        username=f"bench.{run}", role=Role.VENDOR_OWNER, organisation=organisation
    )
    vendor = Vendor.objects.create(
        organisation=organisation,
        kind=VendorKind.BADAN_USAHA,
        legal_form=LegalForm.CV,
        status=VendorStatus.VERIFIED,
        is_pkp=True,
    )
    stored = stored_file_create(
        actor=owner,
        owner=organisation,
        kind=DocumentKind.BULK_UPLOAD,
        upload=SimpleUploadedFile("bench.xlsx", content),
    )
    return BulkUpload.objects.create(
        vendor=vendor, uploaded_by=owner, file=stored, total_rows=total_rows
    ).pk


def machine() -> dict[str, str]:
    cpu, memory = cpu_and_memory()
    nproc = len(os.sched_getaffinity(0))  # what `nproc` prints
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "nproc": str(nproc),
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "memory": memory,
        "python": platform.python_version(),
        "postgres": postgres,
    }


def write_doc(text: str) -> None:
    write_section("bulk_import", text)


def main() -> None:
    setup()
    import io

    from blangkon.catalog.bulk.importer import CHUNK_ROWS, bulk_upload_process, count_data_rows
    from blangkon.catalog.bulk.sample import sample_rows

    load = os.getloadavg()[0]  # other work on the machine skews the figures
    started = time.perf_counter()
    sample = sample_rows(ROWS, bad_every=BAD_EVERY)
    generated = time.perf_counter() - started
    run = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started = time.perf_counter()
    counted = count_data_rows(io.BytesIO(sample.content))
    count_seconds = time.perf_counter() - started

    upload_id = make_upload(sample.content, f"{run}a", counted)
    started = time.perf_counter()
    upload = bulk_upload_process(upload_id)
    import_seconds = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Second import, traced, for the peak of Python allocations.
    traced_id = make_upload(sample.content, f"{run}b", counted)
    tracemalloc.start()
    bulk_upload_process(traced_id)
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    traced_mb = traced_peak / 1024 / 1024

    total_seconds = count_seconds + import_seconds
    facts = machine()
    rate = upload.processed_rows / import_seconds if import_seconds else 0.0
    size_kb = len(sample.content) / 1024
    rows = [
        (f"Upload check (inspect + count {counted:,} rows)", f"{count_seconds:.2f} s", ""),
        (
            f"Import ({upload.created_count:,} created, {upload.failed_count} failed)",
            f"{import_seconds:.2f} s ({rate:,.0f} rows/s)",
            "",
        ),
        ("**Total**", f"**{total_seconds:.2f} s**", f"≤ {TARGET_SECONDS} s"),
        (
            "Peak RSS of the process",
            f"{rss_peak:.0f} MB (before the import {rss_before:.0f} MB)",
            f"≤ {TARGET_MB} MB",
        ),
        ("Peak Python allocations (tracemalloc)", f"{traced_mb:.1f} MB", ""),
    ]
    verdict = (
        f"time {'within' if total_seconds <= TARGET_SECONDS else 'OVER'} target, "
        f"memory {'within' if rss_peak <= TARGET_MB else 'OVER'} target"
    )
    machine_line = (
        f"{facts['cpu']}, `nproc` = {facts['nproc']}, {facts['memory']} RAM, "
        f"Python {facts['python']}, PostgreSQL {facts['postgres']}; load average {load:.2f} "
        "when the run started"
    )
    report = [
        f"Bulk XLSX import of {ROWS:,} rows ({size_kb:.0f} KB), generated in {generated:.2f} s",
        *(f"  {step:<55} {value:>30} {target}" for step, value, target in rows),
        f"  {verdict}; machine: {machine_line}",
        f"Wrote {DOC.relative_to(ROOT)}",
    ]
    table = "\n".join(f"| {step} | {value} | {target} |" for step, value, target in rows)
    write_doc(
        f"""## Bulk XLSX import

`make bench` runs `bench/bulk_import.py`. It generates a deterministic {ROWS:,}-row workbook in
the template's columns ({size_kb:.0f} KB; rows cycle through the 28 categories with realistic
names, units and prices; one row in {BAD_EVERY} carries a defect, so {upload.failed_count} rows
end in the error report) and measures, in one process against its own database
`blangkon_bench`:

1. the upload page's check before anything is stored: ZIP inspection, header check and row
   count (`catalog.bulk.importer.count_data_rows`);
2. the import the background worker runs, `catalog.bulk.importer.bulk_upload_process`: every
   row checked by `catalog.services.validate_product_input` (the product form's rules), the
   new products of each {CHUNK_ROWS}-row chunk written together by
   `catalog.services.products_create_many`, rows that update an existing SKU through
   `product_upsert_by_sku` one by one, the error report stored at the end.

Peak RSS is `getrusage(RUSAGE_SELF).ru_maxrss` of the whole process (Django, openpyxl, the
generated workbook). The tracemalloc figure is the peak of Python allocations during a second,
traced import, which is not timed (tracing slows Python down).

Measured on {facts["date"]} on {machine_line}:

| Step | Result | Target |
|---|---|---|
{table}

"""
    )
    sys.stdout.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
