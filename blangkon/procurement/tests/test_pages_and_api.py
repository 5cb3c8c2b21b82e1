"""The province admin's pages (/aturan/) and the public API."""

import datetime

import pytest
from django.utils import timezone

from blangkon.audit.models import AuditEvent
from blangkon.procurement.models import HolidayDate, ProcurementRule
from conftest import World

pytestmark = pytest.mark.django_db

D = datetime.date


def _form(start: datetime.date, **changes: str) -> dict[str, str]:
    data = {
        "effective_from": start.isoformat(),
        "ceiling_rupiah": "Rp 60.000.000",
        "splitting_window_days": "30",
        "near_ceiling_low_percent": "90",
        "near_ceiling_high_percent": "100",
        "repeat_window_days": "7",
        "vendor_response_working_days": "3",
        "ppk_signature_working_days": "3",
        "negotiation_expiry_working_days": "3",
        "payment_due_working_days": "10",
        "payment_reminder_working_days": "3, 1, 0",
        "note": "Uji",
    }
    return data | changes


def test_the_admin_sees_the_versions_and_adds_one(world: World, client_for) -> None:
    client = client_for(world.user("admin.provinsi"))
    page = client.get("/aturan/")
    assert page.status_code == 200
    assert b"Rp50.000.000" in page.content
    assert b"badge-ok" in page.content  # the version in force is marked
    start = timezone.localdate() + datetime.timedelta(days=5)
    answer = client.post("/aturan/tambah/", _form(start))
    assert answer.status_code == 302
    row = ProcurementRule.objects.get(effective_from=start)
    assert row.ceiling_rupiah == 60_000_000
    listed = client.get("/aturan/")
    assert f"/aturan/{row.pk}/hapus/".encode() in listed.content  # upcoming: deletable
    client.post(f"/aturan/{row.pk}/hapus/")
    assert not ProcurementRule.objects.filter(pk=row.pk).exists()


def test_a_past_date_on_the_form_is_shown_as_an_error(world: World, client_for) -> None:
    client = client_for(world.user("admin.provinsi"))
    answer = client.post("/aturan/tambah/", _form(D(2021, 1, 1)))
    assert answer.status_code == 200
    assert answer.context["form"].errors["effective_from"]
    assert b"error-summary" in answer.content
    assert not ProcurementRule.objects.filter(effective_from=D(2021, 1, 1)).exists()


@pytest.mark.parametrize("name", ["admin.batang", "auditor.provinsi"])
def test_staff_read_but_may_not_write(world: World, client_for, name: str) -> None:
    client = client_for(world.user(name))
    page = client.get("/aturan/")
    assert page.status_code == 200
    assert b"/aturan/tambah/" not in page.content
    assert client.get("/aturan/hari-libur/?tahun=2026").status_code == 200
    start = timezone.localdate() + datetime.timedelta(days=5)
    assert client.post("/aturan/tambah/", _form(start)).status_code == 403
    holiday = HolidayDate.objects.get(date=D(2026, 3, 24))
    assert client.post(f"/aturan/hari-libur/{holiday.pk}/hapus/").status_code == 403
    assert ProcurementRule.objects.count() == 1
    holiday.refresh_from_db()
    assert not holiday.is_working_day_override
    assert not AuditEvent.objects.filter(action__startswith="procurement.").exists()


@pytest.mark.parametrize("name", ["ppk.batang", "pemilik.vendor", "pendamping.batang"])
def test_others_are_told_the_pages_do_not_exist(world: World, client_for, name: str) -> None:
    client = client_for(world.user(name))
    assert client.get("/aturan/").status_code == 404
    assert client.get("/aturan/hari-libur/").status_code == 404


def test_the_admin_edits_the_calendar(world: World, client_for) -> None:
    client = client_for(world.user("admin.provinsi"))
    page = client.get("/aturan/hari-libur/?tahun=2026")
    assert page.status_code == 200
    assert "Cuti Bersama Hari Raya Idul Fitri" in page.content.decode()
    answer = client.post(
        "/aturan/hari-libur/tambah/",
        {"date": "2026-03-25", "name": "Cuti Bersama tambahan", "kind": "cuti_bersama"},
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith("?tahun=2026")
    assert HolidayDate.objects.get(date=D(2026, 3, 25)).source == "admin"
    package_day = HolidayDate.objects.get(date=D(2026, 3, 24))
    client.post(f"/aturan/hari-libur/{package_day.pk}/hapus/", {"tahun": "2026"})
    package_day.refresh_from_db()
    assert package_day.is_working_day_override
    assert b"/pulihkan/" in client.get("/aturan/hari-libur/?tahun=2026").content
    refused = client.post(
        "/aturan/hari-libur/tambah/", {"date": "2026-03-28", "name": "x", "kind": "local"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["date"]


def test_the_navigation_links_the_rules_for_the_province_admin_only(
    world: World, client_for
) -> None:
    assert b'href="/aturan/"' in client_for(world.user("admin.provinsi")).get("/").content
    assert b'href="/aturan/"' not in client_for(world.user("admin.batang")).get("/").content


def test_the_api_lists_the_versions_publicly(client) -> None:
    answer = client.get("/api/v1/procurement/rules")
    assert answer.status_code == 200
    body = answer.json()
    assert body["current"]["ceiling_rupiah"] == 50_000_000
    assert body["versions"][0]["effective_from"] == "2020-01-01"
    assert "created_by" not in body["current"]


def test_the_api_counts_working_days(client) -> None:
    answer = client.get(
        "/api/v1/procurement/working-days", {"from": "2025-03-27", "to": "2025-04-10"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["from"], body["to"]) == ("2025-03-27", "2025-04-10")
    assert body["working_days"] == 4  # 27 March, 8, 9 and 10 April
    assert [d["date"] for d in body["non_working_weekdays"]][:2] == ["2025-03-28", "2025-03-31"]


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2025-04-10", "to": "2025-03-27"},
        {"from": "2020-01-01", "to": "2025-01-01"},
        {"from": "1900-01-01", "to": "1900-01-02"},
        {"from": "x", "to": "2025-01-01"},
    ],
)
def test_the_api_refuses_bad_ranges(client, query: dict[str, str]) -> None:
    answer = client.get("/api/v1/procurement/working-days", query)
    assert answer.status_code == 400
    assert answer.json()["code"]


def test_the_audit_log_reads_the_changes_as_sentences(world: World, client_for) -> None:
    client = client_for(world.user("admin.provinsi"))
    start = timezone.localdate() + datetime.timedelta(days=5)
    client.post("/aturan/tambah/", _form(start))
    holiday = HolidayDate.objects.get(date=D(2026, 3, 24))
    client.post(f"/aturan/hari-libur/{holiday.pk}/hapus/")
    page = client.get("/audit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "menambahkan versi aturan pengadaan" in text
    assert "hari kerja" in text


def test_the_payment_clock_is_part_of_a_new_version(world: World, client_for) -> None:
    client = client_for(world.user("admin.provinsi"))
    page = client.get("/aturan/")
    assert page.context["form"].initial["payment_reminder_working_days"] == "3, 1, 0"
    start = timezone.localdate() + datetime.timedelta(days=6)
    changed = {"payment_due_working_days": "7", "payment_reminder_working_days": "2,5"}
    assert client.post("/aturan/tambah/", _form(start, **changed)).status_code == 302
    row = ProcurementRule.objects.get(effective_from=start)
    assert (row.payment_due_working_days, row.payment_reminder_working_days) == (7, "5,2")
    # A reminder as far as the deadline, or not a number, is refused on its field.
    for reminders in ("10", "3, x"):
        later = start + datetime.timedelta(days=1)
        answer = client.post(
            "/aturan/tambah/", _form(later, payment_reminder_working_days=reminders)
        )
        assert answer.status_code == 200
        assert answer.context["form"].errors["payment_reminder_working_days"]
    api = client.get("/api/v1/procurement/rules").json()
    assert api["current"]["payment_due_working_days"] == 10
    assert api["current"]["payment_reminder_working_days"] == [3, 1, 0]
