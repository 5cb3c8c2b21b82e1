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


class Synonym(models.Model):
    """A group of words or phrases that mean the same to buyers, e.g.
    "atk", "alat tulis kantor". A query containing one finds the others."""

    terms = ArrayField(models.CharField(max_length=60), verbose_name=_("terms"))
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]

    def __str__(self) -> str:
        return ", ".join(self.terms)
