"""Orders, read-only for now: one order with its lines, totals, history, flags
and the caller's allowed next actions. Readers: the OPD's officials, the
vendor's users, the kab/kota admins of the OPD's pemda and auditors; to
anyone else the order is not found (404)."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.orders.order_selectors import OrderDetail, order_detail

router = Router(tags=["orders"])


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
    actor: str | None
    reason: str
    at: datetime.datetime


class OrderFlagOut(Schema):
    kind: str
    detail: dict[str, object]


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
    rules_version_id: int | None
    lines: list[OrderLineOut]
    history: list[OrderHistoryOut]
    flags: list[OrderFlagOut]
    bast_signed_by: list[str]
    next_actions: list[str] = Field(description="The actions the caller may ask for now.")

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
            history=[
                OrderHistoryOut(
                    from_status=change.from_status,
                    to_status=change.to_status,
                    actor=change.actor.username if change.actor else None,
                    reason=change.reason,
                    at=change.at,
                )
                for change in detail.history
            ],
            flags=[OrderFlagOut(kind=flag.kind, detail=flag.detail) for flag in detail.flags],
            bast_signed_by=detail.bast_signed_by,
            next_actions=detail.next_actions,
        )


@router.get("/orders/{order_id}", response={200: OrderOut, **errors(404)}, summary="One order")
def order_get(request: HttpRequest, order_id: int) -> OrderOut:
    """Lines as ordered (a snapshot), totals, the status history, flags for
    auditors, the BAST signatures and the caller's allowed next actions."""
    assert isinstance(request.user, User)
    return OrderOut.of(order_detail(request.user, order_id))
