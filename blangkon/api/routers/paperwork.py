"""The public check of an issued document (the page /verifikasi/<code>/ for
machines). No token: the code printed on the document is the key."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from blangkon.paperwork.selectors import verification_get

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
