"""Ten users of the vendor issuing the same invoice at once, each thread on its
own connection: one invoice, one move to DITAGIH, one notification; the
others find the order invoiced and get the same invoice."""

import pytest

from blangkon.catalog.tests.factories import Market, market
from blangkon.catalog.tests.test_product_upsert_race import in_parallel
from blangkon.notifications.models import Notification
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.models import Invoice, InvoiceTaxLine
from conftest import TRANSACTIONAL, reference_data_reload

__all__ = ["market"]

pytestmark = TRANSACTIONAL

PARALLEL = 10


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    reference_data_reload()


def test_ten_vendor_users_issuing_at_once_make_one_invoice(market: Market) -> None:
    order = make_order(market, S.BAST_DITANDATANGANI, live_product(market, price=11_100_000))
    users = [market.batang_owner, market.world.user("staf.vendor")]

    numbers = in_parallel(
        PARALLEL, lambda i: invoice_issue(user=users[i % 2], order_id=order.pk).number
    )

    assert len(set(numbers)) == 1
    assert Invoice.objects.count() == 1
    assert InvoiceTaxLine.objects.count() == Invoice.objects.get().tax_lines.count()
    assert order.status_changes.filter(to_status=S.DITAGIH).count() == 1
    assert Notification.objects.filter(code="order.invoiced").count() == 1
