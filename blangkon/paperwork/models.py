"""The documents of an order as issued PDFs: generated once from the order's
data when it is signed, kept with their SHA-256, never changed (ADR 0029).

The bytes live in the row itself (a few tens of kilobytes): they commit or
roll back with their hash in one transaction, the database's backups hold
them, and the trigger of migration 0002 refuses any UPDATE or DELETE, whoever
connects. The private file store (blangkon/documents) is for uploads checked
against untrusted content and owned by one organisation; an issued document
is neither.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    SURAT_PESANAN = "surat_pesanan", _("Surat Pesanan")
    BAST = "bast", _("Berita Acara Serah Terima (BAST)")
    INVOICE = "invoice", _("Invoice")
    KUITANSI = "kuitansi", _("Kuitansi (receipt)")
    PAYMENT_RECEIPT = "payment_receipt", _("Proof of payment")


# The kind as it appears in a URL (/pesanan/<id>/dokumen/<slug>.pdf).
SLUGS: dict[str, str] = {
    PaperKind.SURAT_PESANAN: "surat-pesanan",
    PaperKind.BAST: "bast",
    PaperKind.INVOICE: "invoice",
    PaperKind.KUITANSI: "kuitansi",
    PaperKind.PAYMENT_RECEIPT: "bukti-pembayaran",
}
KIND_OF_SLUG: dict[str, str] = {slug: kind for kind, slug in SLUGS.items()}


class ImmutableDocument(Exception):
    """An issued document is never saved twice (the database refuses it too)."""


class IssuedDocument(models.Model):
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="issued_documents"
    )
    kind = models.CharField(max_length=20, choices=PaperKind.choices)
    # "SP/BLK/2026/000123"; the invoice's own number for an invoice.
    number = models.CharField(max_length=40)
    # The moment the document speaks of (the signature, the invoice, the
    # payment), not when its PDF was made.
    issued_at = models.DateTimeField()
    generated_at = models.DateTimeField(auto_now_add=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    # The public verification page's key: random, so documents cannot be
    # walked through by counting (secrets.token_urlsafe).
    code = models.CharField(max_length=32, unique=True)
    # What the public verification page shows: never a person's name, NIK,
    # NPWP, bank account, phone or e-mail (services.public_facts).
    facts = models.JSONField(default=dict)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="one_issued_document_per_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=PaperKind.values), name="issued_document_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableDocument(f"{self} was issued and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableDocument(f"{self} was issued and cannot be deleted.")
