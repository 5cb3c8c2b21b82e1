"""The catalog's search index: derived data, never written by Python code.

`SearchDocument` holds one row per *live* product (TAYANG, vendor verified)
with everything search filters, counts and sorts on, flattened. PostgreSQL
triggers (migration 0001, function `search_refresh`) keep it, the facet
counts and the vocabulary in step with products, vendors, organisations and
training attendance inside the writing transaction, so a product taken down
is gone from search when that transaction commits (ADR 0011).

`Synonym` is the only table here people edit (provincial admins).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    product = models.OneToOneField(
        "catalog.Product",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    category_group = models.ForeignKey(
        "catalog.Category", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    unit = models.ForeignKey(
        "catalog.Unit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kab_kota = models.ForeignKey(
        "regions.Region", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.ForeignKey(
        "regions.Region", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    vendor_kind = models.CharField(max_length=12)
    scale = models.CharField(max_length=10)
    is_pdn = models.BooleanField()
    is_trained = models.BooleanField()
    price = models.BigIntegerField()
    price_bucket = models.SmallIntegerField()
    # The vendor's published rating average (Vendor.rating_average, kept by
    # the ratings app; search migration 0009). Sales arrive with orders; the
    # column is here so the sort and the index exist from the start.
    rating = models.DecimalField(max_digits=3, decimal_places=2, null=True)
    sold_count = models.IntegerField(default=0)
    published_at = models.DateTimeField()
    # 0..3: +2 micro/small vendor, +1 PDN product (Perpres 12/2021 Pasal 65).
    boost = models.SmallIntegerField()
    # A hash of the product id and the day's seed: ties in relevance are
    # broken by it, so the order among equals changes every day.
    tie_key = models.IntegerField()
    name = models.CharField(max_length=200)
    name_vector = SearchVectorField()
    vector = SearchVectorField()

    class Meta:
        managed = False  # created with its indexes and triggers by raw SQL
        db_table = "search_document"

    def __str__(self) -> str:
        return self.name


class SynonymKind(models.TextChoices):
    # Every term finds the others: "pulpen", "bolpoin", "ballpoint".
    GROUP = "group", _("two-way group")
    # The first term also finds the others, not the reverse: "infocus" finds
    # projectors, but "proyektor" does not turn into a brand.
    ONE_WAY = "one_way", _("one-way rule")


class Synonym(models.Model):
    """Words or phrases that mean the same to buyers, e.g. "atk", "alat
    tulis kantor". In a GROUP a query containing one finds the others; in a
    ONE_WAY rule only a query containing terms[0] finds the others."""

    terms = ArrayField(models.CharField(max_length=60), verbose_name=_("terms"))
    kind = models.CharField(
        max_length=8, choices=SynonymKind.choices, default=SynonymKind.GROUP, verbose_name=_("kind")
    )
    # Loaded from the shipped vocabulary (search/vocabulary/starter.toml) and
    # not edited since: removing the vocabulary removes exactly these rows.
    shipped = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]

    def __str__(self) -> str:
        return ", ".join(self.terms)
