"""The order's PDFs through the API: listed on the order, downloaded by its
readers as issued, refused to anyone else."""

import hashlib

import pytest
from django.test import Client

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order, ppk, vendor_user
from blangkon.paperwork.models import IssuedDocument, PaperKind

__all__ = ["market"]

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    _token, secret = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_order_lists_its_documents_and_a_reader_downloads_them(market: Market) -> None:
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market))
    client = _client(ppk(market))
    detail = client.get(f"/api/v1/orders/{order.pk}").json()
    kinds = [document["kind"] for document in detail["documents"]]
    assert kinds == [PaperKind.SURAT_PESANAN, PaperKind.BAST]
    bast = next(d for d in detail["documents"] if d["kind"] == PaperKind.BAST)
    answer = client.get(bast["url"])
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    pdf = answer.content
    assert pdf.startswith(b"%PDF")
    stored = IssuedDocument.objects.get(order=order, kind=PaperKind.BAST)
    assert hashlib.sha256(pdf).hexdigest() == stored.sha256 == answer["X-Document-SHA256"]
    # The vendor reads the same bytes.
    again = _client(vendor_user(market)).get(bast["url"])
    assert again.content == pdf


def test_a_document_the_order_does_not_have_and_a_stranger_get_404(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market))
    client = _client(ppk(market))
    assert client.get(f"/api/v1/orders/{order.pk}/documents/bast").status_code == 404
    assert client.get(f"/api/v1/orders/{order.pk}/documents/nota").status_code == 404
    # Another vendor: the order does not exist for it.
    stranger = market.kendal_owner
    answer = _client(stranger).get(f"/api/v1/orders/{order.pk}/documents/surat-pesanan")
    assert answer.status_code == 404
    assert not IssuedDocument.objects.filter(order=order, kind=PaperKind.BAST).exists()
