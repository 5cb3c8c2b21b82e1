"""The forms of the rating page: the PPK's rating of the vendor, the vendor's
rating of the OPD, and the vendor's reply. They check the shape (a score is
one of 1 to 5); the rules are the services'. Each carries a fresh
`idempotency_key`, so a form sent twice acts once (orders/idempotency.py)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.orders.order_forms import OrderForm
from blangkon.ratings.models import COMMENT_MAX, SCORE_MAX, SCORE_MIN

SCORES = [(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


def _score(label: Any, help_text: Any) -> forms.TypedChoiceField:
    # Radio buttons in a row: five large targets, easy on a phone.
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "score"}),
    )


def _comment(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VendorRatingForm(OrderForm):
    quality = _score(_("Quality"), _("1: poor, 5: excellent."))
    timeliness = _score(_("Timeliness"), _("Was it delivered when agreed?"))
    conformity = _score(_("Conformity to the order"), _("Did it match what was ordered?"))
    comment = _comment(_("Comment (optional)"))


class OpdRatingForm(OrderForm):
    clarity = _score(_("Clarity of the order"), _("Were the order and its terms clear?"))
    payment_speed = _score(_("Payment speed"), _("Was the invoice paid promptly?"))
    comment = _comment(_("Comment (optional)"))


class ReplyForm(OrderForm):
    text = _comment(_("Your reply"), required=True)
