"""The INAPROC import on the real sample (30 packages of Kab. Bandung, 2025):
created, re-imported, a status moved; bad files refused whole; satkers of ours
matched to OPDs or mapped by their admin; the packages in the statistics."""

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError, NotFound
from blangkon.inaproc.models import Package, Satker
from blangkon.inaproc.records import PackageFileError
from blangkon.inaproc.services import packages_import, satker_map
from blangkon.inaproc.tests.samples import SAMPLE, sample
from blangkon.transparency.aggregation import stats_rebuild
from blangkon.transparency.models import DailyTotals
from conftest import World

SAMPLE_VALUE = 4_378_101_871  # the 30 packages' total_harga
STATS = "/api/v1/stats/summary"


@pytest.fixture(autouse=True)
def english() -> Any:
    """The services' messages in English (the pages are checked in Indonesian)."""
    with translation.override("en"):
        yield


def ours(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of a real record moved to Kab. Batang (one of this province's)."""
    moved = copy.deepcopy(record)
    moved.update(
        {"jenis_instansi": "KABUPATEN", "nama_instansi": "Kab. Batang", "kd_klpd": "D40"},
        **changes,
    )
    return moved


def refused(records: Any) -> str:
    """Import that must be refused; the problems, one per line."""
    with pytest.raises(PackageFileError) as caught:
        packages_import(records, actor=None)
    assert Package.objects.count() == 0
    assert Satker.objects.count() == 0
    return "\n".join(caught.value.problems)


@pytest.mark.django_db
def test_the_real_sample_imports_once_and_reimports_as_unchanged(world: World) -> None:
    admin = world.user("admin.provinsi")
    first = packages_import(sample(), actor=admin, source=SAMPLE.name)
    assert (first.created, first.updated, first.unchanged) == (30, 0, 0)
    assert first.outside == 30
    assert first.unmatched == []
    package = Package.objects.get(kd_paket="01K32QD12XPKKTQMJ6E33ADS47")
    assert package.total_harga == 28_578_060
    assert package.tgl_order.isoformat() == "2025-08-27"
    assert len(package.product_ids) == 9
    assert package.status_pkt == "ON_PROCESS"
    # Kab. Bandung is not of Jawa Tengah: kept under its own name, no region, no OPD.
    satker = package.satker
    assert (satker.nama_instansi, satker.region_id, satker.opd_id) == ("Kab. Bandung", None, None)

    again = packages_import(sample(), actor=admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert AuditEvent.objects.filter(action="inaproc.import").count() == 2
    event = AuditEvent.objects.filter(action="inaproc.import").earliest("id")
    assert event.details["created"] == 30
    assert event.actor == admin


@pytest.mark.django_db
def test_a_changed_status_updates_exactly_that_package(world: World) -> None:
    packages_import(sample(), actor=None)
    before = {p.kd_paket: p.updated_at for p in Package.objects.all()}
    records = sample()
    records[4]["status_pkt"] = "COMPLETED"
    result = packages_import(records, actor=None)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 29)
    moved = Package.objects.get(kd_paket=records[4]["kd_paket"])
    assert moved.status_pkt == "COMPLETED"
    changed = [p.kd_paket for p in Package.objects.all() if p.updated_at != before[p.kd_paket]]
    assert changed == [records[4]["kd_paket"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r[2].pop("total_harga"),
            "Record 3 (kd_paket {k2}): missing fields: total_harga",
        ),
        (lambda r: r[2].update(total_harga="28578060"), "{k2}): total_harga must be a whole"),
        (lambda r: r[2].update(total_harga=-5), "{k2}): total_harga must be between 0"),
        (lambda r: r[2].update(jml_produk=True), "{k2}): jml_produk must be a whole number"),
        (lambda r: r[2].update(tgl_order="27/08/2025"), "{k2}): tgl_order must be a date"),
        (lambda r: r[2].update(status_pkt="CANCELLED"), "{k2}): status_pkt must be one of"),
        (lambda r: r[2].update(product_ids="not-a-uuid"), "{k2}): product_ids must be product"),
        (
            lambda r: r[5].update(kd_paket=r[2]["kd_paket"]),
            "Record 6 (kd_paket {k2}): kd_paket repeats record 3",
        ),
        (lambda r: r.__setitem__(2, "text"), "Record 3: is not an object"),
        (lambda r: r[2].update(nama_satker="BADAN\x00"), "{k2}): nama_satker must not contain"),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_imported(change: Any, expected: str) -> None:
    records = sample()
    k2 = records[2]["kd_paket"]
    change(records)
    assert expected.format(k2=k2) in refused(records)


@pytest.mark.django_db
def test_every_bad_record_is_listed() -> None:
    records = sample()
    records[0]["ongkir"] = None
    records[29]["status_pengiriman"] = "LOST"
    problems = refused(records).splitlines()
    assert len(problems) == 2
    assert problems[0].startswith("Record 1 ")
    assert problems[1].startswith("Record 30 ")


@pytest.mark.django_db
def test_a_file_that_is_no_list_of_packages_is_refused() -> None:
    assert "JSON list" in refused({"data": sample()})
    assert "Record 1: is not an object" in refused([1, 2, 3])
    assert "no package records" in refused([])


@pytest.mark.django_db
def test_the_command_reports_counts_and_bad_files(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_inaproc", str(SAMPLE), stdout=out)
    assert "Created 30, updated 0, unchanged 0" in out.getvalue()
    call_command("import_inaproc", str(SAMPLE), stdout=out)
    assert "Created 0, updated 0, unchanged 30" in out.getvalue()

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_inaproc", str(deep))
    broken = tmp_path / "broken.json"
    broken.write_text('[{"kd_paket": "X"')
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_inaproc", str(broken))
    records = sample()
    records[7]["total_harga"] = -1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(records))
    with pytest.raises(CommandError, match=r"Record 8 \(kd_paket .*\): total_harga"):
        call_command("import_inaproc", str(bad))
    with pytest.raises(CommandError, match="missing.json"):
        call_command("import_inaproc", str(tmp_path / "missing.json"))
    assert Package.objects.count() == 30


@pytest.mark.django_db
def test_the_officials_name_is_never_stored() -> None:
    records = sample()
    records[0]["nama_pemesan"] = "Budi Santoso Pejabat"
    packages_import(records, actor=None)
    stored = str(list(Package.objects.values())) + str(list(Satker.objects.values()))
    assert "Budi Santoso" not in stored


@pytest.mark.django_db
def test_satkers_of_ours_match_an_opd_or_wait_for_their_admin(world: World) -> None:
    real = sample()
    records = [
        # "DIN. KOPERASI DAN UKM" is Batang's "Dinas Koperasi dan UKM".
        ours(real[0], nama_satker="DIN. KOPERASI DAN UKM", kd_satker_str="33.25.1"),
        ours(real[1], nama_satker="BADAN PENDAPATAN DAERAH", kd_satker_str="33.25.2"),
        ours(
            real[2],
            jenis_instansi="PROVINSI",
            nama_instansi="Provinsi Jawa Tengah",
            kd_klpd="D33",
            nama_satker="DINAS PENDIDIKAN",
            kd_satker_str="33.0.1",
        ),
        real[3],
    ]
    result = packages_import(records, actor=None)
    matched = Satker.objects.get(kd_satker_str="33.25.1")
    assert (matched.region_id, matched.opd) == ("33.25", world.opd_batang)
    unmatched = Satker.objects.get(kd_satker_str="33.25.2")
    assert (unmatched.region_id, unmatched.opd_id) == ("33.25", None)
    province = Satker.objects.get(kd_satker_str="33.0.1")
    assert (province.region_id, province.opd_id) == ("33", None)
    assert [s.kd_satker_str for s in result.unmatched] == ["33.25.2", "33.0.1"]
    assert result.outside == 1

    # Kendal's admin does not know Batang's satker; Batang's admin maps it.
    with pytest.raises(NotFound):
        satker_map(
            actor=world.user("admin.kendal"), satker_id=unmatched.pk, opd_id=world.opd_kendal.pk
        )
    satker_map(actor=world.user("admin.batang"), satker_id=unmatched.pk, opd_id=world.opd_batang.pk)
    unmatched.refresh_from_db()
    assert unmatched.opd == world.opd_batang
    assert AuditEvent.objects.filter(action="inaproc.satker_mapped").count() == 1
    # Re-importing keeps the admin's mapping.
    packages_import(records, actor=None)
    unmatched.refresh_from_db()
    assert unmatched.opd == world.opd_batang


@pytest.mark.django_db
def test_an_opd_of_another_pemda_is_refused(world: World) -> None:
    packages_import([ours(sample()[0], nama_satker="BAPPEDA")], actor=None)
    satker = Satker.objects.get()
    with pytest.raises(DomainError):
        satker_map(
            actor=world.user("admin.provinsi"), satker_id=satker.pk, opd_id=world.opd_kendal.pk
        )
    satker.refresh_from_db()
    assert satker.opd_id is None


@pytest.mark.django_db
def test_the_mapping_pages(world: World, client: Client) -> None:
    packages_import([ours(sample()[0], nama_satker="BAPPEDA", kd_satker_str="33.25.9")], actor=None)
    satker = Satker.objects.get()
    url = f"/inaproc/satker/{satker.pk}/petakan/"
    client.force_login(world.user("admin.kendal"))
    page = client.get("/inaproc/satker/")
    assert page.status_code == 200
    assert "BAPPEDA" not in page.content.decode()
    assert client.post(url, {"opd": world.opd_kendal.pk}).status_code == 404
    client.force_login(world.user("pp.batang"))
    assert client.get("/inaproc/satker/").status_code == 404
    client.force_login(world.user("admin.batang"))
    page = client.get("/inaproc/satker/")
    assert "BAPPEDA" in page.content.decode()
    assert client.post(url, {"opd": world.opd_batang.pk}).status_code == 302
    satker.refresh_from_db()
    assert satker.opd == world.opd_batang
    assert "33.25.9" not in client.get("/inaproc/satker/").content.decode()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


@pytest.mark.django_db
def test_the_upload_page(world: World, client: Client) -> None:
    client.force_login(world.user("admin.batang"))
    assert client.get("/inaproc/impor/").status_code == 404
    client.force_login(world.user("admin.provinsi"))
    assert client.get("/inaproc/impor/").status_code == 200

    page = client.post("/inaproc/impor/", {"file": upload("paket.json", b"{not json")})
    assert page.status_code == 400
    assert "bukan JSON" in page.content.decode()
    records = sample()
    records[3]["kd_paket"] = records[1]["kd_paket"]
    page = client.post(
        "/inaproc/impor/", {"file": upload("paket.json", json.dumps(records).encode())}
    )
    assert page.status_code == 400
    assert "Data ke-4" in page.content.decode()
    page = client.post("/inaproc/impor/", {"file": upload("paket.xlsx", SAMPLE.read_bytes())})
    assert page.status_code == 400
    assert Package.objects.count() == 0

    page = client.post("/inaproc/impor/", {"file": upload(SAMPLE.name, SAMPLE.read_bytes())})
    assert page.status_code == 200
    assert Package.objects.count() == 30
    assert 'data-testid="created">30<' in page.content.decode()


@pytest.mark.django_db
def test_packages_count_in_the_statistics(world: World, client: Client) -> None:
    real = sample()
    batang = ours(real[0], nama_satker="DINAS KOPERASI DAN UKM", kd_satker_str="33.25.1")
    packages_import([*real[1:], batang], actor=None)
    inaproc = client.get(STATS, {"channel": "inaproc"}).json()
    assert inaproc["transactions"] == {"count": 30, "value": SAMPLE_VALUE}
    # Only Batang's package has a kab/kota; Kab. Bandung's count in the totals only.
    assert inaproc["by_kab_kota"] == [
        {"code": "33.25", "name": "Kabupaten Batang", "value": real[0]["total_harga"], "count": 1}
    ]
    assert inaproc["by_opd"][0]["opd"] == "Dinas Koperasi dan UKM"
    assert inaproc["by_category"] == [
        {"category": "Tanpa kategori (INAPROC)", "slug": "", "value": SAMPLE_VALUE}
    ]
    assert sum(month["value"] for month in inaproc["by_month"]) == SAMPLE_VALUE
    assert inaproc["regions"]["transacting"] == 1
    batang_only = client.get(STATS, {"channel": "inaproc", "kab_kota": "33.25"}).json()
    assert batang_only["transactions"] == {"count": 1, "value": real[0]["total_harga"]}
    both = client.get(STATS, {"channel": "all"}).json()
    own = client.get(STATS, {"channel": "blangkon"}).json()
    assert both["transactions"]["count"] == own["transactions"]["count"] + 30
    assert both["transactions"]["value"] == own["transactions"]["value"] + SAMPLE_VALUE

    # A rebuild writes the same rows; a changed total is counted at once.
    rows = sorted(DailyTotals.objects.values_list("day", "kab_kota", "opd", "orders", "value"))
    stats_rebuild()
    after = sorted(DailyTotals.objects.values_list("day", "kab_kota", "opd", "orders", "value"))
    assert rows == after
    real[1]["total_harga"] += 1_000
    packages_import(real[1:2], actor=None)
    inaproc = client.get(STATS, {"channel": "inaproc"}).json()
    assert inaproc["transactions"]["value"] == SAMPLE_VALUE + 1_000

    dashboard = client.get("/transparansi/", {"channel": "inaproc"})
    assert dashboard.status_code == 200
    assert "Kabupaten Batang" in dashboard.content.decode()
