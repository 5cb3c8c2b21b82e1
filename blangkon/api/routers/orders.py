"""Orders, read-only for now: the list of the orders the caller sees (with
the queues of what waits for them), and one order with its lines, totals,
history, flags and the caller's allowed next actions. Readers: the OPD's
officials, the vendor's users, the kab/kota admins of the OPD's pemda and
auditors; to anyone else the order is not found (404)."""

import datetime
from typing import Any
from weakref import WeakKeyDictionary

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.api.pagination import BoundedPagination
from blangkon.core.errors import NotFound
from blangkon.orders import order_lists
from blangkon.orders.actors import named_to, role_and_organisation_then
from blangkon.orders.models import Order, OrderStatusChange
from blangkon.orders.order_deadlines import DeadlineMemo
from blangkon.orders.order_selectors import OrderDetail, order_detail
from blangkon.orders.status import INVOICED, OrderStatus
from blangkon.paperwork.selectors import order_documents
from blangkon.payments.invoice_selectors import invoice_of
from blangkon.payments.models import Invoice
from blangkon.taxes.engine import plain_percent

router = Router(tags=["orders"])


# --- the list: GET /orders ----------------------------------------------------------


class OrderListIn(InputSchema):
    status: OrderStatus | None = Field(None, description="Only orders in this status.")
    vendor_id: int | None = Field(None, description="Only orders to this vendor.")
    opd_id: int | None = Field(None, description="Only orders of this OPD.")
    since: datetime.date | None = Field(
        None, description="Created on or after this day (Asia/Jakarta)."
    )
    until: datetime.date | None = Field(
        None, description="Created on or before this day (Asia/Jakarta)."
    )
    q: str = Field("", max_length=100, description="Part of the order number or a product name.")
    queue: str = Field(
        "",
        description=(
            "Only what waits for the caller, earliest deadline first: "
            + ", ".join(order_lists.QUEUE_KEYS)
            + ". A queue that is not the caller's role's is empty."
        ),
    )

    @field_validator("queue")
    @classmethod
    def _known_queue(cls, value: str) -> str:
        if value and value not in order_lists.QUEUE_KEYS:
            message = _("Unknown queue: choose one of %(queues)s.")
            raise PydanticCustomError(
                "unknown_queue", message % {"queues": ", ".join(order_lists.QUEUE_KEYS)}
            )
        return value


_DEADLINE_MEMOS: "WeakKeyDictionary[HttpRequest, DeadlineMemo]" = WeakKeyDictionary()


class OrderRowOut(Schema):
    id: int
    number: str = Field(description="Given at submission; empty for a draft.")
    status: str
    opd_id: int
    vendor_id: int
    total: int = Field(description="Whole rupiah, tax included.")
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None = Field(description="When the PPK signed the SP.")
    deadline: datetime.datetime | None = Field(
        description=(
            "The end of the last working day for the PPK's signature or the vendor's answer;"
            " null when nobody is on a clock."
        )
    )

    @staticmethod
    def resolve_deadline(order: Order, context: dict[str, Any]) -> datetime.datetime | None:
        # One memo per response: its rows share the computation.
        memo = _DEADLINE_MEMOS.setdefault(context["request"], DeadlineMemo())
        seen = memo(order)
        return seen.at if seen else None


@router.get(
    "/orders",
    response={200: list[OrderRowOut], **errors(404)},
    summary="The orders the caller sees",
)
@paginate(BoundedPagination)
def order_list(request: HttpRequest, filters: Query[OrderListIn]) -> object:
    """The OPD's officials see their OPD's orders; a vendor's users their
    vendor's orders once submitted; kab/kota admins the orders of their
    pemda's OPDs; auditors all. Other roles have no orders (404). Newest
    first; within a `queue`, earliest deadline first."""
    user = request.user
    assert isinstance(user, User)
    if not order_lists.sees_orders(user):
        raise NotFound()
    chosen = order_lists.OrderFilters(
        status=filters.status or "",
        vendor_id=filters.vendor_id,
        opd_id=filters.opd_id,
        since=filters.since,
        until=filters.until,
        text=filters.q,
        queue=filters.queue,
    )
    return order_lists.order_list(user, chosen)


# --- one order: GET /orders/{id} ----------------------------------------------------


class OrderLineOut(Schema):
    id: int
    product_id: int | None
    name: str
    sku: str
    unit: str
    category_id: int
    tax_class: str
    unit_price: int = Field(description="Per unit, tax included, as ordered.")
    quantity: int
    line_total: int
    received_quantity: int | None


class OrderHistoryOut(Schema):
    from_status: str
    to_status: str
    actor: str | None = Field(
        description="The username of who made the move; null for a move nobody asked for "
        "(the scheduler, the bank) and for a vendor's user read by anyone outside that vendor "
        "(a private person, shown by role and organisation only)."
    )
    actor_role: str | None = Field(
        description="The role they made the move in (as it was then); null for an automatic move."
    )
    actor_organisation_id: int | None = Field(
        description="The organisation (OPD, vendor, pemda) they acted for then."
    )
    reason: str
    at: datetime.datetime

    @staticmethod
    def of(change: OrderStatusChange, reader: User) -> "OrderHistoryOut":
        actor, username = change.actor, None
        role: str | None = None
        organisation: int | None = None
        if actor is not None:
            role, organisation = role_and_organisation_then(change.details, actor)
            username = actor.username if named_to(reader, role, organisation) else None
        return OrderHistoryOut(
            from_status=change.from_status,
            to_status=change.to_status,
            actor=username,
            actor_role=role,
            actor_organisation_id=organisation,
            reason=change.reason,
            at=change.at,
        )


class OrderFlagOut(Schema):
    kind: str
    detail: dict[str, object]


class InvoiceTaxLineOut(Schema):
    tax_class: str = Field(description="The order lines' tax class this line taxes.")
    type: str = Field(description="ppn, pbjt, pph22, pph23, pph21 or pph_final.")
    rate: str = Field(description='Percent of the base, as written: "11", "1.5", "0.5".')
    base: int
    amount: int = Field(description="Whole rupiah, rounded half up on its own.")
    collector: str = Field(description="bendahara, pihak_lain, or vendor (self-remitted).")
    withheld: bool = Field(description="Deducted from what the vendor receives.")
    legal_basis: str
    rule_version: str


class InvoiceOut(Schema):
    number: str = Field(description='"INV/2026/000123": the order\'s number, INV prefix.')
    issued_at: datetime.datetime
    tax_date: datetime.date = Field(description="The day whose tax rules apply (Asia/Jakarta).")
    collector: str = Field(description="bendahara, pihak_lain or none_kkpd.")
    price: int = Field(description="The order's payable total, tax included.")
    dpp: int = Field(description="The price without the tax inside it.")
    ppn: int = Field(description="The PPN inside the price, whoever remits it.")
    withheld: int = Field(description="Deducted by the collector.")
    net_to_vendor: int = Field(description="price − withheld: what the vendor is paid.")
    rules_version: str
    tax_lines: list[InvoiceTaxLineOut]

    @staticmethod
    def of(invoice: Invoice) -> "InvoiceOut":
        return InvoiceOut(
            number=invoice.number,
            issued_at=invoice.issued_at,
            tax_date=invoice.tax_date,
            collector=invoice.collector,
            price=invoice.price,
            dpp=invoice.dpp,
            ppn=invoice.ppn,
            withheld=invoice.withheld,
            net_to_vendor=invoice.net_to_vendor,
            rules_version=invoice.rules_version,
            tax_lines=[
                InvoiceTaxLineOut(
                    tax_class=line.tax_class,
                    type=line.type,
                    rate=str(plain_percent(line.rate)),
                    base=line.base,
                    amount=line.amount,
                    collector=line.collector,
                    withheld=line.withheld,
                    legal_basis=line.legal_basis,
                    rule_version=line.rule_version,
                )
                for line in invoice.tax_lines.all()
            ],
        )


class OrderDocumentOut(Schema):
    kind: str = Field(description="surat_pesanan, bast, invoice, kuitansi or payment_receipt.")
    label: str
    url: str = Field(description="GET it (the order's readers): the PDF as issued.")


class OrderOut(Schema):
    id: int
    number: str = Field(description="Given at submission; empty for a draft.")
    status: str
    opd_id: int
    vendor_id: int
    kode_rup: str
    budget_line: str
    funding_source: str
    requested_arrival: datetime.date
    total: int = Field(description="Whole rupiah, tax included.")
    delivery_cost: int = Field(description="Agreed ongkos kirim, included in the total.")
    accepted_total: int | None = Field(
        description="What the inspection accepted (the invoice's price); null before it."
    )
    receiver_id: int | None = Field(description="The official appointed to receive it.")
    payment_channel: str = Field(description="va, transfer, kkpd or ls_sp2d.")
    rules_version_id: int | None
    lines: list[OrderLineOut]
    history: list[OrderHistoryOut]
    flags: list[OrderFlagOut]
    bast_signed_by: list[str]
    next_actions: list[str] = Field(description="The actions the caller may ask for now.")
    invoice: InvoiceOut | None = Field(description="The vendor's invoice; null before it.")
    documents: list[OrderDocumentOut] = Field(
        description="The documents the order has now (the Surat Pesanan from the PPK's "
        "signature, the BAST, the invoice, the kuitansi and the proof of payment)."
    )

    @staticmethod
    def of(detail: OrderDetail) -> "OrderOut":
        order = detail.order
        return OrderOut(
            id=order.pk,
            number=order.number,
            status=order.status,
            opd_id=order.opd_id,
            vendor_id=order.vendor_id,
            kode_rup=order.kode_rup,
            budget_line=order.budget_line,
            funding_source=order.funding_source,
            requested_arrival=order.requested_arrival,
            total=order.total,
            delivery_cost=order.delivery_cost,
            accepted_total=order.accepted_total,
            receiver_id=order.receiver_id,
            payment_channel=order.payment_channel,
            rules_version_id=order.rules_version_id,
            lines=[
                OrderLineOut(
                    id=line.pk,
                    product_id=line.product_id,
                    name=line.name,
                    sku=line.sku,
                    unit=line.unit,
                    category_id=line.category_id,
                    tax_class=line.tax_class,
                    unit_price=line.unit_price,
                    quantity=line.quantity,
                    line_total=line.line_total,
                    received_quantity=line.received_quantity,
                )
                for line in detail.lines
            ],
            history=[OrderHistoryOut.of(change, detail.reader) for change in detail.history],
            flags=[OrderFlagOut(kind=flag.kind, detail=flag.detail) for flag in detail.flags],
            bast_signed_by=detail.bast_signed_by,
            next_actions=detail.next_actions,
            invoice=_invoice(order),
            documents=[
                OrderDocumentOut(
                    kind=link.kind,
                    label=link.label,
                    url=f"/api/v1/orders/{order.pk}/documents/{link.slug}",
                )
                for link in order_documents(order)
            ],
        )


def _invoice(order: Order) -> InvoiceOut | None:
    invoice = invoice_of(order.pk) if order.status in INVOICED else None
    return InvoiceOut.of(invoice) if invoice else None


@router.get("/orders/{order_id}", response={200: OrderOut, **errors(404)}, summary="One order")
def order_get(request: HttpRequest, order_id: int) -> OrderOut:
    """Lines as ordered (a snapshot), totals, the status history, flags for
    auditors, the BAST signatures and the caller's allowed next actions."""
    assert isinstance(request.user, User)
    return OrderOut.of(order_detail(request.user, order_id))
