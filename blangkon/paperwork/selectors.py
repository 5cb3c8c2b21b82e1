"""Reads of issued documents: a reader's copy (the order's readers only) and
the public verification by code."""

import hashlib
from dataclasses import dataclass
from typing import BinaryIO

from blangkon.accounts.models import User
from blangkon.core.errors import NotFound
from blangkon.orders.models import Order
from blangkon.orders.order_access import readable_order
from blangkon.orders.transitions import ORDER_MACHINE
from blangkon.paperwork import content
from blangkon.paperwork.models import KIND_OF_SLUG, SLUGS, IssuedDocument, PaperKind
from blangkon.paperwork.services import document_issue


def document_for_reader(user: User, order_id: int, kind: str) -> IssuedDocument:
    """The order's document for one who may read the order (made at the first
    request if no task made it yet); NotFound for anyone else, an unknown
    kind, or a document the order does not have."""
    readable_order(user, order_id)
    if kind not in PaperKind.values:
        raise NotFound()
    return document_issue(order_id=order_id, kind=kind)


def kind_of_slug(slug: str) -> str:
    kind = KIND_OF_SLUG.get(slug)
    if kind is None:
        raise NotFound()
    return kind


@dataclass(frozen=True)
class DocumentLink:
    kind: str
    slug: str
    label: str


def order_documents(order: Order) -> list[DocumentLink]:
    """The documents the order has now, for its page (the caller has read the
    order through the order's own access check)."""
    return [
        DocumentLink(kind, SLUGS[kind], str(PaperKind(kind).label))
        for kind in content.available(order)
    ]


@dataclass(frozen=True)
class Verification:
    document: IssuedDocument
    status: str  # the order's status now
    status_label: str


def verification_get(code: str) -> Verification:
    """The document of a public code; NotFound for an unknown one (the same
    answer whatever the code looks like)."""
    document = (
        IssuedDocument.objects.select_related("order").filter(code=code).first()
        if len(code) <= 64
        else None
    )
    if document is None:
        raise NotFound()
    status = document.order.status
    return Verification(document, status, ORDER_MACHINE.label(status))


def sha256_of(upload: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()
