"""Writes of the procurement rules and the holiday calendar: the province
admin only, each with its audit row. A rule version is never edited: a
change is a new version from today or later; one not yet in force may be
deleted (ADR 0024)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.models import User
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.procurement.models import HolidayDate, HolidayKind, HolidaySource, ProcurementRule
from blangkon.procurement.package import package_holidays
from blangkon.procurement.selectors import ProcurementRules, as_rules


def _check_admin(actor: User) -> None:
    if not is_province_admin(actor):
        raise Forbidden


def _invalid(fields: dict[str, Any]) -> DomainError:
    return DomainError("invalid", next(iter(fields.values())), fields)


MAX_DAYS = 365  # a window or a time limit of more than a year is a typing error
MAX_REMINDERS = 5
MAX_CEILING = 999_999_999_999  # under Rp1 triliun, as a product's price


@dataclass(frozen=True)
class RuleInput:
    """The numbers of a new version, as the form or a caller gives them."""

    ceiling_rupiah: int
    splitting_window_days: int
    near_ceiling_low_percent: int
    near_ceiling_high_percent: int
    repeat_window_days: int
    vendor_response_working_days: int
    ppk_signature_working_days: int
    negotiation_expiry_working_days: int
    # The payment clock; the defaults are the first version's (rules.md § 14).
    payment_due_working_days: int = 10
    payment_reminder_working_days: tuple[int, ...] = (3, 1, 0)

    def problems(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if not 0 < self.ceiling_rupiah <= MAX_CEILING:
            fields["ceiling_rupiah"] = _("The ceiling must be more than Rp0 and under Rp1 triliun.")
        if not 0 <= self.near_ceiling_low_percent < self.near_ceiling_high_percent <= 100:
            fields["near_ceiling_low_percent"] = _(
                "The near-ceiling band must run from a lower to a higher percent, at most 100."
            )
        for name in (
            "splitting_window_days",
            "repeat_window_days",
            "vendor_response_working_days",
            "ppk_signature_working_days",
            "negotiation_expiry_working_days",
            "payment_due_working_days",
        ):
            if not 1 <= getattr(self, name) <= MAX_DAYS:
                fields[name] = _("From 1 to %(max)d days.") % {"max": MAX_DAYS}
        reminders = self.payment_reminder_working_days
        if len(reminders) > MAX_REMINDERS or not all(
            0 <= day < self.payment_due_working_days for day in reminders
        ):
            fields["payment_reminder_working_days"] = _(
                "At most %(count)d reminders, each from 0 (the deadline's day) to fewer "
                "working days than the payment deadline."
            ) % {"count": MAX_REMINDERS}
        return fields


def procurement_rule_create(
    *,
    actor: User,
    effective_from: datetime.date,
    numbers: RuleInput,
    note: str,
    ip_address: str | None = None,
) -> ProcurementRules:
    """A new version of the rules, in force from `effective_from` (today or
    later: orders already signed keep the rules of their day)."""
    _check_admin(actor)
    fields = numbers.problems()
    if effective_from < timezone.localdate():
        fields["effective_from"] = _(
            "A new version cannot start in the past: rules already applied are never rewritten."
        )
    if not note.strip():
        fields["note"] = _("Give the legal basis or the reason for the change.")
    if fields:
        raise _invalid(fields)
    reminders = ",".join(
        str(day) for day in sorted(set(numbers.payment_reminder_working_days), reverse=True)
    )
    try:
        with transaction.atomic():
            row = ProcurementRule.objects.create(
                effective_from=effective_from,
                note=note.strip(),
                created_by=actor,
                **(vars(numbers) | {"payment_reminder_working_days": reminders}),
            )
            audit_record(
                actor=actor,
                action="procurement.rule_created",
                obj=row,
                details={
                    "effective_from": effective_from.isoformat(),
                    **vars(numbers),
                    "payment_reminder_working_days": reminders,
                },
                ip_address=ip_address,
            )
    except IntegrityError:
        raise _invalid(
            {"effective_from": _("A version already starts on that date; delete it first.")}
        ) from None
    return as_rules(row)


def procurement_rule_delete(*, actor: User, rule_id: int, ip_address: str | None = None) -> None:
    """Delete a version that has not yet taken effect."""
    _check_admin(actor)
    with transaction.atomic():
        row = ProcurementRule.objects.select_for_update().filter(pk=rule_id).first()
        if row is None:
            raise NotFound
        if row.effective_from <= timezone.localdate():
            raise DomainError(
                "in_force",
                _("This version has already taken effect: it stays in the history for good."),
            )
        audit_record(
            actor=actor,
            action="procurement.rule_deleted",
            obj=row,
            details={"effective_from": row.effective_from.isoformat()},
            ip_address=ip_address,
        )
        row.delete()


# --- the holiday calendar -------------------------------------------------------

# The calendar covers orders from the first rules on, and a few years ahead.
FIRST_YEAR = 2020
YEARS_AHEAD = 5
ADMIN_KINDS = frozenset({HolidayKind.CUTI_BERSAMA, HolidayKind.LOCAL, HolidayKind.NATIONAL})


def holiday_add(
    *,
    actor: User,
    date: datetime.date,
    name: str,
    kind: str,
    ip_address: str | None = None,
) -> HolidayDate:
    """Make a weekday a non-working day (a cuti bersama of the year's SKB, a
    local holiday). A package holiday declared a working day is restored."""
    _check_admin(actor)
    fields: dict[str, Any] = {}
    if kind not in ADMIN_KINDS:
        fields["kind"] = _("Choose the kind of day.")
    if not name.strip():
        fields["name"] = _("Give the day's name.")
    last_year = timezone.localdate().year + YEARS_AHEAD
    if not FIRST_YEAR <= date.year <= last_year:
        fields["date"] = _("Choose a date from %(first)d to %(last)d.") % {
            "first": FIRST_YEAR,
            "last": last_year,
        }
    elif date.weekday() >= 5:
        fields["date"] = _("That date is a weekend, which is never a working day.")
    if fields:
        raise _invalid(fields)
    with transaction.atomic():
        row = HolidayDate.objects.select_for_update().filter(date=date).first()
        if row is not None and not row.is_working_day_override:
            raise _invalid({"date": _("That date is already a non-working day.")})
        if row is None:
            row = HolidayDate.objects.create(
                date=date,
                name=name.strip(),
                kind=kind,
                source=HolidaySource.ADMIN,
                updated_by=actor,
            )
        else:
            row.is_working_day_override = False
            row.updated_by = actor
            row.save(update_fields=["is_working_day_override", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="procurement.holiday_added",
            obj=row,
            details={"date": date.isoformat(), "name": row.name, "kind": row.kind},
            ip_address=ip_address,
        )
    return row


def holiday_remove(*, actor: User, holiday_id: int, ip_address: str | None = None) -> None:
    """Make a non-working day a working day again: an admin's own date is
    deleted; a package date keeps its row, marked a working day, so the next
    import leaves it so."""
    _check_admin(actor)
    with transaction.atomic():
        row = HolidayDate.objects.select_for_update().filter(pk=holiday_id).first()
        if row is None:
            raise NotFound
        if row.is_working_day_override:
            raise DomainError("already_working", _("That date is already a working day."))
        audit_record(
            actor=actor,
            action="procurement.holiday_removed",
            obj=row,
            details={"date": row.date.isoformat(), "name": row.name, "source": row.source},
            ip_address=ip_address,
        )
        if row.source == HolidaySource.ADMIN:
            row.delete()
        else:
            row.is_working_day_override = True
            row.updated_by = actor
            row.save(update_fields=["is_working_day_override", "updated_by", "updated_at"])


def holiday_restore(*, actor: User, holiday_id: int, ip_address: str | None = None) -> None:
    """Undo `holiday_remove` on a package date."""
    _check_admin(actor)
    with transaction.atomic():
        row = HolidayDate.objects.select_for_update().filter(pk=holiday_id).first()
        if row is None:
            raise NotFound
        if not row.is_working_day_override:
            raise DomainError("already_holiday", _("That date is already a non-working day."))
        row.is_working_day_override = False
        row.updated_by = actor
        row.save(update_fields=["is_working_day_override", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="procurement.holiday_added",
            obj=row,
            details={"date": row.date.isoformat(), "name": row.name, "kind": row.kind},
            ip_address=ip_address,
        )


def holidays_import(years: list[int]) -> int:
    """Add the package's holidays of `years` that have no row yet; returns how
    many were added. Idempotent: a date with a row (from an earlier import,
    an admin's date, a package date an admin declared a working day) is left
    exactly as it is, so admin edits survive every import."""
    found = [h for year in years for h in package_holidays(year)]
    with transaction.atomic():
        taken = set(
            HolidayDate.objects.filter(date__in=[h.date for h in found]).values_list(
                "date", flat=True
            )
        )
        rows = [
            HolidayDate(date=h.date, name=h.name, kind=h.kind, source=HolidaySource.PACKAGE)
            for h in found
            if h.date not in taken
        ]
        # A row added meanwhile by another import or an admin wins.
        HolidayDate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
