"""Payments sent at once, each thread on its own connection: one payment,
because the order row is locked before the state is read and the payment is
one-to-one with the order."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from blangkon.catalog.tests.bulk_fixtures import private_media
from blangkon.catalog.tests.factories import Market, market
from blangkon.catalog.tests.test_product_upsert_race import in_parallel
from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.tests import samples
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.payments.models import Payment
from blangkon.payments.payment_services import (
    order_complete,
    orders_complete_overdue,
    payment_record_ls,
    payment_record_transfer,
)
from blangkon.payments.tests.payment_steps import (
    bendahara,
    channel_step,
    invoice_step,
    paid_long_ago,
)
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["market", "private_media"]

pytestmark = TRANSACTIONAL

PARALLEL = 8


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


def _outcome(call: Callable[[], Any]) -> str:
    try:
        call()
    except DomainError as refused:
        return refused.code
    return "ok"


def _invoiced(market: Market, channel: str) -> Order:
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market))
    return invoice_step(market, channel_step(channel)(market, order))


def test_sp2ds_recorded_at_once_pay_the_order_once(market: Market) -> None:
    order = _invoiced(market, PaymentChannel.LS_SP2D)
    today = timezone.localdate()

    outcomes = in_parallel(
        PARALLEL,
        lambda i: _outcome(
            lambda: payment_record_ls(
                user=bendahara(market),
                order_id=order.pk,
                sp2d_number=f"SP2D-{i}",
                sp2d_date=today,
                paid_on=today,
            )
        ),
    )

    assert sorted(outcomes) == ["already_paid"] * (PARALLEL - 1) + ["ok"]
    assert Payment.objects.filter(order=order).count() == 1
    assert order.status_changes.filter(to_status=S.DIBAYAR).count() == 1


def test_transfers_sent_at_once_keep_one_payment_and_one_proof(
    market: Market, private_media: Path
) -> None:
    order = _invoiced(market, PaymentChannel.TRANSFER)
    content = samples.pdf()

    outcomes = in_parallel(
        PARALLEL,
        lambda i: _outcome(
            lambda: payment_record_transfer(
                user=bendahara(market),
                order_id=order.pk,
                paid_on=timezone.localdate(),
                reference=f"TRF-{i}",
                proof_upload=samples.upload(f"bukti-{i}.pdf", content),
            )
        ),
    )

    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "already_paid"}
    payment = Payment.objects.get(order=order)
    assert StoredFile.objects.filter(kind=DocumentKind.PAYMENT_PROOF).count() == 1
    assert payment.proof is not None
    # Only the kept proof is on disk: the refused ones never wrote theirs.
    assert [p for p in private_media.rglob("*") if p.is_file()] == [
        private_media / payment.proof.path
    ]


def test_the_vendor_and_the_job_completing_at_once_complete_once(market: Market) -> None:
    order = make_order(market, S.DIBAYAR, live_product(market))
    paid_long_ago(Order.objects.filter(pk=order.pk))

    def run(index: int) -> Any:
        if index % 2:
            return _outcome(lambda: order_complete(user=market.batang_owner, order_id=order.pk))
        return orders_complete_overdue()

    in_parallel(PARALLEL, run)

    order.refresh_from_db()
    assert order.status == S.SELESAI
    assert order.status_changes.filter(to_status=S.SELESAI).count() == 1
