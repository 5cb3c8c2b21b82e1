"""Checking and applying registration data to a Vendor and its Organisation.

Shared by registration, the draft saves and submission. Every problem is
collected per field and raised as one DomainError("invalid", ..., fields).
"""

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import Organisation
from blangkon.core.errors import DomainError
from blangkon.documents.models import DocumentKind
from blangkon.regions.models import Region, RegionKind
from blangkon.vendors.contact import (
    PHONE_MESSAGE,
    POSTAL_CODE_MESSAGE,
    is_postal_code,
    normalise_phone,
)
from blangkon.vendors.fields import VendorData, documents_for
from blangkon.vendors.identity import names_match, validate_nib, validate_nik, validate_npwp
from blangkon.vendors.models import CertificateKind, LegalForm, Vendor, VendorKind
from blangkon.vendors.scale import umkm_scale

# Vendor columns a draft save may set, with their maximum lengths (text only).
TEXT_LIMITS = {
    "person_name": 150,
    "person_position": 80,
    "akta_number": 60,
    "street": 255,
    "bank_name": 60,
    "bank_account_holder": 150,
}
_ACCOUNT_NUMBER = re.compile(r"^[0-9]{5,30}$")


def clean_name(value: str) -> str:
    return " ".join(value.split())


class FieldErrors:
    """Collects one message per field."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, message)

    def check(self, field: str, clean: Callable[[], Any]) -> Any:
        """Run `clean`; a DomainError it raises becomes this field's message."""
        try:
            return clean()
        except DomainError as error:
            self.add(field, str(error.fields.get(field, error.message)))
            return None

    def raise_if_any(self) -> None:
        if self.fields:
            raise DomainError("invalid", _("Please correct the marked fields."), self.fields)


# Checks one value and returns what to store; a problem is added to `errors`
# under the field's name.
type Cleaner = Callable[[FieldErrors, str, Any], Any]


def kab_kota_get(code: str) -> Region | None:
    return Region.objects.exclude(kind=RegionKind.PROVINSI).filter(code=code).first()


def _text(errors: FieldErrors, field: str, value: Any) -> str:
    text = " ".join(str(value or "").split())
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        errors.add(field, _("Too long: use at most %(max)d characters.") % {"max": limit})
    return text


def _amount(errors: FieldErrors, field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, _("Enter a whole number of rupiah without dots, e.g. 250000000."))
        return None
    if value < 0:
        errors.add(field, _("The amount cannot be negative. Enter 0 or more."))
        return None
    return value


def _phone(errors: FieldErrors, field: str, value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    phone = normalise_phone(text)
    if phone is None:
        errors.add(field, str(PHONE_MESSAGE))
        return text
    return phone


def _email(errors: FieldErrors, field: str, value: Any) -> str:
    email = str(value or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add(field, _("Enter an e-mail address such as name@example.com."))
    return email


def _postal_code(errors: FieldErrors, field: str, value: Any) -> str:
    postal_code = str(value or "").strip()
    if postal_code and not is_postal_code(postal_code):
        errors.add(field, str(POSTAL_CODE_MESSAGE))
    return postal_code


def _account_number(errors: FieldErrors, field: str, value: Any) -> str:
    number = re.sub(r"[\s.\-]", "", str(value or ""))
    if number and not _ACCOUNT_NUMBER.match(number):
        errors.add(field, _("The account number has 5 to 30 digits. Copy it from the bank book."))
    return number


def _date_not_in_future(errors: FieldErrors, field: str, value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, datetime.date):
        errors.add(field, _("Enter a date as YYYY-MM-DD."))
        return None
    if value > timezone.localdate():
        errors.add(field, _("The date cannot be in the future. Check it against the deed."))
    return value


def _identity_number(validate: Callable[[str], str]) -> Cleaner:
    def clean(errors: FieldErrors, field: str, value: Any) -> str:
        text = str(value or "").strip()
        if not text:
            return ""
        return errors.check(field, lambda: validate(text)) or text

    return clean


def _flag(errors: FieldErrors, field: str, value: Any) -> bool:
    return bool(value)


# The Vendor columns that depend on nothing else, in the order their problems
# are shown (after those of the kind, the organisation and the legal form).
_COLUMNS: dict[str, Cleaner] = {
    **dict.fromkeys(TEXT_LIMITS, _text),
    "nik": _identity_number(validate_nik),
    "npwp": _identity_number(validate_npwp),
    "nib": _identity_number(validate_nib),
    "akta_date": _date_not_in_future,
    "postal_code": _postal_code,
    "phone": _phone,
    "email": _email,
    "is_pkp": _flag,
    "declared_capital": _amount,
    "declared_annual_sales": _amount,
    "bank_account_number": _account_number,
}


def apply_data(vendor: Vendor, organisation: Organisation, data: VendorData) -> set[str]:
    """Check the keys present in `data` and set them on the (unsaved) objects.

    Returns the names of the changed Vendor and Organisation columns. Empty
    values are allowed (a draft may be partial); malformed ones are refused.
    Scale and the bank-holder flag are recomputed from the result.
    """
    errors = FieldErrors()
    values: dict[str, Any] = {}
    kind = data.get("kind", vendor.kind)
    if _valid_kind(errors, kind):
        values["kind"] = kind
    org_values = _organisation_values(errors, data)
    # A change of kind rechecks the legal form: a perorangan has none.
    if "legal_form" in data or kind != vendor.kind:
        values["legal_form"] = _legal_form(errors, kind, data.get("legal_form", vendor.legal_form))
    given: Mapping[str, Any] = data  # a TypedDict cannot be read by a key in a variable
    for field, clean in _COLUMNS.items():
        if field in given:
            values[field] = clean(errors, field, given[field])
    errors.raise_if_any()
    return _set_values(vendor, organisation, values, org_values)


def _valid_kind(errors: FieldErrors, kind: str) -> bool:
    if kind in VendorKind.values:
        return True
    errors.add("kind", _("Choose perorangan or badan usaha."))
    return False


def _organisation_values(errors: FieldErrors, data: VendorData) -> dict[str, Any]:
    """The Organisation columns given in `data`: the business name and kab/kota."""
    org_values: dict[str, Any] = {}
    if "name" in data:
        org_values["name"] = _business_name(errors, data["name"])
    if "kab_kota" in data:
        region = kab_kota_get(data["kab_kota"])
        if region is None:
            errors.add("kab_kota", _("Choose the kabupaten/kota of the business from the list."))
        else:
            org_values["region_id"] = region.code
    return org_values


def _business_name(errors: FieldErrors, value: str) -> str:
    name = clean_name(value)
    if not name:
        errors.add("name", _("Fill in the business name, e.g. Katering Bu Siti."))
    elif len(name) > 200:
        errors.add("name", _("Too long: use at most %(max)d characters.") % {"max": 200})
    return name


def _legal_form(errors: FieldErrors, kind: str, value: str | None) -> str:
    legal_form = value or ""
    if kind == VendorKind.PERORANGAN:
        return ""
    if legal_form and legal_form not in LegalForm.values:
        errors.add("legal_form", _("Choose the legal form from the list (CV, PT, UD ...)."))
    return legal_form


def _set_values(
    vendor: Vendor,
    organisation: Organisation,
    values: dict[str, Any],
    org_values: dict[str, Any],
) -> set[str]:
    changed: set[str] = set()
    for field, value in values.items():
        if getattr(vendor, field) != value:
            setattr(vendor, field, value)
            changed.add(field)
    for field, value in org_values.items():
        if getattr(organisation, field) != value:
            setattr(organisation, field, value)
            changed.add(field)
    scale = umkm_scale(capital=vendor.declared_capital, annual_sales=vendor.declared_annual_sales)
    mismatch = bank_holder_mismatch(vendor, organisation)
    if vendor.scale != scale:
        vendor.scale = scale
        changed.add("scale")
    if vendor.bank_holder_mismatch != mismatch:
        vendor.bank_holder_mismatch = mismatch
        changed.add("bank_holder_mismatch")
    return changed


def bank_holder_mismatch(vendor: Vendor, organisation: Organisation) -> bool:
    """True when an account holder is given and is not the vendor.

    The vendor is the person on the KTP for perorangan, the legal name for a
    badan usaha.
    """
    if not vendor.bank_account_holder:
        return False
    expected = vendor.person_name if vendor.kind == VendorKind.PERORANGAN else organisation.name
    return not names_match(vendor.bank_account_holder, expected)


ORGANISATION_FIELDS = {"name": "name", "region_id": "region"}


def save_changes(vendor: Vendor, organisation: Organisation, changed: set[str]) -> None:
    org_fields = [f for f in changed if f in ORGANISATION_FIELDS]
    vendor_fields = [f for f in changed if f not in ORGANISATION_FIELDS]
    if org_fields:
        organisation.save(update_fields=[*org_fields, "updated_at"])
    if vendor_fields:
        vendor.save(update_fields=[*vendor_fields, "updated_at"])


def registration_problems(vendor: Vendor) -> dict[str, str]:
    """What still blocks submission: field key -> how to fix it. Empty when complete.

    Formats were checked when each value was saved; this checks presence,
    re-checks the identity numbers, and the documents each kind needs.
    """
    problems: dict[str, str] = {}
    badan_usaha = vendor.kind == VendorKind.BADAN_USAHA

    def need(field: str, message: str) -> None:
        if not getattr(vendor, field):
            problems[field] = message

    if badan_usaha:
        need("legal_form", _("Choose the legal form (CV, PT, UD ...)."))
        need("nib", _("Fill in the 13-digit NIB from OSS."))
        need("npwp", _("Fill in the company's 16-digit NPWP."))
        need("akta_number", _("Fill in the number of the deed of establishment."))
        need("akta_date", _("Fill in the date of the deed of establishment."))
        need("person_position", _("Fill in the position of the person in charge."))
    need("person_name", _("Fill in the name exactly as written on the KTP."))
    need("nik", _("Fill in the 16-digit NIK from the KTP."))
    need("street", _("Fill in the street address of the business."))
    need("postal_code", _("Fill in the 5-digit postal code."))
    need("phone", _("Fill in a phone number where buyers and verifiers can reach you."))
    need("email", _("Fill in an e-mail address."))
    need("bank_name", _("Fill in the name of the bank."))
    need("bank_account_number", _("Fill in the account number from the bank book."))
    need("bank_account_holder", _("Fill in the account holder's name as in the bank book."))
    if vendor.declared_capital is None and vendor.declared_annual_sales is None:
        problems["declared_capital"] = _(
            "Fill in the business capital or the annual sales, so the UMKM scale can be set."
        )
    for field, validate in (("nik", validate_nik), ("npwp", validate_npwp), ("nib", validate_nib)):
        value = getattr(vendor, field)
        if value and field not in problems:
            try:
                validate(value)
            except DomainError as error:
                problems[field] = str(error.fields.get(field, error.message))
    problems.update(_missing_documents(vendor))
    return problems


def _missing_documents(vendor: Vendor) -> dict[str, str]:
    have = set(vendor.documents.values_list("file__kind", flat=True))
    messages = {
        DocumentKind.KTP: _("Upload a photo or scan of the KTP."),
        DocumentKind.BANK_BOOK: _(
            "Upload a photo of the bank book page showing the account holder."
        ),
        DocumentKind.NPWP: _("Upload a scan of the company's NPWP card."),
        DocumentKind.NIB: _("Upload the NIB printed from OSS."),
        DocumentKind.AKTA: _("Upload the deed of establishment (akta)."),
    }
    needed = {
        kind: messages[DocumentKind(kind)]
        for kind, required in documents_for(vendor.kind).items()
        if required
    }
    problems = {f"document_{kind}": message for kind, message in needed.items() if kind not in have}
    if vendor.is_pkp and not vendor.certificates.filter(kind=CertificateKind.PKP).exists():
        problems["is_pkp"] = _(
            "A PKP vendor adds the VAT registration certificate (SPPKP); otherwise choose non-PKP."
        )
    return problems
