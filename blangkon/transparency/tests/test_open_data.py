"""The open-data files: written by the job from real orders, twice (the same
files and rows, one row per name), checked against their SHA-256, read back
(CSV, XLSX, JSON with its licence), free of personal data; the page that lists
them with the publication policy; the province admin's button."""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.transparency.models import PublishedFile
from blangkon.transparency.tasks import opendata_publish_task
from blangkon.transparency.tests.personal_data import FORBIDDEN, plant_personal_data

__all__ = ["market"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def orders(market: Market) -> dict[str, Any]:
    plant_personal_data(market.batang_vendor)
    atk = live_product(market)
    return {
        "bast": make_order(market, S.BAST_DITANDATANGANI, atk, 4),
        "declined": make_order(market, S.DITOLAK, atk, 2),
        "waiting": make_order(market, S.MENUNGGU_PERSETUJUAN, atk, 1),
    }


def content(published: PublishedFile, media: Path) -> bytes:
    return (media / published.path).read_bytes()


def test_the_job_writes_every_file_twice_the_same(orders, media: Path) -> None:
    year = timezone.localdate().year
    first = opendata_publish_task.call()
    assert first == {"written": 6, "removed": 0, "skipped": False}
    names = sorted(PublishedFile.objects.values_list("name", flat=True))
    assert names == sorted(
        f"blangkon-transaksi-{which}.{ext}"
        for which in ("semua", str(year))
        for ext in ("csv", "xlsx", "json")
    )
    before = {p.name: p.sha256 for p in PublishedFile.objects.all()}
    assert opendata_publish_task.call() == first
    assert PublishedFile.objects.count() == 6
    for published in PublishedFile.objects.all():
        data = content(published, media)
        assert published.rows == 2  # the BAST and the declined order; not the unsigned one
        assert published.size == len(data)
        assert published.sha256 == hashlib.sha256(data).hexdigest()
        if published.format != "json":  # JSON names its own writing time
            assert published.sha256 == before[published.name] or published.format == "xlsx"
    # No temporary file left beside them.
    assert sorted(path.name for path in (media / "opendata").iterdir()) == names


def test_the_files_read_back_without_personal_data(orders, media: Path) -> None:
    call_command("opendata_publish", stdout=io.StringIO())
    files = {p.format: content(p, media) for p in PublishedFile.objects.filter(fiscal_year=None)}
    table = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert sorted(line[0] for line in table[1:]) == sorted(
        [orders["bast"].number, orders["declined"].number]
    )
    document = json.loads(files["json"])
    assert document["license"] == "CC-BY-4.0"
    assert document["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [row["number"] for row in document["transactions"]] == [
        orders["bast"].number,
        orders["declined"].number,
    ]
    assert document["transactions"][0]["total"] == 100_000
    assert document["transactions"][1]["status"] == "ditolak"
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"])).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        orders["bast"].number,
        orders["declined"].number,
    ]
    with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as archive:
        xlsx_text = " ".join(archive.read(name).decode() for name in archive.namelist())
    for text in (files["csv"].decode(), files["json"].decode(), xlsx_text):
        assert "CV Sumber Rejeki" in text
        for value in FORBIDDEN:
            assert value not in text, value


def test_the_page_lists_the_files_and_serves_them(client: Client, orders, media: Path) -> None:
    empty = client.get("/open-data/")
    assert empty.status_code == 200
    assert "data-files" not in empty.content.decode()
    opendata_publish_task.call()
    page = client.get("/open-data/")
    text = page.content.decode()
    for published in PublishedFile.objects.all():
        assert f'data-file="{published.name}"' in text
        assert published.sha256 in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "CC BY 4.0" in text
    assert "/api/v1/open-data/ocds/releases.json" in text
    for endpoint in ("/api/v1/transactions", "/api/v1/stats/summary"):
        assert endpoint in text
    for law in ("UU 27/2022", "UU 14/2008"):
        assert law in text
    published = PublishedFile.objects.get(name="blangkon-transaksi-semua.csv")
    response = client.get(f"/open-data/unduh/{published.name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    streamed: Any = response
    assert hashlib.sha256(b"".join(streamed.streaming_content)).hexdigest() == published.sha256
    assert client.get("/open-data/unduh/blangkon-transaksi-1999.csv").status_code == 404
    assert client.get("/open-data/unduh/..%2F..%2Fsettings.py").status_code == 404


def test_only_a_province_admin_may_write_them_again(
    client: Client, orders, django_capture_on_commit_callbacks
) -> None:
    client.force_login(User.objects.get(username="admin.batang"))
    assert "opendata/terbitkan" not in client.get("/open-data/").content.decode()
    assert client.post("/open-data/terbitkan/").status_code == 403
    assert not PublishedFile.objects.exists()
    client.force_login(User.objects.get(username="admin.provinsi"))
    assert "/open-data/terbitkan/" in client.get("/open-data/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open-data/terbitkan/")
    assert response.status_code == 302
    assert PublishedFile.objects.count() == 6
    assert AuditEvent.objects.filter(action="opendata.publish_requested").count() == 1
