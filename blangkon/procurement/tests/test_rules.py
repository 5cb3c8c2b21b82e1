"""The procurement rules as dated versions: which one is in force, who may
add one, and that history is never rewritten."""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.catalog.services import ceiling_warning
from blangkon.core.errors import DomainError, Forbidden
from blangkon.procurement.models import ProcurementRule
from blangkon.procurement.selectors import NoRulesInForce, rules_in_force, rules_today
from blangkon.procurement.services import (
    RuleInput,
    procurement_rule_create,
    procurement_rule_delete,
)
from conftest import World

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
FIRST = {
    "ceiling_rupiah": 50_000_000,
    "splitting_window_days": 30,
    "near_ceiling_low_percent": 90,
    "near_ceiling_high_percent": 100,
    "repeat_window_days": 7,
    "vendor_response_working_days": 3,
    "ppk_signature_working_days": 3,
    "negotiation_expiry_working_days": 3,
}


def numbers(**changes: int) -> RuleInput:
    return RuleInput(**(FIRST | changes))  # type: ignore[arg-type]


def test_the_first_version_is_seeded_from_2020() -> None:
    rules = rules_in_force(datetime.date(2020, 1, 1))
    assert rules.ceiling_rupiah == 50_000_000
    assert (rules.splitting_window_days, rules.repeat_window_days) == (30, 7)
    assert (rules.near_ceiling_low_percent, rules.near_ceiling_high_percent) == (90, 100)
    assert rules.vendor_response_working_days == rules.ppk_signature_working_days == 3
    assert "2020" in rules.note
    assert "Perpres 16/2018" in rules.note
    assert rules_today() == rules


def test_before_the_first_version_there_are_no_rules() -> None:
    with pytest.raises(NoRulesInForce):
        rules_in_force(datetime.date(2019, 12, 31))


def test_an_order_signed_the_day_before_a_change_keeps_the_old_ceiling() -> None:
    # A past version, as an earlier migration or import would have left it.
    ProcurementRule.objects.create(
        effective_from=datetime.date(2024, 7, 1),
        note="uji",
        **(FIRST | {"ceiling_rupiah": 60_000_000}),
    )
    assert rules_in_force(datetime.date(2024, 6, 30)).ceiling_rupiah == 50_000_000
    assert rules_in_force(datetime.date(2024, 7, 1)).ceiling_rupiah == 60_000_000
    assert rules_in_force(datetime.date(2030, 1, 1)).ceiling_rupiah == 60_000_000


def test_the_admin_adds_a_version_from_a_future_date(world: World) -> None:
    admin = world.user("admin.provinsi")
    start = timezone.localdate() + 10 * DAY
    created = procurement_rule_create(
        actor=admin,
        effective_from=start,
        numbers=numbers(ceiling_rupiah=75_000_000, ppk_signature_working_days=5),
        note="Keputusan baru",
    )
    assert created.ceiling_rupiah == 75_000_000
    assert rules_in_force(start - DAY).ceiling_rupiah == 50_000_000
    assert rules_in_force(start).ppk_signature_working_days == 5
    event = AuditEvent.objects.get(action="procurement.rule_created")
    assert event.object_id == str(created.id)
    assert event.actor == admin


def _refused(
    actor: User, effective_from: datetime.date, rule_numbers: RuleInput, note: str = "uji"
) -> DomainError:
    before = ProcurementRule.objects.count()
    with pytest.raises(DomainError) as refusal:
        procurement_rule_create(
            actor=actor, effective_from=effective_from, numbers=rule_numbers, note=note
        )
    assert ProcurementRule.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="procurement.").exists()
    return refusal.value


def test_a_past_date_is_refused_in_indonesian(world: World) -> None:
    with translation.override("id"):
        error = _refused(world.user("admin.provinsi"), timezone.localdate() - DAY, numbers())
    assert "effective_from" in error.fields
    assert "tidak dapat" in str(error.fields["effective_from"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ceiling_rupiah": 0}, "ceiling_rupiah"),
        (
            {"near_ceiling_low_percent": 100, "near_ceiling_high_percent": 90},
            "near_ceiling_low_percent",
        ),
        ({"near_ceiling_high_percent": 101}, "near_ceiling_low_percent"),
        ({"splitting_window_days": 0}, "splitting_window_days"),
        ({"repeat_window_days": 0}, "repeat_window_days"),
        ({"ppk_signature_working_days": 366}, "ppk_signature_working_days"),
        ({"ceiling_rupiah": 10**12}, "ceiling_rupiah"),
        ({"vendor_response_working_days": 0}, "vendor_response_working_days"),
        ({"negotiation_expiry_working_days": 0}, "negotiation_expiry_working_days"),
    ],
)
def test_bad_ranges_are_refused(world: World, changes: dict[str, int], field: str) -> None:
    error = _refused(world.user("admin.provinsi"), timezone.localdate(), numbers(**changes))
    assert field in error.fields


def test_an_empty_note_is_refused(world: World) -> None:
    error = _refused(world.user("admin.provinsi"), timezone.localdate(), numbers(), note="  ")
    assert "note" in error.fields


@pytest.mark.parametrize(
    "name", ["admin.batang", "auditor.provinsi", "ppk.batang", "pemilik.vendor"]
)
def test_only_the_province_admin_adds_a_version(world: World, name: str) -> None:
    error = _refused(world.user(name), timezone.localdate() + DAY, numbers())
    assert isinstance(error, Forbidden)


def test_a_second_version_on_the_same_date_is_refused(world: World) -> None:
    admin = world.user("admin.provinsi")
    start = timezone.localdate() + DAY
    procurement_rule_create(actor=admin, effective_from=start, numbers=numbers(), note="a")
    with pytest.raises(DomainError) as refusal:
        procurement_rule_create(actor=admin, effective_from=start, numbers=numbers(), note="b")
    assert "effective_from" in refusal.value.fields


def test_a_future_version_may_be_deleted_a_past_one_never(world: World) -> None:
    admin = world.user("admin.provinsi")
    future = procurement_rule_create(
        actor=admin, effective_from=timezone.localdate() + DAY, numbers=numbers(), note="a"
    )
    procurement_rule_delete(actor=admin, rule_id=future.id)
    assert not ProcurementRule.objects.filter(pk=future.id).exists()
    assert AuditEvent.objects.filter(action="procurement.rule_deleted").count() == 1

    first = rules_in_force(datetime.date(2020, 1, 1))
    with pytest.raises(DomainError) as refusal:
        procurement_rule_delete(actor=admin, rule_id=first.id)
    assert refusal.value.code == "in_force"
    assert ProcurementRule.objects.filter(pk=first.id).exists()


def test_today_s_version_may_not_be_deleted(world: World) -> None:
    admin = world.user("admin.provinsi")
    today = procurement_rule_create(
        actor=admin, effective_from=timezone.localdate(), numbers=numbers(), note="a"
    )
    with pytest.raises(DomainError):
        procurement_rule_delete(actor=admin, rule_id=today.id)


def test_others_may_not_delete_a_future_version(world: World) -> None:
    future = procurement_rule_create(
        actor=world.user("admin.provinsi"),
        effective_from=timezone.localdate() + DAY,
        numbers=numbers(),
        note="a",
    )
    with pytest.raises(Forbidden):
        procurement_rule_delete(actor=world.user("admin.batang"), rule_id=future.id)
    assert ProcurementRule.objects.filter(pk=future.id).exists()


def test_the_database_refuses_to_edit_or_delete_a_version_in_force() -> None:
    row = ProcurementRule.objects.get(effective_from=datetime.date(2020, 1, 1))
    row.ceiling_rupiah = 1
    with pytest.raises(DatabaseError), transaction.atomic():
        row.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        ProcurementRule.objects.filter(pk=row.pk).delete()
    assert ProcurementRule.objects.get(pk=row.pk).ceiling_rupiah == 50_000_000


def test_the_ceiling_warning_follows_the_version_in_force(world: World) -> None:
    assert ceiling_warning(50_000_000) is None
    assert ceiling_warning(55_000_000)
    procurement_rule_create(
        actor=world.user("admin.provinsi"),
        effective_from=timezone.localdate(),
        numbers=numbers(ceiling_rupiah=60_000_000),
        note="uji",
    )
    assert ceiling_warning(55_000_000) is None
    warning = ceiling_warning(60_000_001)
    assert warning
    assert "Rp60.000.000" in warning


def test_the_near_ceiling_band() -> None:
    rules = rules_today()
    assert not rules.is_near_ceiling(44_999_999)
    assert rules.is_near_ceiling(45_000_000)
    assert rules.is_near_ceiling(50_000_000)
    assert not rules.is_near_ceiling(50_000_001)
