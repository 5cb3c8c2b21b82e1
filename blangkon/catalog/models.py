"""The catalog: units of measure, the category tree, products and their history."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from blangkon.catalog.status import (
    BulkUploadStatus,
    ChangeRequestStatus,
    ProductStatus,
    TakedownReason,
)
from blangkon.lifecycles.models import StatusChange


class TaxClass(models.TextChoices):
    # PPN when the vendor is PKP; PPh 22 withheld by the treasurer.
    GOODS = "goods", _("Goods")
    # PPN when the vendor is PKP; PPh 23 (or 21 for individuals).
    SERVICE = "service", _("Service")
    # Restaurant/catering: regional tax PBJT instead of PPN; PPh 23/21.
    CATERING = "catering", _("Catering")
    # Light construction: final PPh 4(2) (docs/domain/taxes.md, "Construction").
    CONSTRUCTION = "construction", _("Construction")


class Unit(models.Model):
    code = models.SlugField(max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=40)
    # What the unit means when it is a pack ("12 buah", "500 lembar").
    note = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Only leaf categories carry a tax class; products live in leaves.
    tax_class = models.CharField(max_length=12, choices=TaxClass.choices, blank=True)
    units = models.ManyToManyField(Unit, related_name="categories", blank=True)
    typical_items = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, tax_class="")
                | models.Q(parent__isnull=False) & ~models.Q(tax_class=""),
                name="leaf_category_has_tax_class",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    sku = models.CharField(_("SKU"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    # Plain text or a safe subset of Markdown; sanitised when rendered.
    description = models.TextField(_("description"), blank=True)
    # {"ukuran": "A4", "gramatur": "70 gsm"}; required keys depend on the category.
    specifications = models.JSONField(_("specifications"), default=dict, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # Price per unit INCLUDING tax, in whole rupiah: what the buyer pays.
    price = models.BigIntegerField(_("price per unit incl. tax"))
    # The last price a curator saw: when the product went live, or a price
    # change a curator approved. Later changes are judged against it, so no
    # series of small steps moves a price beyond the tolerance unreviewed.
    reviewed_price = models.BigIntegerField(null=True, blank=True)
    price_reviewed_at = models.DateTimeField(null=True, blank=True)
    min_order_quantity = models.PositiveIntegerField(_("minimum order"), default=1)
    # NULL stock with made_to_order: produced per order within lead_time_days.
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)
    # Kab/kota the vendor delivers to.
    coverage = models.ManyToManyField("regions.Region", related_name="+", blank=True)
    is_pdn = models.BooleanField(_("domestic product (PDN)"), default=False)
    tkdn_percent = models.DecimalField(
        _("TKDN %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # A certificate kind the product depends on (e.g. halal food); when it
    # expires the product is taken down until it is renewed.
    required_certificate = models.CharField(max_length=10, blank=True)

    status = models.CharField(
        max_length=20, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True
    )
    status_reason = models.TextField(blank=True)
    takedown_reason = models.CharField(max_length=20, choices=TakedownReason.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sku"], name="sku_unique_per_vendor"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="price_positive"),
            models.CheckConstraint(
                condition=models.Q(tkdn_percent__isnull=True)
                | models.Q(tkdn_percent__gte=0, tkdn_percent__lte=100),
                name="tkdn_is_a_percentage",
            ),
        ]
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def open_change(self) -> "ProductChangeRequest | None":
        """The change request waiting for a curator, if any. Selectors prefetch
        it into `open_changes`; without that, each read asks the database (no
        cache that a refresh_from_db would leave stale)."""
        if hasattr(self, "open_changes"):
            return self.open_changes[0] if self.open_changes else None
        return self.change_requests.filter(status=ChangeRequestStatus.PENDING).first()

    def proposed(self, name: str) -> Any:
        """A curated field's value as the vendor last proposed it: the waiting
        value if one waits, else the live one (what the edit form starts from)."""
        change = self.open_change
        if change is not None and name in change.proposed:
            return change.proposed[name]
        return getattr(self, name)

    @property
    def pending_price(self) -> int | None:
        """A price beyond the tolerance that waits for a curator (None if none)."""
        change = self.open_change
        price = change.proposed.get("price") if change else None
        return int(price) if price is not None else None


class ProductStatusChange(StatusChange):
    """One row per curation move: the product's status history."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ProductStatus.choices)
    to_status = models.CharField(max_length=20, choices=ProductStatus.choices)

    class Meta(StatusChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.product_id}: {self.from_status} → {self.to_status}"


class PriceChangeStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")  # within the tolerance, or the first price
    PENDING = "pending", _("Waiting for review")  # a large change; the old price stays live
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PriceChange(models.Model):
    """Immutable price history (rows are only added; a review adds a new row)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_changes")
    old_price = models.BigIntegerField(null=True)
    new_price = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=PriceChangeStatus.choices)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.old_price} → {self.new_price} ({self.status})"


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    file = models.OneToOneField("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    thumbnail = models.OneToOneField(
        "documents.StoredFile", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # A photo added to a live product waits for a curator (it belongs to the
    # product's change request); buyers see only reviewed photos.
    awaiting_review = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product_id} #{self.position}"


class ProductChangeRequest(models.Model):
    """A vendor's change to a live product, waiting for a curator.

    At most one is PENDING per product. `proposed` holds the new values of the
    changed curated fields (CURATED_FIELDS, as JSON: category and unit by id
    and code, TKDN as text), "price" when the price moves beyond the
    tolerance, and "images" (ids of photos awaiting review). The product row
    keeps the approved values until a curator approves. Moved only by
    catalog/transitions.py (change_request_transition).
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="change_requests")
    status = models.CharField(
        max_length=10, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    proposed = models.JSONField(default=dict)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The curator's reason for a rejection (shown to the vendor).
    status_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(status=ChangeRequestStatus.PENDING),
                name="one_pending_change_per_product",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: change {self.pk} ({self.status})"


class ProductChangeRequestStatusChange(StatusChange):
    """One row per move of a change request: proposed, edited, decided."""

    change_request = models.ForeignKey(
        ProductChangeRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=ChangeRequestStatus.choices)
    to_status = models.CharField(max_length=10, choices=ChangeRequestStatus.choices)

    class Meta(StatusChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.change_request_id}: {self.from_status} → {self.to_status}"


class BulkUpload(models.Model):
    """One XLSX (plus an optional ZIP of images) a vendor uploaded to create or
    update many products at once; imported in the background (ADR 0010)."""

    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="bulk_uploads"
    )
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    images_file = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Failed rows as they were uploaded, plus a "Kesalahan" column.
    error_report = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=BulkUploadStatus.choices, default=BulkUploadStatus.QUEUED
    )
    # Data rows (the header not counted), counted when the file was uploaded.
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    images_attached = models.PositiveIntegerField(default=0)
    # [{"name": "SKU-1_2.png", "error": "..."}]: images that were not attached.
    image_problems = models.JSONField(default=list, blank=True)
    # Why a FAILED upload could not be read or finished (shown to the vendor).
    error_message = models.TextField(blank=True)
    # The uploader's language: messages written by the worker (also when a
    # stalled import is resumed by the recovery job) are in it.
    language = models.CharField(max_length=10, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed_rows__lte=models.F("total_rows")),
                name="bulk_upload_processed_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    processed_rows=models.F("created_count")
                    + models.F("updated_count")
                    + models.F("failed_count")
                ),
                name="bulk_upload_counts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor_id}: bulk upload {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (BulkUploadStatus.DONE, BulkUploadStatus.FAILED)

    @property
    def percent_done(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return self.processed_rows * 100 // self.total_rows


class BulkUploadStatusChange(StatusChange):
    """One row per move of a bulk upload: its start, each resume, its end. The
    RUNNING rows count the attempts (catalog/bulk/services.py gives up after
    a few)."""

    upload = models.ForeignKey(BulkUpload, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=BulkUploadStatus.choices)
    to_status = models.CharField(max_length=20, choices=BulkUploadStatus.choices)

    class Meta(StatusChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.upload_id}: {self.from_status} → {self.to_status}"


class BulkUploadRowError(models.Model):
    """Why one row of an upload was not imported. Written in the transaction
    that commits the row's chunk (with the counters), so an import resumed
    after its worker stopped still reports every failed row."""

    upload = models.ForeignKey(BulkUpload, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField()  # in the sheet; the header is row 1
    errors = models.JSONField()  # {column header: message}; "" for the whole row

    class Meta:
        ordering = ["upload", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "row_number"], name="bulk_upload_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.upload_id}: row {self.row_number}"
