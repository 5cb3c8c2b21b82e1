"""Reads of the procurement rules: the version in force on a date, as a
frozen value (no ORM object leaves this module)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError
from blangkon.procurement.models import ProcurementRule


@dataclass(frozen=True)
class ProcurementRules:
    """One version of the rules. Money in integer rupiah, tax included."""

    id: int
    effective_from: datetime.date
    ceiling_rupiah: int
    splitting_window_days: int
    near_ceiling_low_percent: int
    near_ceiling_high_percent: int
    repeat_window_days: int
    vendor_response_working_days: int
    ppk_signature_working_days: int
    negotiation_expiry_working_days: int
    payment_due_working_days: int
    # Working days before the payment deadline, largest first (0: its day).
    payment_reminder_working_days: tuple[int, ...]
    note: str

    def is_near_ceiling(self, total_rupiah: int) -> bool:
        """Whether a total falls in the near-ceiling band (90–100% of it by
        default), the mark of a purchase cut to fit under the ceiling."""
        low = self.ceiling_rupiah * self.near_ceiling_low_percent
        high = self.ceiling_rupiah * self.near_ceiling_high_percent
        return low <= total_rupiah * 100 <= high  # near_ceiling_sql says the same in SQL


class NoRulesInForce(DomainError):
    """No version of the rules had taken effect on the date asked about."""

    status = 500


def reminder_steps(listed: str) -> tuple[int, ...]:
    """ "3,1,0" as (3, 1, 0): distinct, largest first."""
    return tuple(sorted({int(part) for part in listed.split(",") if part}, reverse=True))


def as_rules(row: ProcurementRule) -> ProcurementRules:
    return ProcurementRules(
        id=row.pk,
        effective_from=row.effective_from,
        ceiling_rupiah=row.ceiling_rupiah,
        splitting_window_days=row.splitting_window_days,
        near_ceiling_low_percent=row.near_ceiling_low_percent,
        near_ceiling_high_percent=row.near_ceiling_high_percent,
        repeat_window_days=row.repeat_window_days,
        vendor_response_working_days=row.vendor_response_working_days,
        ppk_signature_working_days=row.ppk_signature_working_days,
        negotiation_expiry_working_days=row.negotiation_expiry_working_days,
        payment_due_working_days=row.payment_due_working_days,
        payment_reminder_working_days=reminder_steps(row.payment_reminder_working_days),
        note=row.note,
    )


def rules_in_force(on: datetime.date) -> ProcurementRules:
    """The version with the greatest effective_from on or before `on`: for an
    order, `on` is the local date (Asia/Jakarta) it is signed (ADR 0024)."""
    row = ProcurementRule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if row is None:
        raise NoRulesInForce(
            "no_rules_in_force",
            _("No procurement rules were in force on %(date)s.") % {"date": on.isoformat()},
        )
    return as_rules(row)


def rule_in_force_sql(day: str) -> str:
    """`rules_in_force` for a set of rows, in SQL: a LATERAL subquery giving
    the version in force on the date expression `day` (ceiling_rupiah,
    splitting_window_days, near_ceiling_low_percent, near_ceiling_high_percent),
    for detectors that judge a million orders in one statement."""
    table = ProcurementRule._meta.db_table
    columns = "ceiling_rupiah, splitting_window_days, near_ceiling_low_percent"
    # The table's own name and a column expression of the caller's SQL: no input.
    select = f"SELECT {columns}, near_ceiling_high_percent FROM {table}"  # noqa: S608
    return f"LATERAL ({select} WHERE effective_from <= {day} ORDER BY effective_from DESC LIMIT 1)"


def near_ceiling_sql(total: str, rule: str) -> str:
    """`ProcurementRules.is_near_ceiling` in SQL, over a total expression and
    the alias of a `rule_in_force_sql` row: the same integer comparison."""
    return (
        f"{total} * 100 BETWEEN {rule}.ceiling_rupiah * {rule}.near_ceiling_low_percent"
        f" AND {rule}.ceiling_rupiah * {rule}.near_ceiling_high_percent"
    )


def rules_today() -> ProcurementRules:
    return rules_in_force(timezone.localdate())


@dataclass(frozen=True)
class RuleVersion:
    rules: ProcurementRules
    created_at: datetime.datetime
    in_force: bool  # the version in force today
    upcoming: bool  # takes effect after today, so it may still be deleted


def rule_history() -> list[RuleVersion]:
    """Every version, newest effective date first."""
    today = timezone.localdate()
    rows = list(ProcurementRule.objects.order_by("-effective_from"))
    current = next((row.pk for row in rows if row.effective_from <= today), None)
    return [
        RuleVersion(
            rules=as_rules(row),
            created_at=row.created_at,
            in_force=row.pk == current,
            upcoming=row.effective_from > today,
        )
        for row in rows
    ]
