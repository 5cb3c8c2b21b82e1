"""The filters of the order list (/pesanan/), read from the query string."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.models import Organisation
from blangkon.core.fields import date_input
from blangkon.orders.order_lists import QUEUE_KEYS, OrderFilters
from blangkon.orders.status import OrderStatus
from blangkon.vendors.models import Vendor


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Part of an order number or a product name."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    vendor = forms.TypedChoiceField(label=_("Vendor"), required=False, coerce=int, empty_value=None)
    opd = forms.TypedChoiceField(label=_("OPD"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=_("Created from"), required=False, widget=date_input())
    until = forms.DateField(label=_("Created until"), required=False, widget=date_input())
    # The queue (tab) the list is narrowed to; kept when filtering.
    queue = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(key, key) for key in QUEUE_KEYS],
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        vendors: list[Vendor] | None,
        opds: list[Organisation] | None,
        **kwargs: Any,
    ) -> None:
        """`vendors` and `opds` are the choices of those filters; None drops
        the filter (a vendor's users need no vendor filter, an OPD's no OPD one)."""
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = everything + list(OrderStatus.choices)
        if vendors is None:
            del self.fields["vendor"]
        else:
            vendor = self.fields["vendor"]
            assert isinstance(vendor, forms.TypedChoiceField)
            vendor.choices = everything + [(v.pk, v.organisation.name) for v in vendors]
        if opds is None:
            del self.fields["opd"]
        else:
            opd = self.fields["opd"]
            assert isinstance(opd, forms.TypedChoiceField)
            opd.choices = everything + [(o.pk, o.name) for o in opds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> OrderFilters:
        """The filters to apply; only the queue when the form is not valid
        (its errors are shown beside the fields)."""
        if not self.is_valid():
            queue = self.data.get("queue", "")
            return OrderFilters(queue=queue if queue in QUEUE_KEYS else "")
        data = self.cleaned_data
        return OrderFilters(
            status=data["status"],
            vendor_id=data.get("vendor"),
            opd_id=data.get("opd"),
            since=data["since"],
            until=data["until"],
            text=data["q"],
            queue=data["queue"],
        )
