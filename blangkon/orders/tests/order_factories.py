"""Orders for the tests, built through the real services (cart, checkout and
each move), so every order in a test got where it is the way a user's would.

Fixtures are imported by name into each test module, like the catalog's."""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, User
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product
from blangkon.orders import order_services as services
from blangkon.orders.models import BastSignature, Order
from blangkon.orders.services import cart_add
from blangkon.orders.status import BastParty, PaymentChannel
from blangkon.orders.status import OrderStatus as S
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.tests.payment_steps import (
    channel_step,
    complete_step,
    pay_ls_step,
)
from blangkon.procurement.models import ProcurementRule


def buyer(market: Market) -> User:
    return market.world.user("pp.batang")


def ppk(market: Market) -> User:
    return market.world.user("ppk.batang")


def vendor_user(market: Market) -> User:
    return market.batang_owner


def live_product(market: Market, **changes: Any) -> Product:
    return make_product(market, ProductStatus.TAYANG, data=atk_input(**changes))


def checkout(
    market: Market, product: Product, quantity: int = 1, *, user: User | None = None, **changes: Any
) -> services.CheckoutResult:
    """Put `quantity` of `product` in the buyer's cart (0: what is there) and
    check its vendor out."""
    user = user or buyer(market)
    if quantity:
        cart_add(user=user, product_id=product.pk, quantity=quantity)
    address = DeliveryAddress.objects.filter(opd_id=user.organisation_id).first()
    assert address is not None
    arguments: dict[str, Any] = {
        "user": user,
        "vendor_id": product.vendor_id,
        "delivery_address_id": address.pk,
        "kode_rup": "12345678",
        "budget_line": "5.1.02.01.01.0024",
        "funding_source": "APBD",
        "requested_arrival": timezone.localdate() + datetime.timedelta(days=7),
        "note": "",
        "accepted_prices": False,
    }
    return services.checkout(**(arguments | changes))


def _submit(market: Market, order: Order) -> Order:
    return services.order_submit(user=buyer(market), order_id=order.pk)


def _approve(market: Market, order: Order) -> Order:
    return services.order_approve(user=ppk(market), order_id=order.pk)


def _accept(market: Market, order: Order) -> Order:
    return services.order_accept(user=vendor_user(market), order_id=order.pk)


def _ship(market: Market, order: Order) -> Order:
    return services.order_ship(user=vendor_user(market), order_id=order.pk, own_delivery=True)


def receive_all(market: Market, order: Order) -> Order:
    received = {line.pk: line.quantity for line in order.lines.all()}
    return services.order_receive(
        user=ppk(market), order_id=order.pk, received=received, condition_ok=True
    )


def _sign_bast(market: Market, order: Order) -> Order:
    services.order_sign_bast(user=vendor_user(market), order_id=order.pk)
    return services.order_sign_bast(user=ppk(market), order_id=order.pk)


def _cancel(market: Market, order: Order) -> Order:
    return services.order_cancel(user=buyer(market), order_id=order.pk, reason="Tidak jadi")


def _decline(market: Market, order: Order) -> Order:
    return services.order_decline(user=vendor_user(market), order_id=order.pk, reason="Habis")


def _time_out(market: Market, order: Order) -> Order:
    return services.order_time_out(order_id=order.pk)


def _dispute(market: Market, order: Order) -> Order:
    return services.order_dispute(user=ppk(market), order_id=order.pk, reason="Barang rusak")


def _invoice(market: Market, order: Order) -> Order:
    invoice_issue(user=vendor_user(market), order_id=order.pk)
    order.refresh_from_db()
    return order


Step = Callable[[Market, Order], Order]
PATHS: dict[str, tuple[Step, ...]] = {
    S.DRAFT: (),
    S.MENUNGGU_PERSETUJUAN: (_submit,),
    S.MENUNGGU_KONFIRMASI: (_submit, _approve),
    S.DIPROSES: (_submit, _approve, _accept),
    S.DIKIRIM: (_submit, _approve, _accept, _ship),
    S.DITERIMA: (_submit, _approve, _accept, _ship, receive_all),
    S.BAST_DITANDATANGANI: (_submit, _approve, _accept, _ship, receive_all, _sign_bast),
    S.DIBATALKAN: (_cancel,),
    S.DITOLAK: (_submit, _approve, _decline),
    S.BATAL_OTOMATIS: (_submit, _time_out),
    S.SENGKETA: (_submit, _approve, _accept, _ship, _dispute),
}
_BAST = PATHS[S.BAST_DITANDATANGANI]
# Paid by LS/SP2D (no proof file, no bank): the channel is chosen before the invoice.
PATHS[S.DITAGIH] = (*_BAST, channel_step(PaymentChannel.LS_SP2D), _invoice)
PATHS[S.DIBAYAR] = (*PATHS[S.DITAGIH], pay_ls_step)
PATHS[S.SELESAI] = (*PATHS[S.DIBAYAR], complete_step)


def make_order(market: Market, status: str, product: Product, quantity: int = 1) -> Order:
    """An order of `quantity` of `product`, moved to `status` by the services."""
    order = checkout(market, product, quantity).order
    for step in PATHS[status]:
        order = step(market, order)
    order.refresh_from_db()
    assert order.status == status
    return order


def sign_for_vendor(market: Market, order: Order) -> None:
    """The vendor's BAST signature, so the PPK's completes the BAST."""
    BastSignature.objects.create(order=order, party=BastParty.VENDOR, signed_by=vendor_user(market))


def new_rules(
    effective_from: datetime.date, ceiling: int = 50_000_000, **changes: Any
) -> ProcurementRule:
    """A new version of the procurement rules, the seeded one's values but
    for the ceiling and `changes`."""
    values: dict[str, Any] = {
        "ceiling_rupiah": ceiling,
        "splitting_window_days": 30,
        "near_ceiling_low_percent": 90,
        "near_ceiling_high_percent": 100,
        "repeat_window_days": 7,
        "vendor_response_working_days": 3,
        "ppk_signature_working_days": 3,
        "negotiation_expiry_working_days": 3,
        "note": "Aturan uji",
    }
    return ProcurementRule.objects.create(effective_from=effective_from, **(values | changes))
