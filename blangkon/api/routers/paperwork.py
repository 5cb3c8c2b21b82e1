"""The order's issued documents as PDFs for its readers, and the public check
of an issued document (the page /verifikasi/<code>/ for machines: no token,
the code printed on the document is the key)."""

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.paperwork.models import SLUGS
from blangkon.paperwork.selectors import document_for_reader, kind_of_slug, verification_get

router = Router(tags=["documents"])


class VerificationOut(Schema):
    kind: str
    number: str
    issued_at: datetime.datetime
    sha256: str
    # The order's status now (the document itself never changes).
    order_status: str
    order_number: str
    total: int
    opd: str
    kab_kota: str
    vendor: str


@router.get(
    "/documents/verify/{code}",
    response=VerificationOut,
    auth=None,
    summary="Verify an issued document by its public code",
)
def document_verify(request: HttpRequest, code: str) -> VerificationOut:
    """The non-personal facts of the document printed with this code, its
    SHA-256 and the order's status now. 404 for an unknown code."""
    verification = verification_get(code)
    document, facts = verification.document, verification.document.facts
    return VerificationOut(
        kind=document.kind,
        number=document.number,
        issued_at=document.issued_at,
        sha256=document.sha256,
        order_status=verification.status,
        order_number=facts["order_number"],
        total=facts["total"],
        opd=facts["opd"],
        kab_kota=facts["kab_kota"],
        vendor=facts["vendor"],
    )


PDF_RESPONSE = {
    200: {
        "description": "The PDF, as issued (its SHA-256 in the X-Document-SHA256 header).",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/orders/{order_id}/documents/{kind}",
    response={200: None, **errors(404)},
    summary="One of the order's issued documents, as PDF",
    openapi_extra={"responses": PDF_RESPONSE},
)
def order_document(request: HttpRequest, order_id: int, kind: str) -> HttpResponse:
    """`kind`: surat-pesanan, bast, invoice, kuitansi or bukti-pembayaran (the
    slugs of `documents` in GET /orders/{id}). The order's readers only; 404 to
    anyone else and for a document the order does not have yet."""
    assert isinstance(request.user, User)
    document = document_for_reader(request.user, order_id, kind_of_slug(kind))
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    name = f"{SLUGS[document.kind]}-{document.number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Document-SHA256"] = document.sha256
    return response
