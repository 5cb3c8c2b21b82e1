"""GET /procurement/rules and GET /procurement/working-days: public, read-only.

The rules are law applied to public money and the calendar is the
government's: no personal data (who added a version is not shown), so no
token is needed, as for the reference data.
"""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from blangkon.api.inputs import InputSchema
from blangkon.core.errors import InvalidRequest
from blangkon.procurement.selectors import ProcurementRules, rule_history
from blangkon.procurement.working_days import non_working_weekdays, working_days_between

router = Router(tags=["procurement"])

MAX_RANGE_DAYS = 731
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class RulesOut(Schema):
    effective_from: datetime.date
    ceiling_rupiah: int = Field(description="Per transaction, whole rupiah, tax included.")
    splitting_window_days: int
    near_ceiling_low_percent: int
    near_ceiling_high_percent: int
    repeat_window_days: int
    vendor_response_working_days: int
    ppk_signature_working_days: int
    negotiation_expiry_working_days: int
    payment_due_working_days: int = Field(
        description="The OPD pays within these working days of the BAST; later is late."
    )
    payment_reminder_working_days: list[int] = Field(
        description="The bendahara is reminded these working days before the payment "
        "deadline (0: on its day), largest first."
    )
    note: str

    @classmethod
    def of(cls, rules: ProcurementRules) -> "RulesOut":
        values = {name: getattr(rules, name) for name in cls.model_fields}
        values["payment_reminder_working_days"] = list(rules.payment_reminder_working_days)
        return cls(**values)


class RuleHistoryOut(Schema):
    current: RulesOut | None = Field(description="The version in force today.")
    versions: list[RulesOut] = Field(
        description="Every version, the upcoming ones included, newest effective date first."
    )


@router.get("/procurement/rules", response=RuleHistoryOut, auth=None, summary="Procurement rules")
def procurement_rules(request: HttpRequest) -> RuleHistoryOut:
    """The per-transaction ceiling, the splitting checks and the deadlines, as
    dated versions: an order is judged by the version in force on the day it
    is signed."""
    history = rule_history()
    current = next((v.rules for v in history if v.in_force), None)
    return RuleHistoryOut(
        current=RulesOut.of(current) if current else None,
        versions=[RulesOut.of(v.rules) for v in history],
    )


class RangeIn(InputSchema):
    start: datetime.date = Field(alias="from", description="First day, included.")
    end: datetime.date = Field(alias="to", description="Last day, included.")


class NonWorkingDayOut(Schema):
    date: datetime.date
    name: str
    kind: str = Field(description="national, cuti_bersama or local.")
    source: str = Field(description="package (the holiday calendar) or admin.")


class WorkingDaysOut(Schema):
    start: datetime.date = Field(serialization_alias="from")
    end: datetime.date = Field(serialization_alias="to")
    working_days: int = Field(description="Working days from `from` to `to`, both included.")
    non_working_weekdays: list[NonWorkingDayOut] = Field(
        description="Weekdays in the range that are not working days (weekends never are)."
    )


@router.get(
    "/procurement/working-days",
    response=WorkingDaysOut,
    by_alias=True,
    auth=None,
    summary="Working days in a date range",
)
def working_days(request: HttpRequest, query: Query[RangeIn]) -> WorkingDaysOut:
    """Working days are Monday to Friday except national holidays, cuti
    bersama and local holidays, as the province admin keeps them. At most
    731 days at once."""
    start, end = query.start, query.end
    if not EARLIEST <= start <= LATEST or not EARLIEST <= end <= LATEST:
        raise InvalidRequest(
            "invalid",
            _("Dates from 2000 to 2100 only."),
            {"from": _("Dates from 2000 to 2100 only.")},
        )
    if end < start or (end - start).days >= MAX_RANGE_DAYS:
        message = _("`to` must be on or after `from`, at most %(days)d days later.") % {
            "days": MAX_RANGE_DAYS - 1
        }
        raise InvalidRequest("invalid", message, {"to": message})
    days = [d for d in non_working_weekdays(start, end) if not d.is_working_day_override]
    return WorkingDaysOut(
        start=start,
        end=end,
        working_days=working_days_between(start - datetime.timedelta(days=1), end),
        non_working_weekdays=[
            NonWorkingDayOut(date=d.date, name=d.name, kind=d.kind, source=d.source) for d in days
        ],
    )
