"""Negotiation of a draft order: each step, the offer's rules (prices not
above the order's, minimum and stock, the ceiling again at the agreement),
the submission refused while one is open, expiry after working days under the
dated rules (weekends and holidays skipped), the idempotent job, who may act,
and the page and the API with their idempotency keys."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.notifications.models import Notification
from blangkon.orders import negotiation_services as nego
from blangkon.orders import order_selectors, order_services
from blangkon.orders.models import Order
from blangkon.orders.negotiation_models import Negotiation, NegotiationStatus
from blangkon.orders.negotiation_services import ProposedLine
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    buyer,
    live_product,
    make_order,
    new_rules,
    ppk,
    vendor_user,
)
from blangkon.procurement.models import HolidayDate, HolidayKind, HolidaySource

__all__ = ["market"]

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def _draft(market: Market, quantity: int = 4, **changes: Any) -> Order:
    return make_order(market, S.DRAFT, live_product(market, **changes), quantity)


def _offer(order: Order, price: int, quantity: int) -> list[ProposedLine]:
    line = order.lines.get()
    return [ProposedLine(line.pk, price, quantity)]


def _refused(code: str, call: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call(**kwargs)
    assert refused.value.code == code, refused.value.message
    return refused.value


def _open(market: Market, order: Order, price: int = 24_000, quantity: int = 4, **kw: Any):
    return nego.negotiation_open(
        user=buyer(market), order_id=order.pk, lines=_offer(order, price, quantity), **kw
    )


# --- the steps ----------------------------------------------------------------------


def test_buyer_offers_vendor_counters_buyer_accepts_and_the_order_takes_the_terms(
    market: Market,
) -> None:
    order = _draft(market)  # 4 × Rp25.000
    _open(market, order, price=22_000, quantity=4, delivery_cost=0, note="Mohon harga dinas")
    assert Notification.objects.filter(
        recipient=vendor_user(market), code="negotiation.offer_from_buyer"
    ).exists()
    nego.negotiation_counter(
        user=vendor_user(market),
        order_id=order.pk,
        lines=_offer(order, 23_500, 5),
        delivery_cost=15_000,
    )
    assert Notification.objects.filter(
        recipient=buyer(market), code="negotiation.offer_from_vendor"
    ).exists()
    agreed = nego.negotiation_accept(user=buyer(market), order_id=order.pk)
    assert agreed.status == NegotiationStatus.AGREED
    order.refresh_from_db()
    line = order.lines.get()
    assert (line.unit_price, line.quantity, line.line_total) == (23_500, 5, 117_500)
    assert (order.delivery_cost, order.total) == (15_000, 132_500)
    assert [o.side for o in agreed.offers.all()] == ["buyer", "vendor"]
    actions = AuditEvent.objects.filter(object_id=str(order.pk), action__startswith="negotiation.")
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "negotiation.opened",
        "negotiation.countered",
        "negotiation.agreed",
    ]
    assert Notification.objects.filter(
        recipient=vendor_user(market), code="negotiation.agreed"
    ).exists()


def test_the_vendor_accepts_the_first_offer_and_a_new_negotiation_may_open(
    market: Market,
) -> None:
    order = _draft(market)
    _open(market, order, price=20_000, quantity=4, delivery_cost=10_000)
    staff = market.world.user("staf.vendor")
    nego.negotiation_accept(user=staff, order_id=order.pk)
    order.refresh_from_db()
    assert order.total == 90_000
    second = _open(market, order, price=19_000, quantity=4)
    assert Negotiation.objects.filter(order=order).count() == 2
    assert second.status == NegotiationStatus.OPEN


def test_withdrawn_by_the_buyer_the_order_keeps_its_terms(market: Market) -> None:
    order = _draft(market)
    _open(market, order)
    _refused("not_allowed", nego.negotiation_withdraw, user=vendor_user(market), order_id=order.pk)
    withdrawn = nego.negotiation_withdraw(user=ppk(market), order_id=order.pk)
    assert withdrawn.status == NegotiationStatus.WITHDRAWN
    order.refresh_from_db()
    assert order.total == 100_000
    _refused("no_open_negotiation", nego.negotiation_accept, user=vendor_user(market),
             order_id=order.pk)  # fmt: skip


# --- the offer's rules ----------------------------------------------------------------


def test_a_price_above_the_current_one_is_refused(market: Market) -> None:
    order = _draft(market)
    refusal = _refused(
        "invalid", nego.negotiation_open, user=buyer(market), order_id=order.pk,
        lines=_offer(order, 25_001, 4),
    )  # fmt: skip
    assert f"line_{order.lines.get().pk}" in refusal.fields
    _open(market, order, price=24_000)
    _refused(
        "invalid", nego.negotiation_counter, user=vendor_user(market), order_id=order.pk,
        lines=_offer(order, 26_000, 4),
    )  # fmt: skip
    assert not Negotiation.objects.filter(order=order).exclude(offers__side="buyer").exists()


def test_quantities_respect_the_minimum_and_the_stock_and_lines_are_complete(
    market: Market,
) -> None:
    order = _draft(market, quantity=5, min_order_quantity=5, stock=10)
    for quantity in (4, 11):
        _refused(
            "invalid", nego.negotiation_open, user=buyer(market), order_id=order.pk,
            lines=_offer(order, 24_000, quantity),
        )  # fmt: skip
    _refused("invalid", nego.negotiation_open, user=buyer(market), order_id=order.pk, lines=[])
    _refused(
        "invalid", nego.negotiation_open, user=buyer(market), order_id=order.pk,
        lines=_offer(order, 24_000, 5), delivery_cost=-1,
    )  # fmt: skip
    assert not Negotiation.objects.exists()


def test_the_ceiling_in_force_today_is_checked_again_at_the_agreement(market: Market) -> None:
    order = _draft(market, quantity=2, price=20_000_000)
    _open(market, order, price=19_000_000, quantity=2)
    new_rules(timezone.localdate(), ceiling=30_000_000)  # a lower ceiling from today
    _refused("ceiling_exceeded", nego.negotiation_accept, user=vendor_user(market),
             order_id=order.pk)  # fmt: skip
    order.refresh_from_db()
    assert order.total == 40_000_000
    assert order.lines.get().unit_price == 20_000_000
    assert Negotiation.objects.get(order=order).status == NegotiationStatus.OPEN
    nego.negotiation_counter(
        user=vendor_user(market), order_id=order.pk, lines=_offer(order, 15_000_000, 2)
    )
    nego.negotiation_accept(user=buyer(market), order_id=order.pk)
    order.refresh_from_db()
    assert order.total == 30_000_000


def test_the_order_cannot_be_submitted_while_a_negotiation_is_open(market: Market) -> None:
    order = _draft(market)
    _open(market, order)
    _refused("negotiation_open", order_services.order_submit, user=buyer(market),
             order_id=order.pk)  # fmt: skip
    _refused("negotiation_open", nego.negotiation_open, user=buyer(market), order_id=order.pk,
             lines=_offer(order, 23_000, 4))  # fmt: skip
    nego.negotiation_accept(user=vendor_user(market), order_id=order.pk)
    submitted = order_services.order_submit(user=buyer(market), order_id=order.pk)
    assert submitted.status == S.MENUNGGU_PERSETUJUAN
    assert submitted.total == 96_000
    _refused("order_not_draft", nego.negotiation_open, user=buyer(market), order_id=order.pk,
             lines=_offer(order, 23_000, 4))  # fmt: skip


def test_the_page_offers_no_submission_while_a_negotiation_is_open(market: Market) -> None:
    order = _draft(market)
    assert "submit" in order_selectors.order_detail(buyer(market), order.pk).next_actions
    _open(market, order)
    assert "submit" not in order_selectors.order_detail(buyer(market), order.pk).next_actions
    nego.negotiation_withdraw(user=buyer(market), order_id=order.pk)
    assert "submit" in order_selectors.order_detail(buyer(market), order.pk).next_actions


def test_cancelling_the_draft_ends_its_open_negotiation_and_tells_the_vendor(
    market: Market,
) -> None:
    order = _draft(market)
    negotiation = _open(market, order)
    order_services.order_cancel(user=buyer(market), order_id=order.pk, reason="Tidak jadi")
    negotiation.refresh_from_db()
    assert negotiation.status == NegotiationStatus.WITHDRAWN
    assert negotiation.closed_by == buyer(market)
    audit = AuditEvent.objects.filter(action="negotiation.withdrawn", object_id=str(order.pk))
    assert audit.get().details["order_cancelled"] is True
    told = Notification.objects.filter(code="negotiation.withdrawn", recipient=vendor_user(market))
    assert told.count() == 1
    # A draft cancelled without a negotiation writes no such row.
    product = order.lines.get().product
    assert product is not None
    other = make_order(market, S.DRAFT, product, 4)
    order_services.order_cancel(user=buyer(market), order_id=other.pk, reason="Tidak jadi")
    assert not AuditEvent.objects.filter(action="negotiation.withdrawn", object_id=str(other.pk))


# --- who may act ------------------------------------------------------------------------


def test_only_the_side_whose_turn_it_is_acts_and_strangers_get_404(market: Market) -> None:
    order = _draft(market)
    _refused("not_allowed", nego.negotiation_open, user=vendor_user(market), order_id=order.pk,
             lines=_offer(order, 24_000, 4))  # fmt: skip
    bendahara = market.world.user("bendahara.batang")
    _refused("not_allowed", nego.negotiation_open, user=bendahara, order_id=order.pk,
             lines=_offer(order, 24_000, 4))  # fmt: skip
    _open(market, order)
    readers = [market.world.user(name) for name in ("auditor.provinsi", "admin.provinsi")]
    for user in (buyer(market), ppk(market), bendahara, *readers):
        _refused("not_allowed", nego.negotiation_accept, user=user, order_id=order.pk)
    for name in ("pp.kendal", "admin.kendal", "pendamping.batang"):
        with pytest.raises(NotFound):
            nego.negotiation_accept(user=market.world.user(name), order_id=order.pk)
    with pytest.raises(NotFound):
        nego.negotiation_accept(user=market.kendal_owner, order_id=order.pk)
    nego.negotiation_counter(
        user=vendor_user(market), order_id=order.pk, lines=_offer(order, 24_500, 4)
    )
    _refused("not_allowed", nego.negotiation_accept, user=vendor_user(market), order_id=order.pk)
    nego.negotiation_accept(user=ppk(market), order_id=order.pk)  # the PPK is on the buyer side


# --- expiry -----------------------------------------------------------------------------


def _holiday(day: datetime.date) -> None:
    HolidayDate.objects.update_or_create(
        date=day,
        defaults={
            "name": "Libur uji",
            "kind": HolidayKind.LOCAL,
            "source": HolidaySource.ADMIN,
            "is_working_day_override": False,
        },
    )


def test_the_deadline_skips_the_weekend_and_holidays_under_the_rules_of_its_day(
    market: Market,
) -> None:
    # Fixed dates, long after any seeded holiday data would interfere: a
    # Friday, a Monday holiday, and a later version of the rules with 5 days.
    friday = datetime.datetime(2031, 3, 7, 10, 0, tzinfo=JAKARTA)
    HolidayDate.objects.filter(date__range=("2031-03-01", "2031-03-31")).delete()
    assert nego.negotiation_deadline(friday).date() == datetime.date(2031, 3, 12)  # Wed
    _holiday(datetime.date(2031, 3, 10))  # Monday
    assert nego.negotiation_deadline(friday).date() == datetime.date(2031, 3, 13)  # Thu
    new_rules(datetime.date(2031, 3, 7), negotiation_expiry_working_days=5)
    assert nego.negotiation_deadline(friday).date() == datetime.date(2031, 3, 17)  # Mon
    # Made the day before, the earlier rules (3 days) judge it: Fri, (Mon off) Tue, Wed.
    thursday = friday - datetime.timedelta(days=1)
    assert nego.negotiation_deadline(thursday).date() == datetime.date(2031, 3, 12)


def test_an_unanswered_negotiation_expires_once_and_the_order_may_be_submitted(
    market: Market,
) -> None:
    order = _draft(market)
    negotiation = _open(market, order)
    assert negotiation.expires_at == nego.negotiation_deadline(negotiation.opened_at)
    due = negotiation.expires_at
    assert nego.negotiations_expire_overdue(now=due) == 0  # the whole last day is in time
    later = due + datetime.timedelta(microseconds=1)
    assert nego.negotiations_expire_overdue(now=later) == 1
    assert nego.negotiations_expire_overdue(now=later) == 0  # run twice: nothing left
    negotiation.refresh_from_db()
    assert negotiation.status == NegotiationStatus.EXPIRED
    assert negotiation.closed_by is None
    assert AuditEvent.objects.filter(action="negotiation.expired").count() == 1
    assert Notification.objects.filter(code="negotiation.expired").count() == 3  # PP, 2 vendor
    assert order_services.order_submit(user=buyer(market), order_id=order.pk).number


def test_a_counter_gives_the_other_side_its_working_days_again(market: Market) -> None:
    order = _draft(market)
    negotiation = _open(market, order)
    Negotiation.objects.filter(pk=negotiation.pk).update(
        expires_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    nego.negotiation_counter(
        user=vendor_user(market), order_id=order.pk, lines=_offer(order, 24_500, 4)
    )
    negotiation.refresh_from_db()
    assert negotiation.expires_at > timezone.now() + datetime.timedelta(hours=12)


# --- the page and the API ---------------------------------------------------------------


def _page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: User) -> Client:
    _token, raw = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_page_shows_the_form_to_the_side_whose_turn_it_is(market: Market) -> None:
    order = _draft(market)
    line = order.lines.get()
    url = f"/pesanan/{order.pk}/negosiasi/"
    page = _page(buyer(market))
    assert b'value="open"' in page.get(url).content
    form = {
        "action": "open",
        "idempotency_key": "k-1",
        f"price_{line.pk}": "24.000",
        f"quantity_{line.pk}": "4",
        "delivery_cost": "5000",
        "note": "Harga dinas",
    }
    assert page.post(url, form).status_code == 302
    assert page.post(url, form).status_code == 302  # the same form again: nothing twice
    negotiation = Negotiation.objects.get(order=order)
    assert negotiation.offers.count() == 1
    assert negotiation.offers.get().total == 101_000
    vendor_page = _page(vendor_user(market)).get(url)
    assert b'value="accept"' in vendor_page.content
    assert "Harga dinas" in vendor_page.content.decode()
    assert b'value="accept"' not in page.get(url).content
    assert _page(market.world.user("pp.kendal")).get(url).status_code == 404
    refused = page.post(url, {"action": "accept", "idempotency_key": "k-2"}, follow=True)
    assert negotiation.offers.count() == 1
    assert refused.context["messages"]


def test_the_api_opens_counters_accepts_with_idempotency_keys(market: Market) -> None:
    order = _draft(market)
    line = order.lines.get()
    url = f"/api/v1/orders/{order.pk}/negotiation"
    body = {"lines": [{"order_line_id": line.pk, "unit_price": 24_000, "quantity": 4}]}
    pp = _api(buyer(market))
    headers = {"Idempotency-Key": "open-1"}
    first = pp.post(url, body, content_type="application/json", headers=headers)
    again = pp.post(url, body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["waiting_for"] == "vendor"
    assert Negotiation.objects.get(order=order).offers.count() == 1
    vendor = _api(vendor_user(market))
    assert vendor.get(url).json()["next_actions"] == ["counter", "accept"]
    counter = {"lines": [{"order_line_id": line.pk, "unit_price": 24_500, "quantity": 4}],
               "delivery_cost": 7_000}  # fmt: skip
    answered = vendor.post(f"{url}/offers", counter, content_type="application/json")
    assert answered.json()["waiting_for"] == "buyer"
    refused = vendor.post(f"{url}/accept")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    accepted = pp.post(f"{url}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["order_total"] == 105_000
    assert accepted.json()["negotiations"][0]["status"] == "agreed"
    assert _api(market.world.user("pp.kendal")).get(url).status_code == 404
    withdrawn = pp.post(f"{url}/withdraw")
    assert (withdrawn.status_code, withdrawn.json()["code"]) == (400, "no_open_negotiation")
