"""The payment clock: the deadline from the BAST in working days under the
rules of the BAST day, late or on time, the days from the BAST, and the
reminder job (docs/design/paying.md, section 5)."""

import datetime

import pytest
from django.utils import timezone, translation

from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError
from blangkon.notifications.models import Notification
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, new_rules
from blangkon.payments.clock_services import payment_clock_run
from blangkon.payments.models import ClockNoticeKind, PaymentClockNotice
from blangkon.payments.payment_clock import (
    NoBast,
    days_from_bast,
    expected_payment_on,
    is_late,
    payment_due_on,
    payment_due_seen,
    reminder_days,
)
from blangkon.payments.tests.payment_factories import invoiced_order, paid
from blangkon.procurement.models import HolidayDate, ProcurementRule
from blangkon.procurement.selectors import rules_in_force

__all__ = ["market"]

pytestmark = pytest.mark.django_db

D = datetime.date
# Tuesday 17 March 2026, the day before the Nyepi and Idul Fitri break: Wed 18
# (cuti bersama Nyepi), Thu 19 (Nyepi), Fri 20 (cuti bersama), Sat 21 and Sun
# 22 (Idul Fitri), Mon 23 and Tue 24 (cuti bersama); then Good Friday 3 April.
BEFORE_LEBARAN = D(2026, 3, 17)
# Ten working days: 25, 26, 27, 30, 31 March, 1, 2, 6, 7, 8 April.
DUE_AFTER_LEBARAN = D(2026, 4, 8)


def test_the_calendar_has_the_break_this_test_counts_on() -> None:
    off = set(
        HolidayDate.objects.filter(
            date__range=(D(2026, 3, 18), D(2026, 4, 3)), is_working_day_override=False
        ).values_list("date", flat=True)
    )
    assert {D(2026, 3, d) for d in (18, 19, 20, 23, 24)} | {D(2026, 4, 3)} <= off


def test_the_seeded_rules_carry_the_payment_clock_from_2020() -> None:
    rules = rules_in_force(D(2020, 1, 1))
    assert rules.payment_due_working_days == 10
    assert rules.payment_reminder_working_days == (3, 1, 0)
    # The seeded version kept its history: still the one row, from 2020.
    assert ProcurementRule.objects.count() == 1


def test_the_deadline_skips_the_weekend_and_the_lebaran_holidays(market: Market) -> None:
    order = invoiced_order(market, BEFORE_LEBARAN)
    assert payment_due_on(order) == DUE_AFTER_LEBARAN
    # Reminders 3 and 1 working days before, and on the day: Good Friday is skipped.
    assert reminder_days(order) == [
        (3, D(2026, 4, 2)),
        (1, D(2026, 4, 7)),
        (0, DUE_AFTER_LEBARAN),
    ]


def test_a_bast_on_friday_counts_from_monday(market: Market) -> None:
    order = invoiced_order(market, D(2026, 5, 8))  # Friday; no holiday until 14 May
    # Mon 11, Tue 12, Wed 13 (3); Thu 14 Ascension, Fri 15 cuti bersama; then
    # Mon 18 .. Fri 22 (8), Mon 25, Tue 26 ... but 27 May is Idul Adha.
    due = payment_due_on(order)
    assert due.weekday() < 5
    assert not HolidayDate.objects.filter(date=due, is_working_day_override=False).exists()
    assert due > D(2026, 5, 22)


def test_paid_on_the_deadline_is_on_time_and_the_next_day_is_late(market: Market) -> None:
    order = invoiced_order(market, BEFORE_LEBARAN)
    assert not is_late(order, DUE_AFTER_LEBARAN)
    assert is_late(order, DUE_AFTER_LEBARAN + datetime.timedelta(days=1))
    assert days_from_bast(order, DUE_AFTER_LEBARAN) == 22  # calendar days
    assert days_from_bast(order, BEFORE_LEBARAN) == 0
    with pytest.raises(DomainError) as refused:
        days_from_bast(order, BEFORE_LEBARAN - datetime.timedelta(days=1))
    assert refused.value.code == "paid_before_bast"


def test_the_payment_keeps_the_clock_facts(market: Market) -> None:
    on_time = invoiced_order(market, BEFORE_LEBARAN)
    late = invoiced_order(market, BEFORE_LEBARAN)
    first = paid(market, on_time, D(2026, 3, 31))
    second = paid(market, late, D(2026, 4, 10))
    assert (first.days_from_bast, first.late) == (14, False)
    assert (second.days_from_bast, second.late) == (24, True)
    # Paid: the vendor expects nothing more.
    assert expected_payment_on(on_time) is None


def test_a_rule_change_keeps_earlier_basts_on_their_deadline(market: Market) -> None:
    new_rules(D(2026, 3, 18), payment_due_working_days=5, payment_reminder_working_days="2")
    old = invoiced_order(market, BEFORE_LEBARAN)  # the day before the change
    new = invoiced_order(market, D(2026, 3, 25))  # under the new version
    assert payment_due_on(old) == DUE_AFTER_LEBARAN
    assert reminder_days(old)[0] == (3, D(2026, 4, 2))
    # 26, 27, 30, 31 March, 1 April.
    assert payment_due_on(new) == D(2026, 4, 1)
    assert reminder_days(new) == [(2, D(2026, 3, 30))]


def test_the_vendor_sees_the_expected_payment_date(market: Market) -> None:
    order = invoiced_order(market, BEFORE_LEBARAN)
    assert expected_payment_on(order) == DUE_AFTER_LEBARAN
    seen = payment_due_seen(order, today=D(2026, 4, 6))
    assert (seen.working_days_left, seen.overdue, seen.days_late) == (2, False, 0)
    seen = payment_due_seen(order, today=D(2026, 4, 10))
    assert (seen.working_days_left, seen.overdue, seen.days_late) == (-2, True, 2)


def test_no_clock_before_the_bast(market: Market) -> None:
    order = make_order(market, S.DITERIMA, live_product(market))
    assert expected_payment_on(order) is None
    with pytest.raises(NoBast):
        payment_due_on(order)


def _notes(code: str) -> list[tuple[str, int]]:
    return sorted(Notification.objects.filter(code=code).values_list("recipient__username", "id"))


def test_reminders_go_once_to_the_bendahara_and_late_is_marked_once(market: Market) -> None:
    order = invoiced_order(market, BEFORE_LEBARAN)
    assert payment_clock_run(today=D(2026, 4, 1)) == {"reminded": 0, "overdue": 0}
    assert payment_clock_run(today=D(2026, 4, 2)) == {"reminded": 1, "overdue": 0}
    assert payment_clock_run(today=D(2026, 4, 2)) == {"reminded": 0, "overdue": 0}
    reminders = _notes("payment.reminder")
    assert [name for name, _ in reminders] == ["bendahara.batang"]
    note = Notification.objects.get(code="payment.reminder")
    assert note.params["due"] == "2026-04-08"
    with translation.override("id"):
        assert "paling lambat 8 Apr 2026" in note.text, note.text
    assert note.url == f"/pesanan/{order.pk}/"
    # Days pass and the bendahara reads it (notify folds an unread twin of
    # the last minutes into one, which this test would otherwise run into).
    Notification.objects.update(read_at=timezone.now())
    # The day before: the 1-day reminder, once.
    assert payment_clock_run(today=D(2026, 4, 7))["reminded"] == 1
    assert payment_clock_run(today=D(2026, 4, 7))["reminded"] == 0
    assert len(_notes("payment.reminder")) == 2
    # Past the deadline: marked late once, the bendahara and the PPK told once.
    assert payment_clock_run(today=D(2026, 4, 9)) == {"reminded": 0, "overdue": 1}
    assert payment_clock_run(today=D(2026, 4, 10)) == {"reminded": 0, "overdue": 0}
    assert [name for name, _ in _notes("payment.overdue")] == ["bendahara.batang", "ppk.batang"]
    notices = PaymentClockNotice.objects.filter(order=order)
    assert sorted(notices.values_list("kind", "working_days_before")) == [
        (ClockNoticeKind.OVERDUE, 0),
        (ClockNoticeKind.REMINDER, 1),
        (ClockNoticeKind.REMINDER, 3),
    ]  # the deadline day's reminder never came: the job skipped that day


def test_a_job_back_after_days_sends_only_the_nearest_reminder(market: Market) -> None:
    invoiced_order(market, BEFORE_LEBARAN)
    assert payment_clock_run(today=D(2026, 4, 8)) == {"reminded": 1, "overdue": 0}
    note = Notification.objects.get(code="payment.reminder")
    assert note.params["due"] == "2026-04-08"
    # The earlier steps are recorded as passed, so they never go out late.
    assert PaymentClockNotice.objects.filter(kind=ClockNoticeKind.REMINDER).count() == 3
    assert payment_clock_run(today=D(2026, 4, 8))["reminded"] == 0
    assert Notification.objects.filter(code="payment.reminder").count() == 1


def test_paid_orders_are_not_reminded(market: Market) -> None:
    order = invoiced_order(market, BEFORE_LEBARAN)
    paid(market, order, D(2026, 3, 30))
    assert payment_clock_run(today=D(2026, 4, 9)) == {"reminded": 0, "overdue": 0}
    assert not Notification.objects.filter(code__startswith="payment.").exists()


def test_the_order_page_tells_the_vendor_when_to_expect_the_money(
    market: Market, client_for
) -> None:
    order = invoiced_order(market, BEFORE_LEBARAN)
    client = client_for(market.batang_owner)
    page = client.get(f"/pesanan/{order.pk}/")
    assert page.context["payment_due"].due_on == DUE_AFTER_LEBARAN
    assert "data-expected-payment" in page.content.decode()
    paid(market, order, D(2026, 3, 30))
    assert client.get(f"/pesanan/{order.pk}/").context["payment_due"] is None
