"""The payment pages: the bendahara's form of the order's channel with the
invoice's net shown, the proof uploaded and then downloadable by the order's
readers, the vendor's "the money arrived", each form acting once."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blangkon.catalog.tests.bulk_fixtures import private_media
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.money import format_rupiah
from blangkon.documents.tests import samples
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import buyer, live_product, make_order, vendor_user
from blangkon.payments.models import Payment
from blangkon.payments.tests.payment_steps import bendahara
from blangkon.payments.tests.test_payment_services import invoiced

__all__ = ["market", "private_media"]

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _transfer_form(name: str = "bukti.pdf", content: bytes | None = None) -> dict[str, object]:
    return {
        "idempotency_key": "form-1",
        "paid_on": timezone.localdate().isoformat(),
        "reference": "TRF-778",
        "proof": samples.upload(name, samples.pdf() if content is None else content),
    }


def test_the_bendahara_pays_a_transfer_and_the_vendor_reads_the_proof(
    market: Market, private_media: Path
) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    client = _client(bendahara(market))
    url = reverse("payment:pay", args=[order.pk])
    detail = client.get(reverse("order:detail", args=[order.pk])).content.decode()
    assert url in detail  # the order page links the bendahara to the form

    page = client.get(url)
    net = format_rupiah(order.invoice.net_to_vendor)
    assert page.status_code == 200
    text = page.content.decode()
    assert net in text
    assert 'name="amount"' not in text  # shown, never posted
    assert 'enctype="multipart/form-data"' in text

    sent = client.post(url, _transfer_form())
    assert sent.status_code == 302
    assert sent["Location"] == reverse("order:detail", args=[order.pk])
    # The form sent again (back and resend): its first answer, nothing twice.
    assert client.post(url, _transfer_form()).status_code == 302
    # Another form (a new key) is refused on the page: paid already.
    again = client.post(url, _transfer_form() | {"idempotency_key": "form-2"})
    assert again.status_code == 400
    payment = Payment.objects.get(order=order)
    assert payment.amount == order.invoice.net_to_vendor

    vendor = _client(vendor_user(market))
    shown = vendor.get(reverse("order:detail", args=[order.pk])).content.decode()
    proof_url = reverse("documents:file", args=[payment.proof_id])
    assert proof_url in shown
    assert "TRF-778" in shown
    assert vendor.get(proof_url).status_code == 200
    assert _client(market.world.user("pp.kendal")).get(proof_url).status_code == 404


def test_a_fake_pdf_comes_back_on_the_form(market: Market, private_media: Path) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    client = _client(bendahara(market))
    refused = client.post(
        reverse("payment:pay", args=[order.pk]), _transfer_form(content=samples.EXE)
    )
    assert refused.status_code == 400
    assert 'id="pay-proof"' in refused.content.decode()
    assert not Payment.objects.exists()
    assert Order.objects.get(pk=order.pk).status == S.DITAGIH


def test_the_form_is_the_orders_channel(market: Market) -> None:
    product = live_product(market)
    kkpd = invoiced(market, PaymentChannel.KKPD, product)
    ls = invoiced(market, PaymentChannel.LS_SP2D, product)
    client = _client(bendahara(market))
    card = client.get(reverse("payment:pay", args=[kkpd.pk])).content.decode()
    assert 'name="reference"' in card
    assert 'name="proof"' not in card
    sp2d = client.get(reverse("payment:pay", args=[ls.pk])).content.decode()
    assert 'name="sp2d_number"' in sp2d
    assert 'name="sp2d_date"' in sp2d
    today = timezone.localdate().isoformat()
    sent = client.post(
        reverse("payment:pay", args=[ls.pk]),
        {"sp2d_number": "12/SP2D", "sp2d_date": today, "paid_on": today},
    )
    assert sent.status_code == 302
    assert Payment.objects.get(order=ls).reference == "12/SP2D"


def test_the_pp_may_not_pay(market: Market) -> None:
    order = invoiced(market, PaymentChannel.LS_SP2D)
    client = _client(buyer(market))
    detail = client.get(reverse("order:detail", args=[order.pk])).content.decode()
    assert reverse("payment:pay", args=[order.pk]) not in detail
    assert client.get(reverse("payment:pay", args=[order.pk])).status_code == 403


def test_the_vendor_says_the_money_arrived(market: Market) -> None:
    order = make_order(market, S.DIBAYAR, live_product(market))
    client = _client(vendor_user(market))
    detail = client.get(reverse("order:detail", args=[order.pk])).content.decode()
    url = reverse("payment:complete", args=[order.pk])
    assert url in detail
    assert client.post(url, {"idempotency_key": "done-1"}).status_code == 302
    assert Order.objects.get(pk=order.pk).status == S.SELESAI
    # The bendahara is not offered it, and is refused.
    other = _client(bendahara(market))
    assert url not in other.get(reverse("order:detail", args=[order.pk])).content.decode()
    assert other.post(url, {"idempotency_key": "x"}).status_code == 403
