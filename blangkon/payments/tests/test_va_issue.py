"""The bendahara's VA: only the bendahara of the ordering OPD gets one, for
the invoice's net on an invoiced order paid by VA; the live one is given
again, an expired one is replaced."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError, NotFound
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order, ppk, vendor_user
from blangkon.payments.banks import luhn_valid
from blangkon.payments.models import VirtualAccount
from blangkon.payments.tests.va_factories import bendahara, callback, invoiced
from blangkon.payments.va_services import va_issue
from conftest import make_user

__all__ = ["market"]

pytestmark = pytest.mark.django_db


def test_the_bendahara_gets_a_va_for_the_invoice_net(market: Market) -> None:
    order, invoice = invoiced(market)
    va = va_issue(user=bendahara(market), order_id=order.pk)
    assert va.amount == invoice.net_to_vendor
    assert va.bank == "simulator"
    assert va.number.startswith("8808")
    assert len(va.number) == 16
    assert luhn_valid(va.number)
    assert va.expires_at - va.issued_at == datetime.timedelta(hours=72)
    event = AuditEvent.objects.get(action="va.issued")
    assert event.details["number_end"] == va.number[-4:]
    assert va.number not in str(event.details)


def test_the_live_va_is_given_again_and_an_expired_one_replaced(market: Market) -> None:
    order, _invoice = invoiced(market)
    first = va_issue(user=bendahara(market), order_id=order.pk)
    assert va_issue(user=bendahara(market), order_id=order.pk) == first
    VirtualAccount.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    second = va_issue(user=bendahara(market), order_id=order.pk)
    assert second != first
    assert second.number != first.number
    assert VirtualAccount.objects.filter(order=order).count() == 2


def test_numbers_are_not_a_sequence(market: Market) -> None:
    numbers = set()
    product = live_product(market)
    for _ in range(3):
        order, _invoice = invoiced(market, product)
        numbers.add(va_issue(user=bendahara(market), order_id=order.pk).number)
    assert len(numbers) == 3
    assert all(luhn_valid(number) for number in numbers)
    # Changing a digit breaks the check digit: a typo is caught.
    number = numbers.pop()
    typo = number[:6] + str((int(number[6]) + 1) % 10) + number[7:]
    assert not luhn_valid(typo)


@pytest.mark.parametrize("who", ["ppk", "vendor", "pp"])
def test_other_readers_of_the_order_are_refused(market: Market, who: str) -> None:
    order, _invoice = invoiced(market)
    user = {"ppk": ppk(market), "vendor": vendor_user(market)}.get(who) or market.world.user(
        "pp.batang"
    )
    with pytest.raises(DomainError) as refused:
        va_issue(user=user, order_id=order.pk)
    assert (refused.value.status, refused.value.code) == (403, "not_allowed")
    assert not VirtualAccount.objects.exists()


def test_the_bendahara_of_another_opd_does_not_find_the_order(market: Market) -> None:
    order, _invoice = invoiced(market)
    stranger = make_user("bendahara.kendal", Role.BENDAHARA, market.world.opd_kendal)
    with pytest.raises(NotFound):
        va_issue(user=stranger, order_id=order.pk)


def test_an_order_not_invoiced_or_paid_otherwise_gets_no_va(market: Market) -> None:
    product = live_product(market)
    signed_bast = make_order(market, S.BAST_DITANDATANGANI, product)
    with pytest.raises(DomainError) as refused:
        va_issue(user=bendahara(market), order_id=signed_bast.pk)
    assert refused.value.code == "invalid_transition"
    order, _invoice = invoiced(market, product)
    Order.objects.filter(pk=order.pk).update(payment_channel=PaymentChannel.TRANSFER)
    with pytest.raises(DomainError) as refused:
        va_issue(user=bendahara(market), order_id=order.pk)
    assert refused.value.code == "wrong_channel"


def test_a_paid_order_gets_no_new_va(market: Market) -> None:
    order, _invoice = invoiced(market)
    va = va_issue(user=bendahara(market), order_id=order.pk)
    assert callback(va).outcome == "paid"
    with pytest.raises(DomainError) as refused:
        va_issue(user=bendahara(market), order_id=order.pk)
    assert refused.value.code == "already_paid"


# --- the API --------------------------------------------------------------------------------


def _bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_issue(user=user)[1]}"}


def test_the_api_gives_the_va_once_per_idempotency_key(market: Market) -> None:
    order, invoice = invoiced(market)
    headers = _bearer(bendahara(market)) | {"Idempotency-Key": "va-1"}
    url = f"/api/v1/orders/{order.pk}/va"
    first = Client().post(url, headers=headers)
    assert first.status_code == 200
    body = first.json()
    assert body["amount"] == invoice.net_to_vendor
    assert body["paid_at"] is None
    VirtualAccount.objects.filter(order=order).update(expires_at=timezone.now())
    # The same key: the first answer, nothing done again.
    assert Client().post(url, headers=headers).json() == body
    assert VirtualAccount.objects.filter(order=order).count() == 1
    refused = Client().post(url, headers=_bearer(ppk(market)))
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    assert Client().post(url).status_code == 401


# --- the pages ------------------------------------------------------------------------------


def test_the_bendahara_creates_the_va_on_its_page(market: Market, client_for) -> None:
    order, invoice = invoiced(market)
    client = client_for(bendahara(market))
    detail = client.get(f"/pesanan/{order.pk}/")
    assert f"/pembayaran/pesanan/{order.pk}/va/" in detail.content.decode()
    page = client.get(f"/pembayaran/pesanan/{order.pk}/va/")
    assert "Buat nomor VA" in page.content.decode()
    response = client.post(f"/pembayaran/pesanan/{order.pk}/va/", {"idempotency_key": "k1"})
    assert response.status_code == 302
    va = VirtualAccount.objects.get(order=order)
    shown = client.get(f"/pembayaran/pesanan/{order.pk}/va/").content.decode()
    assert va.number in shown
    assert "Rp" in shown
    assert "Buat nomor VA" not in shown
    assert 'href="/pembayaran/simulator-bank/"' in shown


def test_the_vendor_sees_that_a_va_exists_but_not_its_number(market: Market, client_for) -> None:
    order, _invoice = invoiced(market)
    va = va_issue(user=bendahara(market), order_id=order.pk)
    page = client_for(vendor_user(market)).get(f"/pembayaran/pesanan/{order.pk}/va/")
    assert page.status_code == 200
    assert va.number not in page.content.decode()


def test_the_ppk_cannot_create_a_va_on_the_page(market: Market, client_for) -> None:
    order, _invoice = invoiced(market)
    client = client_for(ppk(market))
    assert "Buat nomor VA" not in client.get(f"/pembayaran/pesanan/{order.pk}/va/").content.decode()
    client.post(f"/pembayaran/pesanan/{order.pk}/va/", {"idempotency_key": "k1"})
    assert not VirtualAccount.objects.exists()


def test_the_simulator_page_pays_a_va(market: Market, client_for) -> None:
    order, _invoice = invoiced(market)
    va = va_issue(user=bendahara(market), order_id=order.pk)
    client = client_for(bendahara(market))
    assert client.get("/pembayaran/simulator-bank/").status_code == 200
    response = client.post(
        "/pembayaran/simulator-bank/", {"va_number": va.number, "idempotency_key": "s1"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.DIBAYAR
    followed = client.get("/pembayaran/simulator-bank/").content.decode()
    assert "Pembayaran sudah dicatat." in followed
    assert "(paid)" not in followed  # the bank's code is no words for a person


def test_the_simulator_page_is_not_found_when_off(market: Market, client_for, settings) -> None:
    settings.BANK_SIMULATOR_PAGE = False
    client = client_for(bendahara(market))
    assert client.get("/pembayaran/simulator-bank/").status_code == 404
    assert client.post("/pembayaran/simulator-bank/", {"va_number": "1"}).status_code == 404
