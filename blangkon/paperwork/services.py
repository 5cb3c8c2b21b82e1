"""Issuing an order's documents: each kind once, from the order's data, with
its SHA-256 and an unguessable public code (ADR 0029).

`document_issue` is the one writer. Asking again returns the stored document,
whatever the order looks like now: a signed document is never made again.
"""

import dataclasses
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from blangkon.audit.services import audit_record
from blangkon.core.errors import NotFound
from blangkon.orders.models import Order
from blangkon.paperwork import content
from blangkon.paperwork.models import IssuedDocument
from blangkon.paperwork.pdf import render

CODE_BYTES = 16  # 22 URL-safe characters, 128 random bits


def verification_url(code: str) -> str:
    """The public page's absolute address on the site's own domain (as
    core.mail builds links: https in production)."""
    protocol = "https" if settings.PRODUCTION else "http"
    return f"{protocol}://{settings.SITE_DOMAIN}{reverse('paperwork:verify', args=[code])}"


def public_facts(order: Order, kind: str, built: content.Content) -> dict[str, Any]:
    """What anyone may read about the document: no person's name, NIK, NPWP,
    bank account, phone or e-mail; organisations by name only."""
    return {
        "kind": kind,
        "number": built.number,
        "date": built.issued_at.date().isoformat(),
        "total": built.total,
        "order_number": order.number,
        "opd": order.opd.name,
        "kab_kota": order.opd.region.name,
        "vendor": order.vendor.organisation.name,
    }


def _new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def document_issue(*, order_id: int, kind: str) -> IssuedDocument:
    """The order's document of `kind`: the stored one, or made now and stored
    for good. NotFound when the order has no such document (yet). Callers
    check who may read it first (selectors.document_for_reader)."""
    existing = IssuedDocument.objects.filter(order_id=order_id, kind=kind).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _issue(order_id, kind)
    except IntegrityError:
        # Made at the same moment by another request: theirs is the document.
        return IssuedDocument.objects.get(order_id=order_id, kind=kind)


def _issue(order_id: int, kind: str) -> IssuedDocument:
    # The lock orders concurrent first requests; the second finds the first's row.
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("opd__region", "vendor__organisation", "approved_by", "delivery_address")
        .filter(pk=order_id)
        .first()
    )
    if order is None or kind not in content.available(order):
        raise NotFound()
    existing = IssuedDocument.objects.filter(order=order, kind=kind).first()
    if existing is not None:
        return existing
    code = _new_code()
    with translation.override(settings.LANGUAGE_CODE):
        built = content.BUILDERS[kind](order)
        pdf = render(dataclasses.replace(built.paper, verify_url=verification_url(code)))
    document = IssuedDocument.objects.create(
        order=order,
        kind=kind,
        number=built.number,
        issued_at=built.issued_at,
        content=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        code=code,
        facts=public_facts(order, kind, built),
    )
    audit_record(
        actor=None,
        action="document.issued",
        obj=order,
        organisation=order.opd,
        details={"kind": kind, "number": document.number, "sha256": document.sha256},
    )
    return document
