"""The bank's callback: only a message signed by the bank, recent, for a live
VA and its exact amount pays the order, once; every message is logged with
its outcome, the refused ones too."""

import datetime
import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.bank_simulator import simulate_payment
from blangkon.payments.banks import SIGNATURE_HEADER, SimulatorBank
from blangkon.payments.models import BankCallback, Payment, VirtualAccount
from blangkon.payments.tests.va_factories import (
    callback,
    issued_va,
    post_callback,
    signed,
)
from blangkon.payments.va_services import bank_callback

__all__ = ["market"]

pytestmark = pytest.mark.django_db


def _outcomes() -> list[str]:
    return list(BankCallback.objects.order_by("id").values_list("outcome", flat=True))


def _status(va: VirtualAccount) -> str:
    return Order.objects.get(pk=va.order_id).status


def test_a_signed_callback_pays_the_order_with_the_va(market: Market) -> None:
    va = issued_va(market)
    paid_at = timezone.now() - datetime.timedelta(minutes=2)
    answer = callback(va, paid_at=paid_at)
    assert (answer.status, answer.outcome, answer.message_id) == (200, "paid", "MSG-1")
    payment = Payment.objects.get(order_id=va.order_id)
    assert (payment.channel, payment.amount, payment.reference) == ("va", va.amount, va.number)
    assert payment.recorded_by is None
    assert _status(va) == S.DIBAYAR
    va.refresh_from_db()
    assert va.paid_at == paid_at
    logged = BankCallback.objects.get()
    assert (logged.outcome, logged.virtual_account, logged.message_id) == ("paid", va, "MSG-1")
    assert (logged.va_number, logged.amount, logged.bank) == (va.number, va.amount, "simulator")
    assert logged.signature.startswith("sha256=")
    assert json.loads(logged.body)["va_number"] == va.number


def test_a_wrong_signature_pays_nothing_and_is_logged(market: Market) -> None:
    va = issued_va(market)
    body, headers = signed(va.number, va.amount, bank=SimulatorBank(secret="not-the-bank's"))
    answer = bank_callback(raw_body=body, headers=headers)
    assert (answer.status, answer.code) == (401, "bad_signature")
    # The signature of another body does not fit this one either.
    other, other_headers = signed(va.number, va.amount + 1)
    assert bank_callback(raw_body=body, headers=other_headers).code == "bad_signature"
    # Nor does a message without any.
    assert bank_callback(raw_body=other, headers={}).code == "bad_signature"
    assert _outcomes() == ["bad_signature"] * 3
    logged = BankCallback.objects.order_by("id").first()
    assert logged is not None
    # What the body claimed is kept for whoever investigates, with no VA linked.
    assert (logged.va_number, logged.virtual_account) == (va.number, None)
    assert not Payment.objects.exists()
    assert _status(va) == S.DITAGIH


def test_a_replay_of_a_paid_message_is_answered_and_changes_nothing(market: Market) -> None:
    va = issued_va(market)
    assert callback(va).outcome == "paid"
    again = callback(va)
    assert (again.status, again.outcome) == (200, "replay")
    # Another message for the paid VA: the order was paid already.
    other = callback(va, message_id="MSG-2")
    assert (other.status, other.outcome) == (200, "already_paid")
    assert _outcomes() == ["paid", "replay", "already_paid"]
    assert Payment.objects.count() == 1


def test_an_unknown_va_is_refused(market: Market) -> None:
    va = issued_va(market)
    answer = simulate_payment("880812345678901", amount=va.amount)
    assert (answer.status, answer.code) == (404, "unknown_va")
    assert _outcomes() == ["unknown_va"]
    assert _status(va) == S.DITAGIH


def test_another_amount_is_refused(market: Market) -> None:
    va = issued_va(market)
    answer = callback(va, amount=va.amount - 1)
    assert (answer.status, answer.code) == (409, "amount_mismatch")
    logged = BankCallback.objects.get()
    assert (logged.outcome, logged.virtual_account, logged.amount) == (
        "amount_mismatch",
        va,
        va.amount - 1,
    )
    assert not Payment.objects.exists()
    # The exact amount still pays: a refusal changes nothing.
    assert callback(va, message_id="MSG-2").outcome == "paid"


def test_a_payment_after_the_expiry_is_refused(market: Market) -> None:
    va = issued_va(market)
    VirtualAccount.objects.filter(pk=va.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    answer = callback(va)
    assert (answer.status, answer.code) == (409, "expired")
    assert _outcomes() == ["expired"]
    assert _status(va) == S.DITAGIH


def test_a_retry_after_the_expiry_of_a_payment_made_in_time_pays(market: Market) -> None:
    va = issued_va(market)
    paid_at = timezone.now() - datetime.timedelta(minutes=10)
    VirtualAccount.objects.filter(pk=va.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert callback(va, paid_at=paid_at).outcome == "paid"


@override_settings(BANK_CALLBACK_MAX_AGE_SECONDS=300)
def test_a_stale_message_is_refused_even_with_a_valid_signature(market: Market) -> None:
    va = issued_va(market)
    answer = callback(va, timestamp=int(time.time()) - 301)
    assert (answer.status, answer.code, answer.outcome) == (401, "stale_message", "replay")
    ahead = callback(va, timestamp=int(time.time()) + 301)
    assert ahead.code == "stale_message"
    assert _outcomes() == ["replay", "replay"]
    assert not Payment.objects.exists()
    assert callback(va, timestamp=int(time.time()) - 200).outcome == "paid"


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b'{"message_id": "M", "va_number": "8808", "amount": 1000, "paid_at": "x", "bank": "s"}',
        b"\x00 tidak valid",
    ],
)
def test_a_malformed_message_is_refused_and_logged(market: Market, body: bytes) -> None:
    bank = SimulatorBank()
    answer = bank_callback(raw_body=body, headers=bank.signed_headers(body))
    assert (answer.status, answer.code) == (400, "malformed")
    assert _outcomes() == ["malformed"]


def test_a_message_of_another_bank_or_with_a_float_amount_is_malformed(market: Market) -> None:
    va = issued_va(market)
    bank = SimulatorBank()
    base = json.loads(bank.payment_message(va_number=va.number, amount=va.amount))
    for change in ({"bank": "other"}, {"amount": float(va.amount)}, {"paid_at": "2026-01-01"}):
        body = json.dumps(base | change).encode()
        assert bank_callback(raw_body=body, headers=bank.signed_headers(body)).code == "malformed"
    assert not Payment.objects.exists()


def test_without_a_secret_nothing_is_accepted(market: Market, settings) -> None:
    va = issued_va(market)
    settings.BANK_SIMULATOR_SECRET = ""
    body, headers = signed(va.number, va.amount, bank=SimulatorBank(secret=""))
    assert bank_callback(raw_body=body, headers=headers).code == "bad_signature"


# --- through HTTP -------------------------------------------------------------------------


def test_the_endpoint_pays_without_session_token_or_csrf(market: Market) -> None:
    va = issued_va(market)
    body, headers = signed(va.number, va.amount)
    response = post_callback(body, headers)
    assert response.status_code == 200
    assert response.json() == {
        "status": "paid",
        "message_id": "MSG-1",
        "message": "Pembayaran sudah dicatat.",
    }
    again = post_callback(body, headers)
    assert (again.status_code, again.json()["status"]) == (200, "replay")
    assert _status(va) == S.DIBAYAR


def test_the_endpoint_refuses_with_the_error_body(market: Market) -> None:
    va = issued_va(market)
    body, headers = signed(va.number, va.amount)
    headers[SIGNATURE_HEADER] = "sha256=" + "0" * 64
    response = post_callback(body, headers)
    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert set(response.json()) == {"code", "message", "fields"}
    malformed = post_callback(b"{", SimulatorBank().signed_headers(b"{"))
    assert (malformed.status_code, malformed.json()["code"]) == (400, "malformed")
    assert _outcomes() == ["bad_signature", "malformed"]
    assert _status(va) == S.DITAGIH


# --- the simulator's command -----------------------------------------------------------------


def test_the_command_pays_a_va_through_the_signed_callback(market: Market, capsys) -> None:
    va = issued_va(market)
    call_command("simulate_bank_payment", va.number)
    assert "paid" in capsys.readouterr().out
    assert _status(va) == S.DIBAYAR
    assert _outcomes() == ["paid"]
    with pytest.raises(CommandError, match="unknown_va"):
        call_command("simulate_bank_payment", "880800000000000")


def test_the_openapi_document_declares_the_callback_without_a_token(client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/payments/bank-callback"]["post"]
    assert "security" not in operation
    assert {"200", "400", "401", "404", "409", "413"} <= set(operation["responses"])
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert headers == {"X-Bank-Timestamp", "X-Bank-Signature"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"message_id", "va_number", "amount", "paid_at", "bank"}


def test_the_order_history_says_the_bank_paid_it(market: Market) -> None:
    from django.test import Client

    from blangkon.orders.tests.order_factories import ppk

    va = issued_va(market)
    callback(va)
    client = Client()
    client.force_login(ppk(market))
    page = client.get(f"/pesanan/{va.order_id}/").content.decode()
    assert "Bank (pembayaran virtual account)" in page
    assert "tidak ada jawaban tepat waktu" not in page
