"""The registration's fields: which wizard step holds each, and its label.

Pure data. The verifier picks "fields to fix" from these keys; the vendor's
dashboard links each one to the step where it is filled in.
"""

import datetime
from typing import TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Step:
    IDENTITY = "identitas"
    BUSINESS = "usaha"
    DOCUMENTS = "dokumen"
    REVIEW = "kirim"


STEPS: list[tuple[str, Promise]] = [
    (Step.IDENTITY, _("Identity")),
    (Step.BUSINESS, _("Address, tax and bank")),
    (Step.DOCUMENTS, _("Documents and certificates")),
    (Step.REVIEW, _("Review and submit")),
]

# Document kinds a registration carries (documents.DocumentKind values).
DOCUMENT_KINDS = ["ktp", "npwp", "nib", "akta", "bank_book"]

# key -> (step, label). Document keys are "document_<kind>".
REGISTRATION_FIELDS: dict[str, tuple[str, Promise]] = {
    "name": (Step.IDENTITY, _("Business name")),
    "legal_form": (Step.IDENTITY, _("Legal form")),
    "person_name": (Step.IDENTITY, _("Name as on the KTP")),
    "person_position": (Step.IDENTITY, _("Position of the person in charge")),
    "nik": (Step.IDENTITY, _("NIK")),
    "npwp": (Step.IDENTITY, _("NPWP")),
    "nib": (Step.IDENTITY, _("NIB")),
    "akta_number": (Step.IDENTITY, _("Deed (akta) number")),
    "akta_date": (Step.IDENTITY, _("Deed (akta) date")),
    "street": (Step.BUSINESS, _("Street address")),
    "kab_kota": (Step.BUSINESS, _("Kabupaten/kota")),
    "postal_code": (Step.BUSINESS, _("Postal code")),
    "phone": (Step.BUSINESS, _("Phone")),
    "email": (Step.BUSINESS, _("E-mail")),
    "is_pkp": (Step.BUSINESS, _("VAT status (PKP)")),
    "declared_capital": (Step.BUSINESS, _("Business capital")),
    "declared_annual_sales": (Step.BUSINESS, _("Annual sales")),
    "bank_name": (Step.BUSINESS, _("Bank")),
    "bank_account_number": (Step.BUSINESS, _("Account number")),
    "bank_account_holder": (Step.BUSINESS, _("Account holder")),
    "document_ktp": (Step.DOCUMENTS, _("KTP scan")),
    "document_npwp": (Step.DOCUMENTS, _("NPWP card scan")),
    "document_nib": (Step.DOCUMENTS, _("NIB scan")),
    "document_akta": (Step.DOCUMENTS, _("Deed (akta) scan")),
    "document_bank_book": (Step.DOCUMENTS, _("Bank book page")),
    "certificates": (Step.DOCUMENTS, _("Certificates")),
}


# Registration fields only a badan usaha has: a perorangan's checklist leaves them out.
BADAN_USAHA_ONLY = frozenset(
    {"legal_form", "person_position", "akta_number", "akta_date", "document_akta"}
)

# Documents a verifier must see before approving, by kind of vendor
# (vendors.VendorKind values; documents.DocumentKind values).
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "perorangan": ("ktp", "bank_book"),
    "badan_usaha": ("ktp", "npwp", "nib", "akta", "bank_book"),
}


def fields_for_kind(kind: str) -> list[str]:
    """The registration field keys that apply to a kind of vendor, in form order."""
    if kind == "badan_usaha":
        return list(REGISTRATION_FIELDS)
    return [key for key in REGISTRATION_FIELDS if key not in BADAN_USAHA_ONLY]


def field_label(key: str) -> str:
    entry = REGISTRATION_FIELDS.get(key)
    return str(entry[1]) if entry else key


def field_step(key: str) -> str:
    entry = REGISTRATION_FIELDS.get(key)
    return entry[0] if entry else Step.REVIEW


class VendorData(TypedDict, total=False):
    """What a registration form or the API sends; every key is optional.

    `username`, `password` and `full_name` are used only when an account is
    created with the registration.
    """

    kind: str
    name: str
    kab_kota: str
    legal_form: str
    person_name: str
    person_position: str
    nik: str
    npwp: str
    nib: str
    akta_number: str
    akta_date: datetime.date | None
    street: str
    postal_code: str
    phone: str
    email: str
    is_pkp: bool
    declared_capital: int | None
    declared_annual_sales: int | None
    bank_name: str
    bank_account_number: str
    bank_account_holder: str
    username: str
    password: str
    full_name: str
