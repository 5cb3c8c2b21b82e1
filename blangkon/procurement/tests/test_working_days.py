"""Working days around Idul Fitri 2025 and 2026, weekends, admin edits, and
the yearly import. The holiday dates are the `holidays` package's, as the
data migration loads them (national holidays and the cuti bersama of the
SKB 3 Menteri of 2025 and 2026)."""

import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError, Forbidden
from blangkon.procurement.models import HolidayDate, HolidayKind, HolidaySource
from blangkon.procurement.package import package_holidays
from blangkon.procurement.services import (
    holiday_add,
    holiday_remove,
    holiday_restore,
    holidays_import,
)
from blangkon.procurement.working_days import (
    add_working_days,
    is_working_day,
    working_days_between,
)
from conftest import World

pytestmark = pytest.mark.django_db

D = datetime.date
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_the_lebaran_2025_dates_are_loaded() -> None:
    kinds = dict(
        HolidayDate.objects.filter(date__range=(D(2025, 3, 28), D(2025, 4, 7))).values_list(
            "date", "kind"
        )
    )
    assert kinds == {
        D(2025, 3, 28): HolidayKind.CUTI_BERSAMA,  # Nyepi
        D(2025, 3, 31): HolidayKind.NATIONAL,  # Idul Fitri
        D(2025, 4, 1): HolidayKind.NATIONAL,
        D(2025, 4, 2): HolidayKind.CUTI_BERSAMA,
        D(2025, 4, 3): HolidayKind.CUTI_BERSAMA,
        D(2025, 4, 4): HolidayKind.CUTI_BERSAMA,
        D(2025, 4, 7): HolidayKind.CUTI_BERSAMA,
    }


def test_over_lebaran_2025_three_working_days_take_two_weeks() -> None:
    # Thursday 27 March; Friday 28 is cuti bersama Nyepi, then the weekend,
    # Idul Fitri (31 March, 1 April), cuti bersama to Monday 7 April.
    assert add_working_days(D(2025, 3, 27), 1) == D(2025, 4, 8)
    assert add_working_days(D(2025, 3, 27), 3) == D(2025, 4, 10)
    assert working_days_between(D(2025, 3, 27), D(2025, 4, 10)) == 3
    assert not is_working_day(D(2025, 4, 7))
    assert is_working_day(D(2025, 4, 8))


def test_a_datetime_deadline_ends_at_the_end_of_the_day_in_jakarta() -> None:
    # 20:00 UTC on 26 March is 03:00 on 27 March in Jakarta: counted from the 27th.
    start = datetime.datetime(2025, 3, 26, 20, 0, tzinfo=datetime.UTC)
    deadline = add_working_days(start, 3)
    assert deadline == datetime.datetime(2025, 4, 10, 23, 59, 59, 999999, tzinfo=JAKARTA)
    assert add_working_days(start, 0).date() == D(2025, 3, 27)


def test_over_lebaran_2026() -> None:
    # Tuesday 17 March; 18 cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama,
    # Idul Fitri on the weekend (21, 22), cuti bersama 23 and 24.
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 31)) == 7  # 16, 17, 25, 26, 27, 30, 31


def test_weekends_and_the_start_day_do_not_count() -> None:
    assert add_working_days(D(2025, 1, 10), 1) == D(2025, 1, 13)  # Friday -> Monday
    assert add_working_days(D(2025, 1, 11), 3) == D(2025, 1, 15)  # Saturday -> Wednesday
    assert add_working_days(D(2025, 1, 13), 3) == D(2025, 1, 16)  # Monday -> Thursday
    assert add_working_days(D(2025, 1, 13), 0) == D(2025, 1, 13)
    assert working_days_between(D(2025, 1, 10), D(2025, 1, 17)) == 5
    assert working_days_between(D(2025, 1, 17), D(2025, 1, 10)) == -5
    assert working_days_between(D(2025, 1, 13), D(2025, 1, 13)) == 0


def test_a_long_deadline_reads_past_the_first_span() -> None:
    start = D(2025, 1, 2)
    assert working_days_between(start, add_working_days(start, 200)) == 200


def test_an_admin_added_cuti_bersama_moves_the_deadline(world: World) -> None:
    admin = world.user("admin.provinsi")
    holiday_add(
        actor=admin,
        date=D(2026, 3, 25),
        name="Cuti Bersama Idul Fitri (SKB tambahan)",
        kind=HolidayKind.CUTI_BERSAMA,
    )
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 26)
    row = HolidayDate.objects.get(date=D(2026, 3, 25))
    assert row.source == HolidaySource.ADMIN
    assert AuditEvent.objects.filter(action="procurement.holiday_added").count() == 1
    holiday_remove(actor=admin, holiday_id=row.pk)
    assert not HolidayDate.objects.filter(date=D(2026, 3, 25)).exists()
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)


def test_a_package_holiday_marked_a_working_day(world: World) -> None:
    admin = world.user("admin.provinsi")
    row = HolidayDate.objects.get(date=D(2026, 3, 24))
    holiday_remove(actor=admin, holiday_id=row.pk)
    assert is_working_day(D(2026, 3, 24))
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 24)
    assert AuditEvent.objects.filter(action="procurement.holiday_removed").count() == 1
    holiday_restore(actor=admin, holiday_id=row.pk)
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)


def test_adding_a_weekend_or_an_existing_holiday_is_refused(world: World) -> None:
    admin = world.user("admin.provinsi")
    with pytest.raises(DomainError) as weekend:
        holiday_add(actor=admin, date=D(2026, 3, 28), name="x", kind=HolidayKind.LOCAL)
    assert "date" in weekend.value.fields
    with pytest.raises(DomainError):
        holiday_add(actor=admin, date=D(2026, 3, 24), name="x", kind=HolidayKind.LOCAL)
    with pytest.raises(DomainError) as too_early:
        holiday_add(actor=admin, date=D(2019, 3, 25), name="x", kind=HolidayKind.LOCAL)
    assert "date" in too_early.value.fields
    assert not AuditEvent.objects.filter(action__startswith="procurement.").exists()


@pytest.mark.parametrize("name", ["admin.batang", "auditor.provinsi", "pp.batang"])
def test_only_the_province_admin_edits_the_calendar(world: World, name: str) -> None:
    actor = world.user(name)
    row = HolidayDate.objects.get(date=D(2026, 3, 24))
    with pytest.raises(Forbidden):
        holiday_add(actor=actor, date=D(2026, 3, 25), name="x", kind=HolidayKind.LOCAL)
    with pytest.raises(Forbidden):
        holiday_remove(actor=actor, holiday_id=row.pk)
    assert not HolidayDate.objects.filter(date=D(2026, 3, 25)).exists()
    row.refresh_from_db()
    assert not row.is_working_day_override
    assert not AuditEvent.objects.filter(action__startswith="procurement.").exists()


def test_the_import_is_idempotent_and_keeps_admin_edits(world: World) -> None:
    admin = world.user("admin.provinsi")
    assert holidays_import([2026]) == 0  # the migration loaded it
    removed = HolidayDate.objects.get(date=D(2026, 3, 24))
    holiday_remove(actor=admin, holiday_id=removed.pk)
    holiday_add(actor=admin, date=D(2026, 3, 25), name="Lokal", kind=HolidayKind.LOCAL)
    # A package date lost (as if the year had never been imported) comes back.
    HolidayDate.objects.filter(date=D(2026, 12, 24)).delete()
    assert holidays_import([2026]) == 1
    assert holidays_import([2026]) == 0
    removed.refresh_from_db()
    assert removed.is_working_day_override
    assert HolidayDate.objects.get(date=D(2026, 3, 25)).name == "Lokal"
    assert HolidayDate.objects.get(date=D(2026, 12, 24)).source == HolidaySource.PACKAGE


def test_a_new_year_is_imported_once_by_the_command() -> None:
    assert not HolidayDate.objects.filter(date__year=2029).exists()
    call_command("import_holidays", "2029")
    added = HolidayDate.objects.filter(date__year=2029).count()
    assert added > 10
    assert HolidayDate.objects.filter(date=D(2029, 8, 17), kind=HolidayKind.NATIONAL).exists()
    call_command("import_holidays", "2029")
    assert HolidayDate.objects.filter(date__year=2029).count() == added


def test_the_migration_s_copy_of_the_package_reader_agrees() -> None:
    migration = importlib.import_module("blangkon.procurement.migrations.0002_guard_and_seed")
    for year in migration.FIRST_YEARS:
        assert migration.package_holidays(year) == [
            (h.date, h.name, h.kind) for h in package_holidays(year)
        ]
