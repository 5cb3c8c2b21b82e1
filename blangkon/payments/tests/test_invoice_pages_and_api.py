"""The invoice's pages (/pesanan/<id>/tagihan/) and API (POST
/api/v1/orders/{id}/invoice, GET /api/v1/orders/{id}), and the payment
channel chosen at checkout and changed by the bendahara until the invoice."""

import uuid
from typing import Any

from django.test import Client
from django.urls import reverse

from blangkon.accounts.models import User
from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.orders import order_services as services
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, vendor_user
from blangkon.orders.tests.test_order_api import api
from blangkon.orders.tests.test_order_write_api import draft_body, post, refused
from blangkon.payments.models import Invoice

__all__ = ["market"]


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bast(market: Market, price: int = 11_100_000) -> Order:
    market.batang_vendor.npwp = "0123456789012345"
    market.batang_vendor.save(update_fields=["npwp"])
    return make_order(market, S.BAST_DITANDATANGANI, live_product(market, price=price))


def _user(market: Market, name: str) -> User:
    return market.user(name)


# --- the pages --------------------------------------------------------------------


def test_the_vendor_previews_then_issues_the_invoice(market: Market) -> None:
    order = _bast(market)
    client = _as(vendor_user(market))
    detail = client.get(reverse("order:detail", args=[order.pk]))
    issue_url = reverse("invoice:issue", args=[order.pk])
    assert issue_url in detail.content.decode()
    preview = client.get(issue_url)
    assert preview.status_code == 200
    text = preview.content.decode()
    # G1 as the vendor will invoice it: PPN and PPh 22 withheld, Rp9.850.000 net.
    assert "Rp1.100.000" in text
    assert "Rp150.000" in text
    assert "Rp9.850.000" in text
    assert text.count("data-tax-line") == 2
    assert not Invoice.objects.exists()  # a preview writes nothing
    key = {"idempotency_key": str(uuid.uuid4())}
    answer = client.post(issue_url, key)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("invoice:detail", args=[order.pk])
    assert client.post(issue_url, key).status_code == 302  # the same form again: once
    assert Invoice.objects.count() == 1
    order.refresh_from_db()
    assert order.status == S.DITAGIH


def test_the_invoice_page_shows_every_part_to_the_orders_readers(market: Market) -> None:
    order = _bast(market)
    vendor = vendor_user(market)
    _as(vendor).post(
        reverse("invoice:issue", args=[order.pk]), {"idempotency_key": str(uuid.uuid4())}
    )
    invoice = Invoice.objects.get()
    for name in ("bendahara.batang", "ppk.batang", "auditor.provinsi", "pemilik.vendor"):
        page = _as(_user(market, name)).get(reverse("invoice:detail", args=[order.pk]))
        assert page.status_code == 200, name
        text = page.content.decode()
        assert invoice.number in text
        for amount in ("Rp11.100.000", "Rp10.000.000", "Rp1.100.000", "Rp150.000", "Rp9.850.000"):
            assert amount in text, (name, amount)
        assert "PMK 131/2024" in text
        assert "aturan pemungutan sejak 1 Jan 2024" in text  # the stored version, as said
        assert "Rp1.250.000" in text  # what the bendahara remits
    detail = _as(_user(market, "bendahara.batang")).get(reverse("order:detail", args=[order.pk]))
    assert reverse("invoice:detail", args=[order.pk]) in detail.content.decode()
    # Strangers do not know it exists.
    stranger = _as(_user(market, "pp.kendal")).get(reverse("invoice:detail", args=[order.pk]))
    assert stranger.status_code == 404


def test_only_the_vendor_issues_and_only_after_the_bast(market: Market) -> None:
    order = _bast(market)
    url = reverse("invoice:issue", args=[order.pk])
    for name in ("ppk.batang", "bendahara.batang"):
        assert _as(_user(market, name)).get(url).status_code == 403
        post_answer = _as(_user(market, name)).post(url, {"idempotency_key": "k"})
        assert post_answer.status_code == 403
    assert _as(_user(market, "admin.kendal")).get(url).status_code == 404
    early = make_order(market, S.DITERIMA, live_product(market, sku="ATK-002"))
    early_url = reverse("invoice:issue", args=[early.pk])
    assert _as(vendor_user(market)).get(early_url).status_code == 404
    assert _as(vendor_user(market)).get(reverse("invoice:detail", args=[order.pk])).status_code == (
        404
    )
    assert not Invoice.objects.exists()


# --- the payment channel ---------------------------------------------------------


def test_the_checkout_chooses_the_channel_and_the_bendahara_changes_it(market: Market) -> None:
    order = make_order(market, S.DIPROSES, live_product(market))
    assert order.payment_channel == "va"
    bendahara = _user(market, "bendahara.batang")
    url = reverse("order:payment-channel", args=[order.pk])
    page = _as(bendahara).get(reverse("order:detail", args=[order.pk]))
    assert url in page.content.decode()
    answer = _as(bendahara).post(
        url, {"payment_channel": "kkpd", "idempotency_key": str(uuid.uuid4())}
    )
    assert answer.status_code == 302
    order.refresh_from_db()
    assert order.payment_channel == "kkpd"
    event = AuditEvent.objects.filter(action="order.payment_channel_changed").get()
    assert event.details == {
        "acted_as": acted_as(event.actor),
        "payment_channel": "kkpd",
        "previous": "va",
    }
    refused_page = _as(_user(market, "ppk.batang")).post(
        url, {"payment_channel": "transfer", "idempotency_key": str(uuid.uuid4())}
    )
    assert refused_page.status_code == 403
    order.refresh_from_db()
    assert order.payment_channel == "kkpd"


def test_the_channel_is_fixed_once_invoiced_and_decides_the_collector(market: Market) -> None:
    order = _bast(market)
    bendahara = _user(market, "bendahara.batang")
    services.order_set_payment_channel(user=bendahara, order_id=order.pk, channel="kkpd")
    invoice = post(api(vendor_user(market)), f"/orders/{order.pk}/invoice").json()
    assert invoice["collector"] == "none_kkpd"
    assert invoice["withheld"] == 0
    assert invoice["net_to_vendor"] == 11_100_000
    answer = post(api(bendahara), f"/orders/{order.pk}/payment-channel", {"payment_channel": "va"})
    refused(answer, 400, "payment_channel_fixed")


# --- the API -----------------------------------------------------------------------


def test_post_invoice_answers_the_invoice_once_per_key(market: Market) -> None:
    order = _bast(market)
    client = api(vendor_user(market))
    first = post(client, f"/orders/{order.pk}/invoice", key="inv-1")
    assert first.status_code == 200, first.json()
    body: dict[str, Any] = first.json()
    assert body["number"].startswith("INV/")
    assert (body["price"], body["dpp"], body["ppn"]) == (11_100_000, 10_000_000, 1_100_000)
    assert (body["withheld"], body["net_to_vendor"]) == (1_250_000, 9_850_000)
    assert [(t["type"], t["amount"], t["collector"], t["withheld"]) for t in body["tax_lines"]] == [
        ("ppn", 1_100_000, "bendahara", True),
        ("pph22", 150_000, "bendahara", True),
    ]
    assert body["tax_lines"][0]["rule_version"] == "ppn-2025-01-01"
    assert [t["rate"] for t in body["tax_lines"]] == ["11", "1.5"]
    again = post(client, f"/orders/{order.pk}/invoice", key="inv-1")
    assert again.json() == body
    assert Invoice.objects.count() == 1
    read = api(_user(market, "bendahara.batang")).get(f"/api/v1/orders/{order.pk}").json()
    assert read["invoice"] == body
    assert read["payment_channel"] == "va"
    assert read["accepted_total"] == 11_100_000
    assert (read["delivery_cost"], read["receiver_id"]) == (0, None)


def test_post_invoice_refusals_have_stable_codes(market: Market) -> None:
    order = _bast(market)
    refused(
        post(api(_user(market, "ppk.batang")), f"/orders/{order.pk}/invoice"), 403, "not_allowed"
    )
    refused(post(api(_user(market, "pp.kendal")), f"/orders/{order.pk}/invoice"), 404, "not_found")
    early = make_order(market, S.DIKIRIM, live_product(market, sku="ATK-002"))
    refused(
        post(api(vendor_user(market)), f"/orders/{early.pk}/invoice"), 400, "invalid_transition"
    )
    assert not Invoice.objects.exists()


def test_the_vendor_sees_invoice_among_its_next_actions(market: Market) -> None:
    order = _bast(market)
    read = api(vendor_user(market)).get(f"/api/v1/orders/{order.pk}").json()
    assert read["next_actions"] == ["invoice"]
    assert read["invoice"] is None
    ppk = api(_user(market, "ppk.batang")).get(f"/api/v1/orders/{order.pk}").json()
    assert "invoice" not in ppk["next_actions"]


def test_post_orders_takes_the_payment_channel(market: Market) -> None:
    buyer = _user(market, "pp.batang")
    product = live_product(market)
    lines = [{"product_id": product.pk, "quantity": 1}]
    made = post(api(buyer), "/orders", draft_body(buyer, lines, payment_channel="ls_sp2d"))
    assert made.status_code == 201, made.json()
    assert made.json()["payment_channel"] == "ls_sp2d"
    wrong = post(api(buyer), "/orders", draft_body(buyer, lines, payment_channel="cash"))
    assert wrong.status_code in (400, 422)
    default = post(api(buyer), "/orders", draft_body(buyer, lines))
    assert default.json()["payment_channel"] == "va"
