"""Orders in the status a move's route needs, and the forms the probe sends.

The estate's order is each side's draft. A route whose rule has
`fill={"order_id": <status>}` is probed on an order moved there through the
services (prepared before its calls, so every call starts from it), made of
the side's "changed" product so the side's cart line stays where it is.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, User
from blangkon.accounts.roles import Role
from blangkon.orders import order_services as services
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.paperwork.models import IssuedDocument, PaperKind
from blangkon.paperwork.services import document_issue
from blangkon.payments.invoice_services import invoice_issue
from blangkon.payments.payment_services import payment_record_ls
from tests.security.estate import Estate, Side, _draft_order

if TYPE_CHECKING:
    from tests.security.probe import Context


def _user(side: Side, role: str) -> User:
    organisation = side.vendor.organisation if role == Role.VENDOR_OWNER else side.opd
    return User.objects.get(organisation=organisation, role=role)


def _steps(side: Side) -> dict[str, Callable[[Order], Order]]:
    pp, ppk, vendor = _user(side, Role.PP), _user(side, Role.PPK), _user(side, Role.VENDOR_OWNER)
    bendahara = _user(side, Role.BENDAHARA)
    return {
        S.MENUNGGU_PERSETUJUAN: lambda o: services.order_submit(user=pp, order_id=o.pk),
        S.MENUNGGU_KONFIRMASI: lambda o: services.order_approve(user=ppk, order_id=o.pk),
        S.DIPROSES: lambda o: services.order_accept(user=vendor, order_id=o.pk),
        S.DIKIRIM: lambda o: services.order_ship(user=vendor, order_id=o.pk, own_delivery=True),
        S.DITERIMA: lambda o: services.order_receive(
            user=ppk,
            order_id=o.pk,
            received={line.pk: line.quantity for line in o.lines.all()},
            condition_ok=True,
        ),
        S.SENGKETA: lambda o: services.order_dispute(user=ppk, order_id=o.pk, reason="Uji"),
        S.BAST_DITANDATANGANI: lambda o: _sign_bast(o, vendor, ppk),
        # Paid by LS/SP2D: the bendahara chooses it before the invoice.
        S.DITAGIH: lambda o: _invoice(o, vendor, bendahara),
        S.DIBAYAR: lambda o: _pay_ls(bendahara, o),
    }


def _sign_bast(order: Order, vendor: User, ppk: User) -> Order:
    services.order_sign_bast(user=vendor, order_id=order.pk)
    return services.order_sign_bast(user=ppk, order_id=order.pk)


def _invoice(order: Order, vendor: User, bendahara: User) -> Order:
    services.order_set_payment_channel(
        user=bendahara, order_id=order.pk, channel=PaymentChannel.LS_SP2D
    )
    return invoice_issue(user=vendor, order_id=order.pk).order


def _pay_ls(bendahara: User, order: Order) -> Order:
    today = timezone.localdate()
    return payment_record_ls(
        user=bendahara, order_id=order.pk, sp2d_number="1/SP2D", sp2d_date=today, paid_on=today
    ).order


# The way from a draft to each status a route is probed in.
PATHS: dict[str, tuple[str, ...]] = {
    S.MENUNGGU_PERSETUJUAN: (S.MENUNGGU_PERSETUJUAN,),
    S.MENUNGGU_KONFIRMASI: (S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI),
    S.DIPROSES: (S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI, S.DIPROSES),
    S.DIKIRIM: (S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI, S.DIPROSES, S.DIKIRIM),
    S.DITERIMA: (
        S.MENUNGGU_PERSETUJUAN,
        S.MENUNGGU_KONFIRMASI,
        S.DIPROSES,
        S.DIKIRIM,
        S.DITERIMA,
    ),
    S.BAST_DITANDATANGANI: (
        S.MENUNGGU_PERSETUJUAN,
        S.MENUNGGU_KONFIRMASI,
        S.DIPROSES,
        S.DIKIRIM,
        S.DITERIMA,
        S.BAST_DITANDATANGANI,
    ),
    S.DITAGIH: (
        S.MENUNGGU_PERSETUJUAN,
        S.MENUNGGU_KONFIRMASI,
        S.DIPROSES,
        S.DIKIRIM,
        S.DITERIMA,
        S.BAST_DITANDATANGANI,
        S.DITAGIH,
    ),
    S.SENGKETA: (
        S.MENUNGGU_PERSETUJUAN,
        S.MENUNGGU_KONFIRMASI,
        S.DIPROSES,
        S.DIKIRIM,
        S.SENGKETA,
    ),
}
PATHS[S.DIBAYAR] = (*PATHS[S.DITAGIH], S.DIBAYAR)


def _order_in(side: Side, status: str) -> Order:
    order = _draft_order(_user(side, Role.PP), side.products["changed"], side.opd)
    steps = _steps(side)
    for target in PATHS[status]:
        order = steps[target](order)
    return order


def orders_in(status: str) -> Callable[[Estate], None]:
    def prepare(estate: Estate) -> None:
        for side in estate.sides.values():
            side.orders_in[status] = _order_in(side, status)

    return prepare


def documents_issued(estate: Estate) -> None:
    """Each side's order signed by its PPK, with its Surat Pesanan issued."""
    orders_in(S.MENUNGGU_KONFIRMASI)(estate)
    for side in estate.sides.values():
        document_issue(
            order_id=side.orders_in[S.MENUNGGU_KONFIRMASI].pk, kind=PaperKind.SURAT_PESANAN
        )


def issued_code(side: Side, _variant: str | None) -> str:
    order = side.orders_in[S.MENUNGGU_KONFIRMASI]
    return IssuedDocument.objects.get(order=order, kind=PaperKind.SURAT_PESANAN).code


def order_of(side: Side, variant: str | None) -> int:
    return side.orders_in[variant].pk if variant else side.order.pk


def _checkout(ctx: "Context") -> dict[str, Any]:
    """The actor's own OPD's address: the vendor (own or other) decides the answer."""
    opd = ctx.estate.sides[ctx.actor.side].opd
    address = DeliveryAddress.objects.filter(opd=opd).first()
    return {
        "delivery_address_id": address.pk if address else 0,
        "budget_line": "5.1.02.01.01.0024",
        "funding_source": "APBD",
        "requested_arrival": ctx.side.order.requested_arrival.isoformat(),
    }


def _receive(ctx: "Context") -> dict[str, Any]:
    lines = ctx.side.orders_in[S.DIKIRIM].lines.all()
    answers = {"condition_ok": "yes", "on_time": "yes"}
    return {f"line_{line.pk}": line.quantity for line in lines} | answers


REASON = {"reason": "Uji akses."}
ORDER_PAGE_BODIES: dict[str, Callable[["Context"], dict[str, Any]]] = {
    "order:checkout": _checkout,
    "order:cancel": lambda ctx: REASON,
    "order:decline": lambda ctx: REASON,
    "order:dispute": lambda ctx: REASON,
    "order:ship": lambda ctx: {"own_delivery": "on"},
    "order:receive": _receive,
    "order:send-back": lambda ctx: {"note": "Uji akses."},
    "order:resolve": lambda ctx: REASON | {"to": S.DITERIMA},
    "order:payment-channel": lambda ctx: {"payment_channel": "kkpd"},
    "rating:order": lambda ctx: {
        "vendor-quality": "5",
        "vendor-timeliness": "5",
        "vendor-conformity": "5",
        "opd-clarity": "5",
        "opd-payment_speed": "5",
    },
    "rating:reply": lambda ctx: {"reply-text": "Terima kasih."},
    "payment:pay": lambda ctx: {
        "sp2d_number": "00123/SP2D/LS/2026",
        "sp2d_date": timezone.localdate().isoformat(),
        "paid_on": timezone.localdate().isoformat(),
    },
}
ORDER_PREPARE: dict[str, Callable[[Estate], None]] = {
    "order:surat-pesanan": orders_in(S.MENUNGGU_KONFIRMASI),
    "order:bast": orders_in(S.DITERIMA),
    "paperwork:document": orders_in(S.MENUNGGU_KONFIRMASI),
    "paperwork:verify": documents_issued,
    "blangkon_api_routers_paperwork_document_verify": documents_issued,
    "blangkon_api_routers_paperwork_order_document": orders_in(S.MENUNGGU_KONFIRMASI),
    "order:approve": orders_in(S.MENUNGGU_PERSETUJUAN),
    "order:accept": orders_in(S.MENUNGGU_KONFIRMASI),
    "order:decline": orders_in(S.MENUNGGU_KONFIRMASI),
    "order:ship": orders_in(S.DIPROSES),
    "order:receive": orders_in(S.DIKIRIM),
    "order:dispute": orders_in(S.DIKIRIM),
    "order:send-back": orders_in(S.DITERIMA),
    "order:sign-bast": orders_in(S.DITERIMA),
    "order:resolve": orders_in(S.SENGKETA),
    "invoice:issue": orders_in(S.BAST_DITANDATANGANI),
    "invoice:detail": orders_in(S.DITAGIH),
    "blangkon_api_routers_invoices_order_invoice": orders_in(S.BAST_DITANDATANGANI),
    "payment:pay": orders_in(S.DITAGIH),
    "payment:complete": orders_in(S.DIBAYAR),
    "blangkon_api_routers_payments_order_pay": orders_in(S.DITAGIH),
    "blangkon_api_routers_payments_order_complete": orders_in(S.DIBAYAR),
}
