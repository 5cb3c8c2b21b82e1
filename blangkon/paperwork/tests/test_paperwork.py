"""The order's documents as PDFs, read back with pypdf; the QR code inside them
decoded with zxing-cpp; issued once and never changed; the public
verification page and its JSON without personal data."""

import datetime
import hashlib
import io
import re
from typing import Any

import pytest
import zxingcpp
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from blangkon.accounts.models import Organisation, User
from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.money import format_rupiah
from blangkon.orders import order_services
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import (
    live_product,
    make_order,
    ppk,
    vendor_user,
)
from blangkon.paperwork.content import TAX_NAMES
from blangkon.paperwork.models import ImmutableDocument, IssuedDocument, PaperKind
from blangkon.paperwork.services import document_issue, verification_url
from blangkon.paperwork.terbilang import terbilang
from blangkon.payments.models import Invoice, Payment
from blangkon.payments.payment_core import locked_order, mark_paid
from blangkon.taxes.engine import plain_percent

__all__ = ["market"]

PPK_NAME = ("Siti", "Rahayuningsih")
PPK_NIP = "198001012005012001"
VENDOR_SECRETS = {
    "nik": "3325010101800001",
    "npwp": "0123456789012345",
    "phone": "081234567890",
    "email": "pemilik@sumber-rejeki.example",
    "person_name": "Bambang Sutrisno",
}


@pytest.fixture
def pens(market: Market) -> Product:
    return live_product(market, price=47_500, stock=1000)


@pytest.fixture(autouse=True)
def named_people(market: Market) -> None:
    """Personal data the public pages must never show: the PPK's name and
    NIP, the vendor's owner's identity and contacts."""
    User.objects.filter(pk=ppk(market).pk).update(
        first_name=PPK_NAME[0], last_name=PPK_NAME[1], nip=PPK_NIP
    )
    type(market.batang_vendor).objects.filter(pk=market.batang_vendor.pk).update(**VENDOR_SECRETS)


def _as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _pdf_url(order: Order, slug: str) -> str:
    return reverse("paperwork:document", kwargs={"order_id": order.pk, "kind": slug})


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _qr_codes(pdf: bytes) -> list[str]:
    """Every QR code among the images embedded in the PDF's pages."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            found += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return found


def _download(user: User, order: Order, slug: str) -> bytes:
    response = _as(user).get(_pdf_url(order, slug))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


# --- the Surat Pesanan ---------------------------------------------------------------


def test_the_surat_pesanan_pdf_states_the_order_and_its_amounts(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens, 3)
    pdf = _download(ppk(market), order, "surat-pesanan")
    text = _text(pdf)
    assert "Surat Pesanan" in text
    assert f"SP/{order.number}" in text
    assert order.opd.name in text
    assert market.batang_vendor.organisation.name in text
    assert "Ballpoint hitam" in text
    assert format_rupiah(47_500) in text
    assert order.total == 142_500
    assert format_rupiah(142_500) in text
    # The buyer's copy names the official who signed.
    assert " ".join(PPK_NAME) in text
    stored = IssuedDocument.objects.get(order=order, kind=PaperKind.SURAT_PESANAN)
    assert bytes(stored.content) == pdf
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()


def test_the_qr_code_in_the_pdf_opens_the_verification_page(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    pdf = _download(vendor_user(market), order, "surat-pesanan")
    stored = IssuedDocument.objects.get(order=order)
    expected = f"http://{settings.SITE_DOMAIN}/verifikasi/{stored.code}/"
    assert verification_url(stored.code) == expected
    assert _qr_codes(pdf) == [expected]
    assert expected in _text(pdf)
    # The code is random (128 bits), not a count.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", stored.code)
    assert str(order.pk) != stored.code


def test_a_signed_document_is_made_once_whatever_happens_to_the_order(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    first = _download(ppk(market), order, "surat-pesanan")
    # The data it was made from changes afterwards...
    Order.objects.filter(pk=order.pk).update(budget_line="9.9.99.99.99.9999")
    Organisation.objects.filter(pk=order.vendor.organisation_id).update(name="CV Nama Baru")
    again = _download(vendor_user(market), order, "surat-pesanan")
    # ... and the document stays what was signed.
    assert again == first
    assert "CV Nama Baru" not in _text(again)
    assert "9.9.99.99.99.9999" not in _text(again)
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    assert bytes(document.content) == first
    assert IssuedDocument.objects.filter(order=order).count() == 1
    assert AuditEvent.objects.filter(action="document.issued").count() == 1


def test_an_issued_document_cannot_be_overwritten_or_deleted(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    original = (bytes(document.content), document.sha256)
    document.content = b"%PDF-1.4 forged"
    with pytest.raises(ImmutableDocument):
        document.save()
    with pytest.raises(ImmutableDocument):
        document.delete()
    # Past the model too: the database refuses, whoever connects.
    for attempt in (
        lambda: IssuedDocument.objects.filter(pk=document.pk).update(content=b"forged"),
        lambda: IssuedDocument.objects.filter(pk=document.pk).update(sha256="0" * 64),
        lambda: IssuedDocument.objects.filter(pk=document.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    # A second row for the same kind: the unique constraint.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO paperwork_issueddocument (order_id, kind, number, issued_at,"
            " generated_at, content, size, sha256, code, facts) SELECT order_id, kind, number,"
            " issued_at, generated_at, 'x', 1, 'x', 'another', facts"
            " FROM paperwork_issueddocument WHERE id = %s",
            [document.pk],
        )
    stored = IssuedDocument.objects.get(pk=document.pk)
    assert (bytes(stored.content), stored.sha256) == original


def test_only_the_orders_readers_get_its_pdfs(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    url = _pdf_url(order, "surat-pesanan")
    readers = ("pp.batang", "ppk.batang", "admin.batang", "staf.vendor")
    for reader in (*readers, "auditor.provinsi", "admin.provinsi"):
        assert _as(market.user(reader)).get(url).status_code == 200, reader
    for outsider in (
        "pp.kendal",
        "admin.opd.kendal",
        "admin.kendal",
        "pemilik.kendal",
        "pendamping.batang",
    ):
        assert _as(market.user(outsider)).get(url).status_code == 404, outsider
    assert _as(None).get(url).status_code == 302  # to the login page
    # An unknown kind, and one the order does not have yet: 404 too.
    assert _as(ppk(market)).get(_pdf_url(order, "surat-jalan")).status_code == 404
    assert _as(ppk(market)).get(_pdf_url(order, "bast")).status_code == 404
    draft = make_order(market, S.DRAFT, pens)
    assert _as(ppk(market)).get(_pdf_url(draft, "surat-pesanan")).status_code == 404
    assert not IssuedDocument.objects.filter(order=draft).exists()


def test_the_order_page_links_the_pdfs_it_has(market: Market, pens: Product) -> None:
    order = make_order(market, S.BAST_DITANDATANGANI, pens)
    page = _as(ppk(market)).get(reverse("order:detail", args=[order.pk])).content.decode()
    assert _pdf_url(order, "surat-pesanan") in page
    assert _pdf_url(order, "bast") in page
    assert _pdf_url(order, "invoice") not in page


def test_the_surat_pesanan_is_made_right_after_the_signature_commits(
    market: Market, pens: Product, django_capture_on_commit_callbacks: Any
) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, pens)
    with django_capture_on_commit_callbacks(execute=True):
        order_services.order_approve(user=ppk(market), order_id=order.pk)
    document = IssuedDocument.objects.get(order=order)
    assert document.kind == PaperKind.SURAT_PESANAN
    assert document.issued_at == Order.objects.get(pk=order.pk).approved_at


# --- the BAST ------------------------------------------------------------------------


def test_the_bast_pdf_once_both_parties_signed(market: Market, pens: Product) -> None:
    received = make_order(market, S.DITERIMA, pens, 2)
    assert _as(ppk(market)).get(_pdf_url(received, "bast")).status_code == 404
    order = make_order(market, S.BAST_DITANDATANGANI, pens, 2)
    text = _text(_download(vendor_user(market), order, "bast"))
    assert "Berita Acara Serah Terima" in text
    assert f"BAST/{order.number}" in text
    assert order.payable_total == 95_000
    assert format_rupiah(95_000) in text
    assert " ".join(PPK_NAME) in text
    # The vendor's user is a private person: shown by role and business.
    assert market.batang_vendor.organisation.name in text


# --- invoice, kuitansi, proof of payment ----------------------------------------------


def _paid(market: Market, product: Product, quantity: int) -> tuple[Order, Invoice, Payment]:
    """An order invoiced by the payments' service, then paid by the bendahara
    (the step every payment channel ends with)."""
    order = make_order(market, S.DITAGIH, product, quantity)
    invoice = Invoice.objects.get(order=order)
    bendahara = market.world.user("bendahara.batang")
    with transaction.atomic():
        payment = mark_paid(
            order=locked_order(order.pk),
            channel=order.payment_channel,
            amount=invoice.net_to_vendor,
            paid_on=timezone.localdate(),
            reference="8808123456789012",
            actor=bendahara,
            recorded_by=bendahara,
        )
    order.refresh_from_db()
    assert order.status == S.DIBAYAR
    return order, invoice, payment


def test_the_invoice_pdf_shows_its_tax_lines(market: Market, pens: Product) -> None:
    order = make_order(market, S.DITAGIH, pens, 4)
    invoice = Invoice.objects.get(order=order)  # issued by payments' invoice_issue
    lines = list(invoice.tax_lines.all())
    assert lines
    text = _text(_download(market.world.user("bendahara.batang"), order, "invoice"))
    assert "Tagihan / Invoice" in text
    assert invoice.number in text
    for line in lines:
        assert TAX_NAMES[line.type] in text, line.type
        assert f"{plain_percent(line.rate)}%".replace(".", ",") in text, line.rate
        assert format_rupiah(line.amount) in text, line.amount
    for amount in (invoice.price, invoice.dpp, invoice.withheld, invoice.net_to_vendor):
        assert format_rupiah(amount) in text, amount


def test_every_document_is_made_after_the_move_that_completes_it(
    market: Market, pens: Product, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        order, invoice, payment = _paid(market, pens, 2)
    issued = {document.kind: document for document in IssuedDocument.objects.filter(order=order)}
    assert set(issued) == set(PaperKind.values)
    assert issued[PaperKind.INVOICE].number == invoice.number
    assert issued[PaperKind.INVOICE].issued_at == invoice.issued_at
    assert issued[PaperKind.PAYMENT_RECEIPT].facts["total"] == payment.amount
    assert issued[PaperKind.KUITANSI].facts["total"] == invoice.price
    # Each once, whoever asks afterwards.
    pdf = _download(vendor_user(market), order, "kuitansi")
    assert pdf == bytes(issued[PaperKind.KUITANSI].content)
    assert IssuedDocument.objects.filter(order=order).count() == len(PaperKind.values)


def test_the_kuitansi_notes_the_bea_meterai_above_five_million(
    market: Market, pens: Product
) -> None:
    order, invoice, payment = _paid(market, pens, 200)  # Rp9.500.000
    text = _text(_download(vendor_user(market), order, "kuitansi"))
    assert "Kuitansi" in text
    assert format_rupiah(invoice.price) in text
    assert "sembilan juta lima ratus ribu rupiah" in text
    assert format_rupiah(payment.amount) in text
    assert "meterai" in text.lower()
    assert format_rupiah(10_000) in text


def test_a_small_kuitansi_carries_no_bea_meterai(market: Market, pens: Product) -> None:
    order, invoice, _payment = _paid(market, pens, 2)  # Rp95.000
    text = _text(_download(vendor_user(market), order, "kuitansi"))
    assert format_rupiah(invoice.price) in text
    assert "meterai" not in text.lower()


def test_the_proof_of_payment_pdf(market: Market, pens: Product) -> None:
    order, invoice, payment = _paid(market, pens, 2)
    pdf = _download(market.world.user("bendahara.batang"), order, "bukti-pembayaran")
    text = _text(pdf)
    assert "Bukti Pembayaran" in text
    assert f"BP/{order.number}" in text
    assert invoice.number in text
    assert format_rupiah(payment.amount) in text
    stored = IssuedDocument.objects.get(order=order, kind=PaperKind.PAYMENT_RECEIPT)
    assert _qr_codes(pdf) == [verification_url(stored.code)]


# --- the public verification ----------------------------------------------------------


def _personal_data(market: Market) -> list[str]:
    official = ppk(market)
    return [
        *PPK_NAME,
        PPK_NIP,
        official.username,
        *VENDOR_SECRETS.values(),
        market.batang_owner.username,
    ]


def test_the_verification_page_shows_the_hash_and_no_personal_data(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.BAST_DITANDATANGANI, pens, 2)
    pdf = _download(ppk(market), order, "bast")
    document = IssuedDocument.objects.get(order=order, kind=PaperKind.BAST)
    response = _as(None).get(reverse("paperwork:verify", args=[document.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert hashlib.sha256(pdf).hexdigest() in page
    assert document.sha256 == hashlib.sha256(bytes(document.content)).hexdigest()
    assert f"BAST/{order.number}" in page
    assert order.opd.name in page
    assert market.batang_vendor.organisation.name in page
    assert 'data-status="bast_ditandatangani"' in page
    for secret in _personal_data(market):
        assert secret not in page, secret
    assert order.delivery_address.street not in page


def test_the_verification_page_follows_the_order_status_not_the_document(
    market: Market, pens: Product
) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    order_services.order_decline(user=vendor_user(market), order_id=order.pk, reason="Habis")
    page = _as(None).get(reverse("paperwork:verify", args=[document.code])).content.decode()
    assert 'data-status="ditolak"' in page
    assert document.sha256 in page


def test_an_unknown_code_is_not_found(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    near = document.code[:-1] + ("A" if document.code[-1] != "A" else "B")
    for code in (near, str(order.pk), order.number.replace("/", "-"), "x" * 300):
        assert _as(None).get(f"/verifikasi/{code}/").status_code == 404, code


def test_a_copy_is_checked_against_the_issued_document(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    pdf = _download(ppk(market), order, "surat-pesanan")
    url = reverse("paperwork:verify", args=[IssuedDocument.objects.get(order=order).code])
    visitor = _as(None)

    def check(data: dict[str, Any]) -> str:
        response = visitor.post(url, data)
        assert response.status_code == 200
        return response.content.decode()

    same = SimpleUploadedFile("sp.pdf", pdf, content_type="application/pdf")
    assert 'data-match="yes"' in check({"document": same})
    forged = pdf.replace(format_rupiah(47_500).encode(), format_rupiah(97_500).encode())
    assert forged != pdf
    changed = SimpleUploadedFile("sp.pdf", forged, content_type="application/pdf")
    assert 'data-match="no"' in check({"document": changed})
    assert 'data-match="yes"' in check({"sha256": hashlib.sha256(pdf).hexdigest().upper()})
    assert 'data-match="no"' in check({"sha256": "0" * 64})
    empty = check({})
    assert "data-match" not in empty
    assert "Pilih PDF" in empty or "Choose the PDF" in empty


def test_the_verification_json_for_machines(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens, 2)
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    response = Client().get(f"/api/v1/documents/verify/{document.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["sha256"] == hashlib.sha256(bytes(document.content)).hexdigest()
    assert body["kind"] == "surat_pesanan"
    assert body["number"] == f"SP/{order.number}"
    assert body["order_status"] == S.MENUNGGU_KONFIRMASI
    assert body["total"] == order.total
    assert body["vendor"] == market.batang_vendor.organisation.name
    raw = response.content.decode()
    for secret in _personal_data(market):
        assert secret not in raw, secret
    missing = Client().get("/api/v1/documents/verify/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_terbilang() -> None:
    assert terbilang(0) == "nol rupiah"
    assert terbilang(11) == "sebelas rupiah"
    assert terbilang(1_500) == "seribu lima ratus rupiah"
    assert terbilang(11_100_000) == "sebelas juta seratus ribu rupiah"
    assert terbilang(2_012_345_678) == (
        "dua miliar dua belas juta tiga ratus empat puluh lima ribu enam ratus tujuh puluh "
        "delapan rupiah"
    )


def test_document_dates_are_the_signatures(market: Market, pens: Product) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, pens)
    document = document_issue(order_id=order.pk, kind=PaperKind.SURAT_PESANAN)
    assert document.issued_at == order.approved_at
    assert document.facts["date"] == order.approved_at.date().isoformat()
    assert isinstance(document.issued_at, datetime.datetime)
