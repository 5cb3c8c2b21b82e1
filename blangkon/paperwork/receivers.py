"""Listening for the moves that complete a document: after the moving
transaction commits, a task makes the PDFs (orders does not know paperwork
exists, so it is told nothing and sends nothing)."""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from blangkon.orders.models import OrderStatusChange
from blangkon.orders.status import OrderStatus as S
from blangkon.paperwork.models import PaperKind

# The status an order reaches → the documents complete from then on.
COMPLETED_BY: dict[str, list[str]] = {
    S.MENUNGGU_KONFIRMASI: [PaperKind.SURAT_PESANAN],
    S.BAST_DITANDATANGANI: [PaperKind.BAST],
    S.DITAGIH: [PaperKind.INVOICE],
    S.DIBAYAR: [PaperKind.KUITANSI, PaperKind.PAYMENT_RECEIPT],
}


def _enqueue(order_id: int, kinds: list[str]) -> None:
    from blangkon.paperwork.tasks import documents_issue_task

    documents_issue_task.enqueue(order_id, [str(kind) for kind in kinds])


def on_status_change(sender: type, instance: OrderStatusChange, created: bool, **_: Any) -> None:
    kinds = COMPLETED_BY.get(instance.to_status)
    if created and kinds:
        # robust: a failure to enqueue never fails the signature; the first
        # request for the document makes it then.
        transaction.on_commit(partial(_enqueue, instance.order_id, kinds), robust=True)


def connect() -> None:
    post_save.connect(
        on_status_change, sender=OrderStatusChange, dispatch_uid="paperwork.status_change"
    )
