"""The public statistics' running totals (docs/design/transparency.md).

Derived data: `aggregation.py` writes it as orders move, and
`manage.py stats_rebuild` recomputes it from the orders; neither is user action,
so nothing here is audited. The public reads only these tables (and counts of
vendors and products), never the orders themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a transaction was made: Blangkon's own orders, or the packages
    imported from INAPROC (blangkon.inaproc)."""

    BLANGKON = "blangkon", _("Blangkon")
    INAPROC = "inaproc", _("INAPROC")


class DailyTotals(models.Model):
    """The counted orders of one day, per kab/kota, OPD, category, vendor kind
    and scale, and channel: their value (whole rupiah) and how many they are.

    An order with lines of several categories adds each category's share of
    its value to that category's row, and counts once, on the row of its
    largest category (so `orders` adds up to the number of orders).
    """

    day = models.DateField()  # the day the PPK signed (Asia/Jakarta); INAPROC: tgl_order
    # An INAPROC package has no category, its satker may match no OPD, and its
    # instansi may be outside this deployment (no kab/kota): empty, for that
    # channel only (ADR 0034). Blangkon's orders always have all three.
    kab_kota = models.ForeignKey(
        "regions.Region", null=True, on_delete=models.PROTECT, related_name="+"
    )
    opd = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "catalog.Category", null=True, on_delete=models.PROTECT, related_name="+"
    )
    vendor_kind = models.CharField(max_length=12)
    vendor_scale = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    orders = models.IntegerField(default=0)
    value = models.BigIntegerField(default=0)
    # The part of `value` in lines of domestic products (PDN, the lines'
    # snapshot). INAPROC packages carry no PDN information: 0, read as unknown.
    value_pdn = models.BigIntegerField(default=0, db_default=0)

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
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(channel=Channel.INAPROC)
                | models.Q(kab_kota__isnull=False, opd__isnull=False, category__isnull=False),
                name="daily_totals_only_inaproc_has_gaps",
            ),
        ]
        indexes = [
            models.Index(fields=["channel", "day"], name="daily_totals_channel_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kab_kota_id} {self.opd_id} {self.category_id}: {self.value}"


# The rollups the public figures read (docs/design/transparency.md § 3): DailyTotals
# has about a row per order at scale (day × OPD × category × vendor), so each
# summary would read a million rows. These keep one dimension each beside the
# period and kab/kota, so their size does not grow with the orders. Database
# triggers on DailyTotals and payments_payment keep them in the writing
# transaction, whoever writes (transparency/sql.py); stats_rebuild re-derives them.


class _Rollup(models.Model):
    """A rollup's cell values: its kab/kota and channel, orders and value."""

    # Empty for an INAPROC package of an instansi outside this deployment, as
    # in DailyTotals; the cells' uniqueness treats empty as one value.
    kab_kota = models.ForeignKey(
        "regions.Region", null=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    orders = models.IntegerField(default=0)
    value = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyTotals(_Rollup):
    """DailyTotals by month, kab/kota and vendor scale: the totals, the months,
    the kab/kota and the micro/small share."""

    month = models.DateField()  # its first day
    vendor_scale = models.CharField(max_length=10, blank=True)
    value_pdn = models.BigIntegerField(default=0, db_default=0)  # as in DailyTotals

    class Meta:
        verbose_name_plural = "monthly totals"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kab_kota", "vendor_scale", "channel"],
                name="monthly_totals_one_row_per_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kab_kota_id} {self.vendor_scale}: {self.value}"


class CategoryTotals(_Rollup):
    """DailyTotals by fiscal year, kab/kota and category."""

    year = models.PositiveSmallIntegerField()
    category = models.ForeignKey(
        "catalog.Category", null=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for INAPROC packages

    class Meta:
        verbose_name_plural = "category totals"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kab_kota", "category", "channel"],
                name="category_totals_one_row_per_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kab_kota_id} {self.category_id}: {self.value}"


class OpdTotals(_Rollup):
    """DailyTotals by fiscal year and OPD (with its kab/kota)."""

    year = models.PositiveSmallIntegerField()
    opd = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for an INAPROC satker that is no OPD of ours

    class Meta:
        verbose_name_plural = "OPD totals"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kab_kota", "opd", "channel"],
                name="opd_totals_one_row_per_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.opd_id}: {self.value}"


class VendorTotals(_Rollup):
    """The counted value per fiscal year, buyer's kab/kota and vendor: the
    vendor concentration. Blangkon's orders by their vendor (kept by a trigger
    on CountedOrder, which holds each counted order's contribution); INAPROC
    packages by INAPROC's vendor code (rewritten with that channel)."""

    year = models.PositiveSmallIntegerField()
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for INAPROC packages
    inaproc_vendor = models.CharField(max_length=40, blank=True)  # kd_penyedia_v6

    class Meta:
        verbose_name_plural = "vendor totals"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kab_kota", "vendor", "inaproc_vendor", "channel"],
                name="vendor_totals_one_row_per_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.vendor_id or self.inaproc_vendor}: {self.value}"


class VendorYearTotals(models.Model):
    """VendorTotals without the kab/kota: the counted value per fiscal year and
    vendor, for the province-wide vendor concentration. Grouping VendorTotals
    by vendor read every kab/kota's row of every vendor (219,398 rows at a
    million orders: 83 ms of the dashboard's 130); this holds a row per year
    and vendor (about a quarter of that, and a tenth for one year). Kept by
    the same trigger on CountedOrder; INAPROC's rows rewritten with that
    channel."""

    year = models.PositiveSmallIntegerField()
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for INAPROC packages
    inaproc_vendor = models.CharField(max_length=40, blank=True)  # kd_penyedia_v6
    channel = models.CharField(max_length=10, choices=Channel.choices)
    orders = models.IntegerField(default=0)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "vendor year totals"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "vendor", "inaproc_vendor", "channel"],
                name="vendor_year_totals_one_row_per_cell",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.vendor_id or self.inaproc_vendor}: {self.value}"


class PaymentDays(models.Model):
    """How many of an OPD's payments of a year came so many days after the
    BAST: the median per OPD without reading the payments."""

    year = models.PositiveSmallIntegerField()  # of the payment
    kab_kota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    days = models.PositiveIntegerField()
    payments = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "payment days"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "opd", "days"], name="payment_days_one_row_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.opd_id} {self.days} days: {self.payments}"


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
    # The order's vendor, copied so the VendorTotals trigger needs no join
    # (and still finds it when the order itself is being deleted).
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    vendor_kind = models.CharField(max_length=12)
    vendor_scale = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The category id (as text: JSON keys) -> its share of the value.
    parts = models.JSONField()
    # The category id -> the part of its share in domestic products (PDN).
    pdn_parts = models.JSONField(default=dict)
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
