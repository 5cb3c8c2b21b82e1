"""The search app's one model: `Synonym`, the only search table people edit
(provincial admins).

The index itself (search_document, the facet counts, the vocabulary) is
derived data, never written by Python code and read with SQL: PostgreSQL
triggers keep it in step with products, vendors, organisations and training
attendance inside the writing transaction (search/sql.py, ADR 0011;
docs/design/search.md).
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


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
