"""Ratings after an order is completed (docs/design/paying.md, section 6).

Per order, at most one of each: the PPK's rating of the vendor, the vendor's
rating of the OPD, and the vendor's one reply to the PPK's rating. A rating
is hidden from the other side until it is published: when both sides have
rated, or RATING_WINDOW after the order was completed (the rating window
closes then; ratings/tasks.py publishes what is due). `published_at` is the
one answer to "is it public", so pages, the API and the vendor's average
(Vendor.rating_average) never disagree.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

RATING_WINDOW = datetime.timedelta(days=14)
SCORE_MIN, SCORE_MAX = 1, 5
COMMENT_MAX = 2000


def _scores_check(name: str, *fields: str) -> models.CheckConstraint:
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__gte": SCORE_MIN, f"{field}__lte": SCORE_MAX})
    return models.CheckConstraint(condition=condition, name=name)


class VendorRating(models.Model):
    """The PPK's rating of the vendor for one order."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="vendor_rating"
    )
    # Copied from the order: the vendor's average and the storefront read by them.
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    quality = models.PositiveSmallIntegerField(_("quality"))
    timeliness = models.PositiveSmallIntegerField(_("timeliness"))
    conformity = models.PositiveSmallIntegerField(_("conformity to the order"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            _scores_check("vendor_rating_scores_1_to_5", "quality", "timeliness", "conformity")
        ]
        indexes = [models.Index(fields=["vendor", "-published_at"], name="vendor_rating_public")]

    def __str__(self) -> str:
        return f"{self.order} → {self.vendor}"

    @property
    def score(self) -> float:
        """The mean of the three scores (shown with one decimal)."""
        return (self.quality + self.timeliness + self.conformity) / 3


class OpdRating(models.Model):
    """The vendor's rating of the OPD for one order."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="opd_rating"
    )
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    opd = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    clarity = models.PositiveSmallIntegerField(_("clarity of the order"))
    payment_speed = models.PositiveSmallIntegerField(_("payment speed"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [_scores_check("opd_rating_scores_1_to_5", "clarity", "payment_speed")]

    def __str__(self) -> str:
        return f"{self.order} → {self.opd}"


class RatingReply(models.Model):
    """The vendor's one reply to the PPK's published rating."""

    rating = models.OneToOneField(VendorRating, on_delete=models.PROTECT, related_name="reply")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="rating_reply_not_empty")]

    def __str__(self) -> str:
        return f"{self.rating}: {self.text[:40]}"
