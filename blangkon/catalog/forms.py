"""Forms for listing and curating products.

The product form checks the listing rules of catalog.listing_rules itself, so
a vendor sees every problem after one submit; services.validate_product_input
checks them again (for the API and the bulk import too) and a refusal comes
back as a DomainError put on the form with accounts.forms.apply_domain_error.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.listing_rules import missing_spec_keys, stock_problems
from blangkon.catalog.models import Category, Product, Unit
from blangkon.catalog.product_selectors import sku_in_use
from blangkon.catalog.specs import (
    MAX_SPEC_VALUE_LENGTH,
    normalise_spec_key,
    required_spec_keys,
    spec_label,
)
from blangkon.catalog.status import TakedownReason
from blangkon.core.fields import RupiahField
from blangkon.regions.selectors import kab_kota_list
from blangkon.vendors.models import Vendor


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


# The required specifications of the chosen category are fields of their own,
# named SPEC_PREFIX + key, so each is marked, described and linked from the
# error summary like any other field.
SPEC_PREFIX = "spec_"


class ProductForm(forms.Form):
    """The vendor's product form. It checks every rule a person can break in one
    pass (field formats, the category's required specifications, stock or lead
    time, a SKU already in use), so the first submit shows every problem;
    services.validate_product_input stays the final guard."""

    name = forms.CharField(label=_("Product name"), max_length=200)
    sku = forms.CharField(
        label=_("SKU (your own product code)"),
        max_length=60,
        help_text=_("Unique among your products, e.g. ATK-001."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        help_text=_("Its required specifications and its units appear below once you choose."),
    )
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
        label=_("Other specifications (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line as 'name: value', e.g. 'Warna: Biru'."),
    )
    min_order_quantity = forms.IntegerField(label=_("Minimum order"), min_value=1, initial=1)
    stock = forms.IntegerField(
        label=_("Stock"),
        min_value=0,
        required=False,
        help_text=_("How many you have ready. Leave empty for a made-to-order product."),
    )
    made_to_order = forms.BooleanField(
        label=_("Made to order (no stock; produced for each order)"), required=False
    )
    lead_time_days = forms.IntegerField(
        label=_("Lead time (days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Required for a made-to-order product: the days you need to make it."),
    )
    coverage = forms.MultipleChoiceField(
        label=_("Delivers to (kabupaten/kota)"),
        required=False,
        help_text=_(
            "Tick every kab/kota you deliver to; none ticked means only your own kab/kota. "
            '"All my kab/kota" ticks yours and those your other products deliver to.'
        ),
        widget=forms.CheckboxSelectMultiple,
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
        category: Category | None,
        units: Iterable[Unit],
        vendor: Vendor | None = None,
        product_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.chosen_category = category
        self.vendor = vendor
        self.product_id = product_id
        self._choice_field("category").choices = category_choices(leaves)
        self._set_units(units)
        coverage = self.fields["coverage"]
        assert isinstance(coverage, forms.MultipleChoiceField)
        coverage.choices = [(r.code, r.name) for r in kab_kota_list()]
        self.spec_keys = required_spec_keys(category.slug) if category else ()
        for key in self.spec_keys:
            self.fields[SPEC_PREFIX + key] = forms.CharField(
                label=spec_label(key), max_length=MAX_SPEC_VALUE_LENGTH, required=False
            )
        self.order_fields(["name", "sku", "category", "unit", *self.spec_field_names()])
        # Choosing a category swaps in its units and required specifications
        # (HTMX), keeping what was already typed in them.
        self.fields["category"].widget.attrs.update(
            {
                "hx-get": reverse("catalog:unit-options"),
                "hx-target": "#category-fields",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
                "hx-include": f"[name='unit'], [name^='{SPEC_PREFIX}']",
                "data-htmx-catch-up": "",
            }
        )

    def _set_units(self, units: Iterable[Unit]) -> None:
        unit = self._choice_field("unit")
        if self.chosen_category is None:
            # No unit is picked for the vendor before a category is chosen.
            unit.choices = [("", _("Choose a category first"))]
            unit.error_messages["required"] = _("Choose a category first, then its unit.")
        else:
            unit.choices = unit_choices(units)
            unit.error_messages["required"] = _("Choose the unit you sell in.")
            unit.help_text = _("Units of %(category)s: %(units)s.") % {
                "category": self.chosen_category.name,
                "units": ", ".join(label for _code, label in unit.choices),
            }
        unit.error_messages["invalid_choice"] = _("Choose one of the units of the category.")

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def spec_field_names(self) -> list[str]:
        return [SPEC_PREFIX + key for key in self.spec_keys]

    def spec_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.spec_field_names()]

    def clean_specifications(self) -> dict[str, str]:
        return parse_specifications(self.cleaned_data.get("specifications") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_specifications(data)
        self._check_stock(data)
        self._check_sku(data)
        return data

    def _check_specifications(self, data: dict[str, Any]) -> None:
        """Merge the required specifications into the others; name each one missing."""
        specs = dict(data.get("specifications") or {})
        for key in self.spec_keys:
            value = " ".join((data.get(SPEC_PREFIX + key) or "").split())
            if value:
                specs[key] = value
        if self.chosen_category is not None:
            for key in missing_spec_keys(self.chosen_category.slug, specs):
                # The summary puts the label before it ("Gramatur: ...").
                self.add_error(
                    SPEC_PREFIX + key, _("Every product of this category states it; fill it in.")
                )
        if "specifications" in data:
            data["specifications"] = specs

    def _check_stock(self, data: dict[str, Any]) -> None:
        problems = stock_problems(
            made_to_order=data.get("made_to_order", False),
            stock=data.get("stock"),
            lead_time_days=data.get("lead_time_days"),
        )
        for name, message in problems.items():
            if name not in self.errors:  # a malformed number already has its message
                self.add_error(name, message)

    def _check_sku(self, data: dict[str, Any]) -> None:
        sku = data.get("sku")
        if (
            self.vendor is not None
            and sku
            and sku_in_use(vendor=self.vendor, sku=sku, except_product_id=self.product_id)
        ):
            self.add_error(
                "sku",
                _("You already have a product with this SKU. Use another, or edit that product."),
            )

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
    again keeps them). The category's required specifications go to their own
    fields, the others to the text box."""
    category_id = product.proposed("category_id")
    category = product.category if category_id == product.category_id else None
    category = category or Category.objects.get(pk=category_id)
    specs = dict(product.proposed("specifications"))
    required = {SPEC_PREFIX + key: specs.pop(key, "") for key in required_spec_keys(category.slug)}
    return {
        "name": product.proposed("name"),
        "sku": product.sku,
        "category": category.slug,
        "unit": product.proposed("unit_id"),
        "price": str(product.pending_price or product.price),
        "description": product.proposed("description"),
        "specifications": specifications_text(specs),
        **required,
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
