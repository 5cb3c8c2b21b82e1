"""Rule versions are never edited (a trigger refuses UPDATE, and DELETE of a
version already in force, whoever runs it); the first version; the
package's holidays of 2020 to 2027 (later years come with the daily import
job, blangkon.procurement.tasks)."""

import datetime

import holidays
from django.db import migrations

GUARD = """
CREATE FUNCTION procurement_rule_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'procurement rule versions are never edited; add a new version';
    END IF;
    IF OLD.effective_from <= (now() AT TIME ZONE 'Asia/Jakarta')::date THEN
        RAISE EXCEPTION 'procurement rule version % is in force or past; it stays', OLD.effective_from;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER procurement_rule_guard BEFORE UPDATE OR DELETE ON procurement_procurementrule
    FOR EACH ROW EXECUTE FUNCTION procurement_rule_guard();
"""
UNGUARD = """
DROP TRIGGER procurement_rule_guard ON procurement_procurementrule;
DROP FUNCTION procurement_rule_guard();
"""

FIRST_NOTE = (
    "Batas per transaksi Rp50.000.000 termasuk pajak untuk kanal toko daring (Bela Pengadaan, "
    "berlaku sejak 2020). Larangan memecah paket untuk menghindari ketentuan: Perpres 16/2018 "
    "pasal 20, dipertahankan Perpres 12/2021 dan Perpres 46/2025."
)  # Shown as written to the province's admins: in Indonesian, the product's language.
FIRST_YEARS = range(2020, 2028)


def package_holidays(year):
    """A copy of blangkon.procurement.package.package_holidays as it was:
    (date, name, kind) of the weekday holidays, national over cuti bersama."""
    found = {}
    for category, kind in (("government", "cuti_bersama"), ("public", "national")):
        days = holidays.country_holidays("ID", years=year, categories=(category,))
        found.update({day: (day, name, kind) for day, name in days.items() if day.weekday() < 5})
    return [found[day] for day in sorted(found)]


def load(apps, schema_editor):
    apps.get_model("procurement", "ProcurementRule").objects.create(
        effective_from=datetime.date(2020, 1, 1),
        ceiling_rupiah=50_000_000,
        splitting_window_days=30,
        near_ceiling_low_percent=90,
        near_ceiling_high_percent=100,
        repeat_window_days=7,
        vendor_response_working_days=3,
        ppk_signature_working_days=3,
        negotiation_expiry_working_days=3,
        note=FIRST_NOTE,
    )
    HolidayDate = apps.get_model("procurement", "HolidayDate")
    HolidayDate.objects.bulk_create(
        [
            HolidayDate(date=day, name=name, kind=kind, source="package")
            for year in FIRST_YEARS
            for day, name, kind in package_holidays(year)
        ],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    # Runs after the guard is dropped (operations reverse in reverse order).
    apps.get_model("procurement", "HolidayDate").objects.all().delete()
    apps.get_model("procurement", "ProcurementRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [
        migrations.RunPython(load, unseed),
        migrations.RunSQL(GUARD, UNGUARD),
    ]
