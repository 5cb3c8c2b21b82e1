"""Reference data of the catalog: units of measure and the category tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaxClass(models.TextChoices):
    # PPN when the vendor is PKP; PPh 22 withheld by the treasurer.
    GOODS = "goods", _("Goods")
    # PPN when the vendor is PKP; PPh 23 (or 21 for individuals).
    SERVICE = "service", _("Service")
    # Restaurant/catering: regional tax PBJT instead of PPN; PPh 23/21.
    CATERING = "catering", _("Catering")
    # Light construction: final PPh 4(2) (domain.md 5, item 28).
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
