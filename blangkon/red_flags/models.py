"""Red flags: indicators for auditors and admins, computed from the orders and
the imported INAPROC packages (docs/design/transparency.md § Red flags).

A flag is a finding of a detector (`detectors.py`), named by a stable `key`,
so a recomputation updates its row instead of adding another. A finding that
disappears keeps its row, marked no longer present: what an auditor saw and
reviewed stays. Its review (open, reviewed, dismissed) moves through the
lifecycle helper (`transitions.py`, ADR 0014) with a note and who.

An indicator, never an accusation: the texts say what the figures show.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blangkon.lifecycles.models import StatusChange


class FlagKind(models.TextChoices):
    SPLIT_PURCHASE = "split_purchase", _("Possible split purchase")
    NEAR_CEILING = "near_ceiling", _("Value just under the ceiling")
    QUICK_LISTING = "quick_listing", _("Listed, bought and taken down quickly")
    PRICE_OUTLIER = "price_outlier", _("Unit price far above comparable products")
    CONCENTRATION = "concentration", _("Purchases concentrated on few vendors")
    SHARED_CONTACT = "shared_contact", _("Contact details shared")
    LATE_PAYER = "late_payer", _("Late payments")


class FlagChannel(models.TextChoices):
    BLANGKON = "blangkon", _("Blangkon")
    INAPROC = "inaproc", _("INAPROC")


class FlagStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("indicator review", "Open")
    REVIEWED = "reviewed", _("Reviewed")
    DISMISSED = "dismissed", _("Dismissed")


class RedFlag(models.Model):
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    channel = models.CharField(max_length=10, choices=FlagChannel.choices)
    # "<kind>:<channel>:<what identifies the finding>": the same finding is
    # the same row on every recomputation (detectors.py names each kind's).
    key = models.CharField(max_length=200, unique=True)
    # The buyer: one of our OPDs, or an INAPROC satker; the kab/kota (or the
    # province) it belongs to decides which kab/kota admin reads the flag.
    opd = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    satker = models.ForeignKey(
        "inaproc.Satker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The vendor: ours, or INAPROC's kd_penyedia_v6.
    vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vendor_code = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField(default=0)  # whole rupiah
    # What the finding rests on: order numbers or kd_paket, product ids, the
    # figures and thresholds used. Never a full account or phone number.
    evidence = models.JSONField(default=dict)
    first_raised_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    still_present = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("red flag")
        ordering = ["-first_raised_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "channel", "status"], name="red_flag_filters"),
            models.Index(fields=["region"], name="red_flag_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(opd__isnull=False) & models.Q(satker__isnull=False)),
                name="red_flag_one_buyer",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class RedFlagStatusChange(StatusChange):
    """One row per review move of a flag."""

    flag = models.ForeignKey(RedFlag, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=FlagStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=FlagStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("red flag review")
