"""Forms for listing and curating products: input shapes and labels only.

The rules live in services.validate_product_input; a refusal comes back as a
DomainError whose fields are put on the form with accounts.forms.apply_domain_error.
"""

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.models import Category, Product, Unit
from blangkon.catalog.specs import normalise_spec_key, spec_label
from blangkon.catalog.status import TakedownReason
from blangkon.regions.selectors import kab_kota_list

# "15000", "15.000", "15 000", "Rp 1.500.000": whole rupiah, optionally grouped
# by thousands the Indonesian way. "1500.5" or "1,5" are refused.
_RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:[.\s]\d{3})+|\d+)$", re.IGNORECASE)


class RupiahField(forms.Field):
    """A price typed by a person: whole rupiah, thousands grouped or not."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Enter the price in whole rupiah without decimals, e.g. 15000 or 15.000."),
    }

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        match = _RUPIAH.match(text) if len(text) <= 30 else None
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(re.sub(r"[.\s]", "", match.group(1)))


def parse_specifications(text: str) -> dict[str, str]:
    """'key: value' lines → {key: value}; raises ValidationError naming the line."""
    specs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip() or not value.strip():
            raise forms.ValidationError(
                _("Line %(number)d: write each specification as 'name: value'."),
                code="invalid",
                params={"number": number},
            )
        specs[normalise_spec_key(key)] = " ".join(value.split())
    return specs


def specifications_text(specs: dict[str, str]) -> str:
    return "\n".join(f"{spec_label(key)}: {value}" for key, value in specs.items())


def category_choices(leaves: Iterable[Category]) -> list[tuple[str, Any]]:
    """Leaf categories grouped under their group, for a <select> with optgroups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for leaf in leaves:
        assert leaf.parent is not None
        groups.setdefault(leaf.parent.name, []).append((leaf.slug, leaf.name))
    return [("", _("Choose a category")), *groups.items()]


def unit_choices(units: Iterable[Unit]) -> list[tuple[str, str]]:
    return [(unit.code, str(unit)) for unit in units]


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=200)
    sku = forms.CharField(
        label=_("SKU (your own product code)"),
        max_length=60,
        help_text=_("Unique among your products, e.g. ATK-001."),
    )
    category = forms.ChoiceField(label=_("Category"))
    unit = forms.ChoiceField(label=_("Unit"))
    price = RupiahField(
        label=_("Price per unit, tax included (Rp)"),
        help_text=_("Whole rupiah, e.g. 15000. What the OPD pays for one unit."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text. You may use **bold**, *italic* and lists with lines starting with '- '."
        ),
    )
    specifications = forms.CharField(
        label=_("Specifications"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line as 'name: value', e.g. 'Ukuran: A4'."),
    )
    min_order_quantity = forms.IntegerField(label=_("Minimum order"), min_value=1, initial=1)
    stock = forms.IntegerField(label=_("Stock"), min_value=0, required=False)
    made_to_order = forms.BooleanField(
        label=_("Made to order (no stock; produced for each order)"), required=False
    )
    lead_time_days = forms.IntegerField(
        label=_("Lead time (days)"), min_value=1, max_value=365, required=False
    )
    coverage = forms.MultipleChoiceField(
        label=_("Delivers to (kabupaten/kota)"),
        required=False,
        help_text=_("Leave empty to deliver only in your own kabupaten/kota."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_pdn = forms.BooleanField(label=_("Domestic product (PDN)"), required=False)
    tkdn_percent = forms.DecimalField(
        label=_("TKDN (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )

    def __init__(
        self,
        *args: Any,
        leaves: Iterable[Category],
        units: Iterable[Unit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("category").choices = category_choices(leaves)
        self._choice_field("unit").choices = unit_choices(units)
        coverage = self.fields["coverage"]
        assert isinstance(coverage, forms.MultipleChoiceField)
        coverage.choices = [(r.code, r.name) for r in kab_kota_list()]
        # The unit list follows the chosen category (HTMX swaps the options).
        self.fields["category"].widget.attrs.update(
            {
                "hx-get": reverse("catalog:unit-options"),
                "hx-target": "#id_unit",
                "hx-trigger": "change",
            }
        )

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean_specifications(self) -> dict[str, str]:
        return parse_specifications(self.cleaned_data.get("specifications") or "")

    def to_input(self) -> ProductInput:
        data = self.cleaned_data
        return ProductInput(
            sku=data["sku"],
            name=data["name"],
            category_slug=data["category"],
            unit_code=data["unit"],
            price=data["price"],
            description=data["description"],
            specifications=data["specifications"],
            min_order_quantity=data["min_order_quantity"],
            stock=data["stock"],
            made_to_order=data["made_to_order"],
            lead_time_days=data["lead_time_days"],
            coverage_codes=tuple(data["coverage"]),
            is_pdn=data["is_pdn"],
            tkdn_percent=data["tkdn_percent"],
        )


def product_initial(product: Product) -> dict[str, Any]:
    """The edit form's starting values from a saved product: on a live product
    with changes waiting for a curator, the waiting values (so saving the form
    again keeps them)."""
    category_id = product.proposed("category_id")
    category = product.category if category_id == product.category_id else None
    return {
        "name": product.proposed("name"),
        "sku": product.sku,
        "category": (category or Category.objects.get(pk=category_id)).slug,
        "unit": product.proposed("unit_id"),
        "price": str(product.pending_price or product.price),
        "description": product.proposed("description"),
        "specifications": specifications_text(product.proposed("specifications")),
        "min_order_quantity": product.min_order_quantity,
        "stock": product.stock,
        "made_to_order": product.made_to_order,
        "lead_time_days": product.lead_time_days,
        "coverage": [region.code for region in product.coverage.all()],
        "is_pdn": product.proposed("is_pdn"),
        "tkdn_percent": product.proposed("tkdn_percent"),
    }


class RevisionReasonForm(forms.Form):
    """The curator sends a submitted product back: what must the vendor fix?"""

    revision_reason = forms.CharField(
        label=_("What must be fixed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The vendor reads this and fixes the product before submitting it again."),
        error_messages={"required": _("Write what the vendor must fix.")},
    )


class RejectionForm(forms.Form):
    """The curator refuses a submitted product for good: a reason and a confirmation."""

    rejection_reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A rejected product cannot be submitted again. The vendor reads this reason."),
        error_messages={"required": _("Write why the product is rejected.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that the rejection is final."),
        error_messages={"required": _("Tick the box to confirm the rejection.")},
    )


class VendorTakeDownForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why take it down?"),
        choices=[
            (TakedownReason.VENDOR, _("I stop selling it for now")),
            (TakedownReason.OUT_OF_STOCK, TakedownReason.OUT_OF_STOCK.label),
        ],
    )


class CuratorTakeDownForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (TakedownReason.ADMIN, TakedownReason.ADMIN.label),
            (TakedownReason.PRICE_ANOMALY, TakedownReason.PRICE_ANOMALY.label),
        ],
    )
    note = forms.CharField(
        label=_("Note for the vendor"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CurationFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    kab_kota = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    vendor = forms.TypedChoiceField(label=_("Vendor"), required=False, coerce=int, empty_value=None)
    jenis = forms.ChoiceField(
        label=_("Waiting for"),
        required=False,
        choices=[
            ("", _("All")),
            ("baru", _("New products")),
            ("perubahan", _("Changes to live products")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        leaves: Iterable[Category],
        pemda: Iterable[Any],
        vendors: Iterable[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = everything + [choice for choice in category_choices(leaves) if choice[0]]
        kab_kota = self.fields["kab_kota"]
        assert isinstance(kab_kota, forms.ChoiceField)
        kab_kota.choices = everything + [(p.region_id, p.region.name) for p in pemda]
        vendor = self.fields["vendor"]
        assert isinstance(vendor, forms.ChoiceField)
        vendor.choices = everything + [(v.pk, v.organisation.name) for v in vendors]


class IdListField(forms.Field):
    """Checked boxes sharing one name → a list of ids. Which ids the user may
    touch is the service's question, not the form's."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one product."),
        "invalid": _("The selection is not valid."),
    }

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if not all(str(item).isdigit() for item in values) or len(values) > 1000:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(item) for item in values]


class BulkApproveForm(forms.Form):
    product_ids = IdListField(label=_("Products"))


class ProductImageForm(forms.Form):
    image = forms.FileField(
        label=_("Add a photo"),
        help_text=_("JPEG or PNG, at most 5 MB. A product has up to 5 photos."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
