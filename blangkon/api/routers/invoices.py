"""The vendor's invoice of an order after the BAST (docs/design/paying.md).

`POST /orders/{id}/invoice` accepts an `Idempotency-Key` (orders/idempotency.py)
and answers the invoice; `GET /orders/{id}` shows it under `invoice`. Refusals
have the common error body: `invalid_transition` (the BAST is not signed, or
the order is past its invoice; nothing written), `not_allowed` (403: a reader
of the order who is not its vendor), 404 for an order the caller may not read.
Its own router on its own path: one path is never served by two routers."""

from django.http import HttpRequest
from ninja import Router, Status

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.idempotency import IdempotencyKey, answered_once, keyed_action
from blangkon.api.routers.orders import InvoiceOut
from blangkon.payments.invoice_selectors import invoice_get
from blangkon.payments.invoice_services import invoice_issue

router = Router(tags=["orders"])


@router.post(
    "/orders/{order_id}/invoice",
    response={200: InvoiceOut, **errors(403)},
    summary="Issue the invoice of an order with a signed BAST (the vendor)",
)
def order_invoice(
    request: HttpRequest, order_id: int, idempotency_key: IdempotencyKey = ""
) -> Status[InvoiceOut]:
    """A user of the order's vendor (others: `not_allowed`). The taxes are
    the tax engine's on the order's payable total, today's date (Asia/
    Jakarta), the collector decided by the payment channel, and the vendor's
    tax facts copied when the PPK signed; one line per tax. The order moves to
    DITAGIH and the OPD's bendahara is told. Asked again after it is issued:
    the same invoice, nothing written."""

    def run(user: User) -> InvoiceOut:
        invoice_issue(user=user, order_id=order_id)
        return InvoiceOut.of(invoice_get(user, order_id))

    return answered_once(
        request,
        key=idempotency_key,
        action=keyed_action("invoice", order_id),
        run=run,
        out=InvoiceOut,
    )
