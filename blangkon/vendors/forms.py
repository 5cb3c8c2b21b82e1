"""Forms of the vendor pages: input shapes, labels and the format checks a
person should hear about at once (phone, postal code). The rules live in the
services, which check again; their refusals come back through
accounts.forms.apply_domain_error."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.forms import keep_typed_passwords
from blangkon.accounts.selectors import pemda_public_list
from blangkon.core.fields import RupiahField, date_input, today
from blangkon.documents.models import DocumentKind
from blangkon.regions.selectors import kab_kota_list
from blangkon.vendors.contact import (
    PHONE_MESSAGE,
    POSTAL_CODE_MESSAGE,
    is_postal_code,
    normalise_phone,
)
from blangkon.vendors.fields import (
    REGISTRATION_FIELDS,
    documents_for,
    field_label,
    fields_for_kind,
)
from blangkon.vendors.models import CertificateKind, LegalForm, Vendor, VendorKind
from blangkon.vendors.status import SanctionReason


def joined_region_codes() -> set[str]:
    """The kab/kota whose pemda has joined Blangkon: only their OPDs buy."""
    return {pemda.region_id for pemda in pemda_public_list() if pemda.joined_on}


def _kab_kota_choices(region_code: str | None = None) -> list[tuple[str, str]]:
    """Every kab/kota, those not joined yet marked so: a vendor may register
    there (the kab/kota still verifies it) but no buyer there can order yet."""
    regions = kab_kota_list()
    if region_code and "." in region_code:
        regions = regions.filter(code=region_code)
    joined = joined_region_codes()
    return [
        ("", str(_("Choose ..."))),
        *((r.code, r.name if r.code in joined else _not_joined(r.name)) for r in regions),
    ]


def _not_joined(name: str) -> str:
    return str(_("%(name)s (not joined yet)") % {"name": name})


class PhoneField(forms.CharField):
    """An Indonesian phone number, stored as 08... whatever way it was typed."""

    widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    default_error_messages = {"invalid": PHONE_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if not text:
            return text
        phone = normalise_phone(text)
        if phone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phone


class PostalCodeField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"})
    default_error_messages = {"invalid": POSTAL_CODE_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        # No max_length: a sixth digit gets the message below, not a generic one.
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if text and not is_postal_code(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return text


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of business"),
        choices=VendorKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Perorangan: you run the business in your own name. Badan usaha: a CV, PT, UD, "
            "firma, koperasi or BUMDes."
        ),
    )
    name = forms.CharField(
        label=_("Business name"),
        max_length=200,
        help_text=_("The name buyers will see, e.g. Katering Bu Siti or CV Sumber Rejeki."),
    )
    kab_kota = forms.ChoiceField(
        label=_("Kabupaten/kota of the business"),
        help_text=_("Where the business is domiciled; its kab/kota verifies it."),
    )

    def __init__(self, *args: Any, region_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kab_kota = self.fields["kab_kota"]
        assert isinstance(kab_kota, forms.ChoiceField)
        kab_kota.choices = _kab_kota_choices(region_code)


class SignUpForm(KindForm):
    full_name = forms.CharField(
        label=_("Your full name"), max_length=150, help_text=_("As written on your KTP.")
    )
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-z0-9._-]{3,40}$",
        help_text=_("You sign in with it, e.g. siti.katering."),
        error_messages={
            "invalid": _("Use 3 to 40 lowercase letters, digits, dots, dashes or underscores.")
        },
    )
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A password being chosen survives an error elsewhere on the form.
        keep_typed_passwords(self, "password", "password_again")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ. Type the same twice."))
        return data


class AssistedRegistrationForm(KindForm):
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        choices=[("", "—"), *LegalForm.choices],
        required=False,
        help_text=_("Badan usaha only."),
    )
    person_name = forms.CharField(label=_("Owner's name as on the KTP"), max_length=150)
    username = forms.RegexField(
        label=_("Owner's username"),
        regex=r"^[a-z0-9._-]{3,40}$",
        error_messages={
            "invalid": _("Use 3 to 40 lowercase letters, digits, dots, dashes or underscores.")
        },
    )
    email = forms.EmailField(
        label=_("Owner's e-mail"),
        help_text=_("The owner receives a link there to confirm and choose a password."),
    )
    phone = PhoneField(label=_("Owner's phone"), required=False)


class OwnerConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    agree = forms.BooleanField(
        label=_("I confirm that this registration is mine and the data are correct."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_typed_passwords(self, "password", "password_again")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ. Type the same twice."))
        return data


class _DraftForm(forms.Form):
    """A wizard step: every field optional (save and resume), prefilled from the vendor."""

    def __init__(self, *args: Any, vendor: Vendor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        if not self.is_bound:
            for name in self.fields:
                self.initial.setdefault(name, self.initial_value(name))

    def initial_value(self, name: str) -> Any:
        if name == "name":
            return self.vendor.organisation.name
        if name == "kab_kota":
            return self.vendor.organisation.region_id
        if name == "is_pkp":
            return "yes" if self.vendor.is_pkp else "no"
        return getattr(self.vendor, name, None)


def identity_form(data: Any, *, vendor: Vendor) -> _DraftForm:
    """The identity step: its fields depend on the kind of vendor."""
    if vendor.kind == VendorKind.BADAN_USAHA:
        return BadanUsahaIdentityForm(data, vendor=vendor)
    return PeroranganIdentityForm(data, vendor=vendor)


class PeroranganIdentityForm(_DraftForm):
    name = forms.CharField(
        label=_("Business name"),
        max_length=200,
        required=False,
        help_text=_("The name buyers will see, e.g. Katering Bu Siti."),
    )
    person_name = forms.CharField(label=_("Name as on the KTP"), max_length=150, required=False)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        required=False,
        help_text=_("The 16 digits on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    npwp = forms.CharField(
        label=_("NPWP (optional)"),
        max_length=24,
        required=False,
        help_text=_(
            "Since 2024 your NIK serves as your NPWP. Fill this in only if you have a "
            "separate 15- or 16-digit NPWP."
        ),
    )
    nib = forms.CharField(
        label=_("NIB (optional)"),
        max_length=20,
        required=False,
        help_text=_("The 13-digit business number from OSS, if you have one."),
    )


class BadanUsahaIdentityForm(_DraftForm):
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=[("", "—"), *LegalForm.choices], required=False
    )
    name = forms.CharField(
        label=_("Legal name"),
        max_length=200,
        required=False,
        help_text=_("As written in the deed, e.g. CV Sumber Rejeki."),
    )
    nib = forms.CharField(
        label=_("NIB"),
        max_length=20,
        required=False,
        help_text=_("The 13-digit business number from OSS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    npwp = forms.CharField(
        label=_("Company NPWP"),
        max_length=24,
        required=False,
        help_text=_("16 digits; an old 15-digit NPWP is accepted and converted."),
    )
    akta_number = forms.CharField(label=_("Deed (akta) number"), max_length=60, required=False)
    akta_date = forms.DateField(
        label=_("Deed (akta) date"), required=False, widget=date_input(latest=today)
    )
    person_name = forms.CharField(
        label=_("Person in charge, name as on the KTP"), max_length=150, required=False
    )
    person_position = forms.CharField(
        label=_("Position of the person in charge"),
        max_length=80,
        required=False,
        help_text=_("E.g. Direktur, Ketua."),
    )
    nik = forms.CharField(
        label=_("NIK of the person in charge"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class BusinessForm(_DraftForm):
    street = forms.CharField(label=_("Street address"), max_length=255, required=False)
    kab_kota = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    postal_code = PostalCodeField(label=_("Postal code"), required=False)
    phone = PhoneField(
        label=_("Phone (WhatsApp)"),
        required=False,
        help_text=_("E.g. 081234567890 or +62 812 3456 7890. Not shown to the public."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_pkp = forms.ChoiceField(
        label=_("VAT status"),
        choices=[
            ("no", _("Non-PKP (not VAT-registered)")),
            ("yes", _("PKP (VAT-registered; add the SPPKP certificate)")),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Most UMKM with sales under Rp4,8 miliar a year are non-PKP."),
    )
    declared_capital = RupiahField(
        label=_("Business capital (Rp)"),
        required=False,
        help_text=_("Excluding land and buildings. Sets the UMKM scale (PP 7/2021)."),
    )
    declared_annual_sales = RupiahField(
        label=_("Annual sales (Rp)"),
        required=False,
        help_text=_("Used for the scale when you leave the capital empty."),
    )
    bank_name = forms.CharField(label=_("Bank"), max_length=60, required=False)
    bank_account_number = forms.CharField(
        label=_("Account number"),
        max_length=34,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bank_account_holder = forms.CharField(
        label=_("Account holder"),
        max_length=150,
        required=False,
        help_text=_("As in the bank book; it should be the business's or the owner's name."),
    )

    def __init__(self, *args: Any, vendor: Vendor, **kwargs: Any) -> None:
        super().__init__(*args, vendor=vendor, **kwargs)
        kab_kota = self.fields["kab_kota"]
        assert isinstance(kab_kota, forms.ChoiceField)
        kab_kota.choices = _kab_kota_choices()

    def vendor_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["is_pkp"] = data.get("is_pkp") == "yes"
        if not data.get("kab_kota"):
            data.pop("kab_kota", None)
        return data


class DocumentForm(forms.Form):
    """One document; the choice offers only the documents of the vendor's kind
    (a perorangan is not offered a deed)."""

    kind = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB. A clear phone photo is fine."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, vendor_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [
            (code, document_label(code, required=required))
            for code, required in documents_for(vendor_kind).items()
        ]


def document_label(kind: str, *, required: bool) -> str:
    label = DocumentKind(kind).label
    if required:
        return str(label)
    return str(_("%(document)s (optional)") % {"document": label})


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Certificate"), choices=CertificateKind.choices)
    number = forms.CharField(label=_("Certificate number"), max_length=80)
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=date_input(earliest=today),
        help_text=_("Leave empty if it does not expire."),
    )
    file = forms.FileField(
        label=_("Scan of the certificate"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown on one page with DocumentForm, which has fields of the same
        # names: its own ids keep labels, hints and error links apart.
        kwargs.setdefault("auto_id", "id_certificate_%s")
        super().__init__(*args, **kwargs)


# --- Verification -------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevisionForm(forms.Form):
    """The verifier's checklist: only the fields of the vendor's kind are offered
    (a perorangan has no deed, legal form or position to fix)."""

    fields_to_fix = forms.MultipleChoiceField(
        label=_("Fields to fix"),
        choices=[(key, label) for key, (_step, label) in REGISTRATION_FIELDS.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one field the vendor must fix.")},
    )
    note = forms.CharField(
        label=_("Explain what is wrong"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, vendor_kind: str = VendorKind.BADAN_USAHA, **kwargs: Any):
        super().__init__(*args, **kwargs)
        checklist = self.fields["fields_to_fix"]
        assert isinstance(checklist, forms.MultipleChoiceField)
        checklist.choices = [(key, field_label(key)) for key in fields_for_kind(vendor_kind)]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for the rejection.")},
    )


class SanctionForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=SanctionReason.choices)
    until = forms.DateField(label=_("Last day"), widget=date_input(earliest=today), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Training -----------------------------------------------------------------


class TrainingEventForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=date_input())
    place = forms.CharField(label=_("Place"), max_length=200)
    topic = forms.CharField(
        label=_("Topic"), max_length=200, help_text=_("E.g. How to upload products.")
    )


class AttendanceForm(forms.Form):
    vendors = forms.MultipleChoiceField(
        label=_("Vendors who attended"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one vendor who attended.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vendors = self.fields["vendors"]
        assert isinstance(vendors, forms.MultipleChoiceField)
        vendors.choices = [(str(pk), label) for pk, label in choices]
