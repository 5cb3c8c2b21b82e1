"""The registration documents of the demo vendors: specimen scans.

A registration is submitted with the documents its kind of vendor needs
(vendors.fields.REQUIRED_DOCUMENTS: KTP and bank book; a badan usaha also its
NPWP, NIB and deed), and a verifier approves only when they are there. Every
demo vendor past its draft therefore has them, so the verification page shows
what a verifier checks and "Approve" works on the demo's waiting vendors.
Drafts have none yet: their owners are still filling the registration in.

Each document is a `StoredFile` of the vendor (as `vendor_document_add` would
store it) holding a specimen card drawn once per kind (demo/pictures.py) and
hard-linked for every vendor (shared_files.SharedFiles), with the upload time
just before the vendor submitted.
"""

from functools import partial

from django.db import connection
from django.utils import translation

from blangkon.demo.pictures import specimen
from blangkon.demo.seeders.shared_files import SharedFiles
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.vendors.fields import REQUIRED_DOCUMENTS
from blangkon.vendors.models import Vendor, VendorDocument
from blangkon.vendors.status import VendorStatus


def seed_vendor_documents(vendors: list[Vendor]) -> int:
    """Attach the required documents to every vendor past its draft; how many."""
    files = SharedFiles(extension="jpg", content_type="image/jpeg")
    stored: list[StoredFile] = []
    documents: list[VendorDocument] = []
    for vendor in vendors:
        if vendor.status == VendorStatus.DRAFT:
            continue
        for kind in REQUIRED_DOCUMENTS[vendor.kind]:
            scan = files.stored(
                kind,
                partial(_specimen, kind),
                kind=kind,
                owner_id=vendor.organisation_id,
                original_name=f"{kind}.jpg",
            )
            stored.append(scan)
            documents.append(VendorDocument(vendor=vendor, file=scan))
    StoredFile.objects.bulk_create(stored, batch_size=5_000)
    VendorDocument.objects.bulk_create(documents, batch_size=5_000)
    _date_before_submission([document.pk for document in documents])
    return len(documents)


def _specimen(kind: str) -> bytes:
    with translation.override("id"):
        return specimen(str(DocumentKind(kind).label))


def _date_before_submission(document_ids: list[int]) -> None:
    """Uploaded an hour before the vendor submitted (both rows' times are set
    to the moment of insertion by auto_now_add)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH dated AS (
                UPDATE vendors_vendordocument d
                SET created_at = v.submitted_at - interval '1 hour'
                FROM vendors_vendor v
                WHERE d.vendor_id = v.id AND v.submitted_at IS NOT NULL AND d.id = ANY(%s)
                RETURNING d.file_id, d.created_at
            )
            UPDATE documents_storedfile f SET created_at = dated.created_at
            FROM dated WHERE f.id = dated.file_id
            """,
            [document_ids],
        )
