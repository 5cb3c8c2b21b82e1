"""The public statistics' running totals (docs/design/transparency.md).

Derived data: `aggregation.py` writes it as orders move, and
`manage.py stats_rebuild` recomputes it from the orders; neither is user action,
so nothing here is audited. The public reads only these tables (and counts of
vendors and products), never the orders themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a transaction was made. Only Blangkon's own orders exist today;
    purchases imported from INAPROC will be rows of their own channel."""

    BLANGKON = "blangkon", _("Blangkon")
    INAPROC = "inaproc", _("INAPROC")


class DailyTotals(models.Model):
    """The counted orders of one day, per kab/kota, OPD, category, vendor kind
    and scale, and channel: their value (whole rupiah) and how many they are.

    An order with lines of several categories adds each category's share of
    its value to that category's row, and counts once, on the row of its
    largest category (so `orders` adds up to the number of orders).
    """

    day = models.DateField()  # the day the PPK signed (Asia/Jakarta)
    kab_kota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey("catalog.Category", on_delete=models.PROTECT, related_name="+")
    vendor_kind = models.CharField(max_length=12)
    vendor_scale = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    orders = models.IntegerField(default=0)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "daily totals"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "kab_kota",
                    "opd",
                    "category",
                    "vendor_kind",
                    "vendor_scale",
                    "channel",
                ],
                name="daily_totals_one_row_per_cell",
            ),
        ]
        indexes = [models.Index(fields=["channel", "day"], name="daily_totals_channel_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.kab_kota_id} {self.opd_id} {self.category_id}: {self.value}"


class CountedOrder(models.Model):
    """What one counted order adds to DailyTotals, so a later move can take
    exactly that back out (a cancellation after signing, a partial acceptance
    lowering the value). An order outside the counted set has no row."""

    order = models.OneToOneField(
        "orders.Order", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    kab_kota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    vendor_kind = models.CharField(max_length=12)
    vendor_scale = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The category id (as text: JSON keys) -> its share of the value.
    parts = models.JSONField()
    primary_category = models.ForeignKey(
        "catalog.Category", on_delete=models.PROTECT, related_name="+"
    )
    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"order {self.order_id}: {self.value}"


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"


class PublishedFile(models.Model):
    """One open-data file of the register as last written (opendata.py): the
    bytes live under MEDIA_ROOT/opendata/, this row says what they are. A
    new run replaces the file and updates its row, so there is one row per
    file name whatever the number of runs."""

    name = models.CharField(max_length=80, unique=True)  # blangkon-transaksi-2026.csv
    fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)  # None: every year
    format = models.CharField(max_length=4, choices=FileFormat.choices)
    path = models.CharField(max_length=255)  # relative to MEDIA_ROOT
    rows = models.PositiveIntegerField()
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField()

    class Meta:
        ordering = [models.F("fiscal_year").desc(nulls_first=True), "format"]

    def __str__(self) -> str:
        return self.name
