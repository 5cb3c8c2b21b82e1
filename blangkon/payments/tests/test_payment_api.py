"""POST /api/v1/orders/{id}/pay and /complete: each channel, the proof in
base64, the stable codes, who may ask, and the Idempotency-Key."""

import base64
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from blangkon.catalog.tests.bulk_fixtures import private_media
from blangkon.catalog.tests.factories import Market, market
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.tests import samples
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order, ppk, vendor_user
from blangkon.orders.tests.test_order_api import api
from blangkon.orders.tests.test_order_write_api import post, refused
from blangkon.payments.models import Payment
from blangkon.payments.tests.payment_steps import bendahara
from blangkon.payments.tests.test_payment_services import invoiced

__all__ = ["market", "private_media"]

pytestmark = pytest.mark.django_db


def _today() -> str:
    return timezone.localdate().isoformat()


def _transfer_body(content: bytes | None = None) -> dict[str, Any]:
    raw = samples.pdf() if content is None else content
    return {
        "channel": "transfer",
        "paid_on": _today(),
        "reference": "TRF-0001",
        "proof": {"name": "bukti.pdf", "content_base64": base64.b64encode(raw).decode()},
    }


def test_a_transfer_with_its_proof_in_base64_pays_once(market: Market, private_media: Path) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    client = api(bendahara(market))

    response = post(client, f"/orders/{order.pk}/pay", _transfer_body(), key="bayar-1")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["order"]["status"] == S.DIBAYAR
    assert (body["channel"], body["amount"]) == ("transfer", order.invoice.net_to_vendor)
    proof = StoredFile.objects.get(pk=body["proof_id"])
    assert proof.kind == DocumentKind.PAYMENT_PROOF
    # The vendor reads the proof through the documents API.
    content = api(vendor_user(market)).get(f"/api/v1/documents/{proof.pk}/content")
    assert content.status_code == 200
    assert b"".join(content.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    # The same key: the first answer, nothing done twice.
    again = post(client, f"/orders/{order.pk}/pay", _transfer_body(), key="bayar-1")
    assert again.json() == body
    # Another key: refused, already paid.
    refused(
        post(client, f"/orders/{order.pk}/pay", _transfer_body(), key="bayar-2"),
        400,
        "already_paid",
    )
    assert Payment.objects.filter(order=order).count() == 1
    assert StoredFile.objects.filter(kind=DocumentKind.PAYMENT_PROOF).count() == 1


def test_a_fake_pdf_or_bad_base64_is_refused(market: Market, private_media: Path) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    client = api(bendahara(market))
    body = refused(
        post(client, f"/orders/{order.pk}/pay", _transfer_body(samples.EXE)), 400, "invalid_file"
    )
    assert "proof" in body["fields"]
    broken = _transfer_body() | {"proof": {"name": "x.pdf", "content_base64": "!!not base64"}}
    refused(post(client, f"/orders/{order.pk}/pay", broken), 400, "invalid")
    without = _transfer_body() | {"proof": None}
    assert (
        "proof"
        in refused(post(client, f"/orders/{order.pk}/pay", without), 400, "invalid")["fields"]
    )
    assert not StoredFile.objects.filter(kind=DocumentKind.PAYMENT_PROOF).exists()


def test_kkpd_and_ls_through_the_api(market: Market) -> None:
    product = live_product(market)
    kkpd = invoiced(market, PaymentChannel.KKPD, product)
    ls = invoiced(market, PaymentChannel.LS_SP2D, product)
    client = api(bendahara(market))

    card = {"channel": "kkpd", "paid_on": _today(), "reference": "KKPD-1"}
    assert post(client, f"/orders/{kkpd.pk}/pay", card).json()["reference"] == "KKPD-1"
    # LS needs its SP2D date; the SP2D number may come as the reference.
    sp2d = {"channel": "ls_sp2d", "paid_on": _today(), "reference": "SP2D-9"}
    assert (
        "sp2d_date" in refused(post(client, f"/orders/{ls.pk}/pay", sp2d), 400, "invalid")["fields"]
    )
    paid = post(client, f"/orders/{ls.pk}/pay", sp2d | {"sp2d_date": _today()}).json()
    assert (paid["reference"], paid["sp2d_date"]) == ("SP2D-9", _today())


def test_the_stable_codes_of_a_refused_payment(market: Market) -> None:
    product = live_product(market)
    order = invoiced(market, PaymentChannel.LS_SP2D, product)
    signed = make_order(market, S.BAST_DITANDATANGANI, product)
    body = {"channel": "ls_sp2d", "paid_on": _today(), "sp2d_number": "1", "sp2d_date": _today()}
    client = api(bendahara(market))
    refused(post(client, f"/orders/{signed.pk}/pay", body), 400, "invalid_transition")
    card = {"channel": "kkpd", "paid_on": _today(), "reference": "K"}
    refused(post(client, f"/orders/{order.pk}/pay", card), 400, "channel_mismatch")
    refused(post(api(ppk(market)), f"/orders/{order.pk}/pay", body), 403, "not_allowed")
    refused(post(api(vendor_user(market)), f"/orders/{order.pk}/pay", body), 403, "not_allowed")
    kendal = market.world.user("pp.kendal")
    refused(post(api(kendal), f"/orders/{order.pk}/pay", body), 404, "not_found")
    refused(post(client, "/orders/999999/pay", body), 404, "not_found")


def test_the_vendor_completes_through_the_api(market: Market) -> None:
    order = make_order(market, S.DIBAYAR, live_product(market))
    refused(post(api(bendahara(market)), f"/orders/{order.pk}/complete"), 403, "not_allowed")
    response = post(api(vendor_user(market)), f"/orders/{order.pk}/complete", key="selesai")
    assert response.status_code == 200
    assert response.json()["status"] == S.SELESAI
    assert post(api(vendor_user(market)), f"/orders/{order.pk}/complete").status_code == 200
