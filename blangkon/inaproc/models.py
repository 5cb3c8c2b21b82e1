"""Purchases made on the national e-catalog (INAPROC Katalog v6), imported
from LKPP's open data so that they can be counted and watched beside
Blangkon's own orders (docs/design/transparency.md).

The rows keep the field names of LKPP's `Ecat-PaketEPurchasingV6` dataset, so
that a reader can hold a package beside its source record. The national feed
also publishes the ordering official's name; it is never imported.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Satker(models.Model):
    """A work unit (satuan kerja) as INAPROC names it, and what it is here.

    `opd` is set when the satker is one of this deployment's OPDs (matched by
    name on import, or mapped by an admin); `region` when its instansi is one
    of the province's kab/kota (or the province itself). A satker of another
    instansi keeps both empty and is shown under the instansi's own name.
    """

    kd_klpd = models.CharField(max_length=20)  # the instansi, e.g. "D107"
    jenis_instansi = models.CharField(max_length=40)  # KABUPATEN, KOTA, PROVINSI, …
    nama_instansi = models.CharField(max_length=200)
    kd_satker_str = models.CharField(max_length=60)
    nama_satker = models.CharField(max_length=300)
    opd = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("INAPROC work unit")
        constraints = [
            models.UniqueConstraint(
                fields=["kd_klpd", "kd_satker_str"], name="inaproc_satker_one_per_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama_satker} ({self.nama_instansi})"


class PackageStatus(models.TextChoices):
    """`status_pkt` of the national feed."""

    ON_PROCESS = "ON_PROCESS", _("In process")
    ON_ADDENDUM = "ON_ADDENDUM", _("Being amended")
    PAYMENT_OUTSIDE_SYSTEM = "PAYMENT_OUTSIDE_SYSTEM", _("Paid outside the system")
    COMPLETED = "COMPLETED", _("Completed")


class DeliveryStatus(models.TextChoices):
    """`status_pengiriman` of the national feed."""

    DRAFT = "DRAFT", _("Draft")
    PROCESSING = "PROCESSING", _("Processing")
    SHIPPING = "SHIPPING", _("Shipping")
    DELIVERED = "DELIVERED", _("Delivered")
    BUYER_CONFIRMED = "BUYER_CONFIRMED", _("Confirmed by the buyer")
    COMPLETED = "COMPLETED", _("Completed")


class Package(models.Model):
    """One e-purchasing package (paket) of INAPROC Katalog v6: one order of
    one satker from one vendor. `kd_paket` (a ULID) identifies it across
    imports, so re-importing a file changes nothing and a newer status
    updates the row."""

    kd_paket = models.CharField(max_length=40, unique=True)
    satker = models.ForeignKey(Satker, on_delete=models.PROTECT, related_name="packages")
    tahun_anggaran = models.PositiveSmallIntegerField()
    kd_rup = models.CharField(max_length=40, blank=True)
    rup_nama_pkt = models.TextField(blank=True)
    product_ids = models.JSONField(default=list)  # INAPROC product UUIDs
    sumber_dana = models.CharField(max_length=40, blank=True)  # APBD, APBDP, BLUD, …
    mak = models.TextField(blank=True)  # budget account string(s)
    kd_penyedia_v6 = models.CharField(max_length=40)  # the vendor on INAPROC
    kd_penyedia_sikap = models.BigIntegerField(null=True, blank=True)
    jml_jenis_produk = models.PositiveIntegerField(default=0)
    jml_produk = models.PositiveIntegerField(default=0)
    ongkir = models.BigIntegerField(default=0)  # delivery cost, whole rupiah
    total_harga = models.BigIntegerField()  # whole rupiah, delivery included
    tgl_order = models.DateField()
    status_pkt = models.CharField(max_length=30, choices=PackageStatus.choices)
    status_pengiriman = models.CharField(max_length=30, choices=DeliveryStatus.choices)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("INAPROC package")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_harga__gte=0) & models.Q(ongkir__gte=0),
                name="inaproc_package_money_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["tgl_order"], name="inaproc_package_day"),
            models.Index(fields=["satker", "kd_penyedia_v6"], name="inaproc_package_buyer_vendor"),
        ]

    def __str__(self) -> str:
        return self.kd_paket
