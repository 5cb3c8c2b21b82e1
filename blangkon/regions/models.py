"""Administrative regions (Kemendagri codes), the spine of local-first rules.

One self-referencing table holds provinces and kabupaten/kota, so other
provinces join later as rows, not as a schema change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")


class Region(models.Model):
    # Kemendagri code as written officially: "33" for a province, "33.25" for a
    # kabupaten/kota. Names repeat (Kabupaten and Kota Semarang), codes never do.
    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # BPS uses the same digits without the dot (3325); kept for statistics joins.
    bps_code = models.CharField(max_length=10, unique=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=RegionKind.PROVINSI, parent__isnull=True)
                | (~models.Q(kind=RegionKind.PROVINSI) & models.Q(parent__isnull=False)),
                name="region_province_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_kab_kota(self) -> bool:
        return self.kind in (RegionKind.KABUPATEN, RegionKind.KOTA)

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]
