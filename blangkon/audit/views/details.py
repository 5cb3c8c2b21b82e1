"""An audit row's details (a JSON dict written by the services) as a short
list of human labels and translated values: statuses by their names, yes/no,
rupiah, dates in the central format, a change as "before → after".

Personal data never shows: identity and bank numbers, contact details, the
names of uploaded files (which often carry a NIK) and internal file ids are
left out, and any run of ten or more digits left in a text is masked.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blangkon.accounts.models import MailLinkKind
from blangkon.accounts.roles import Role
from blangkon.audit.acted_as import ACTED_AS
from blangkon.audit.actions import KIND_BY_CODE
from blangkon.catalog.status import TakedownReason
from blangkon.core.moments import readable_moment
from blangkon.core.money import format_number, format_rupiah
from blangkon.documents.models import DocumentKind
from blangkon.lifecycles.machine import StateMachine, registered_machines
from blangkon.orders.status import BastParty, FlagKind, PaymentChannel
from blangkon.paperwork.models import PaperKind
from blangkon.payments.models import Collector
from blangkon.vendors.models import CertificateKind, UmkmScale, VendorKind
from blangkon.vendors.status import SanctionReason


@dataclass(frozen=True)
class Detail:
    label: str
    value: str


# Never shown, at any depth: personal data, secrets, and internal ids that
# mean nothing to a reader.
HIDDEN_KEYS = frozenset(
    {
        "nik",
        "npwp",
        "nib",
        "akta_number",
        "bank_name",
        "bank_account_number",
        "bank_account_holder",
        "person_name",
        "phone",
        "email",
        "street",
        "postal_code",
        "password",
        "owner",
        "file",
        "image",
        "source",
        "sha256",
        "digest",
        # An order's approver is the actor of the signature's row, and its
        # rules version is shown on the order: as numbers they say nothing.
        "approved_by",
        "rules_version",
        # The reason of a cancellation, decline or dispute is the row's own
        # "reason", shown once.
        "cancel_reason",
        "decline_reason",
        "dispute_reason",
    }
)
# Keys hidden for some actions only: an uploaded document's own file name.
HIDDEN_FOR_PREFIX = {"document.": frozenset({"name"})}
LONG_DIGITS = re.compile(r"\d{10,}")
MONEY_KEYS = frozenset(
    {
        "price",
        "new_price",
        "reviewed_price",
        "declared_capital",
        "declared_annual_sales",
        "total",
        "amount",
        "accepted_total",
        "delivery_cost",
        "withheld",
        "net_to_vendor",
    }
)
EMPTY = "—"

LABELS: dict[str, Any] = {
    "from": gettext_lazy("Before"),
    "to": gettext_lazy("After"),
    "reason": gettext_lazy("Reason"),
    "sku": gettext_lazy("SKU"),
    "name": gettext_lazy("Name"),
    "price": gettext_lazy("Price"),
    "new_price": gettext_lazy("New price"),
    "reviewed_price": gettext_lazy("Price seen by the curator"),
    "changed": gettext_lazy("Changed"),
    "waiting_for_review": gettext_lazy("Waiting for curation"),
    "fields": gettext_lazy("Changed fields"),
    "fields_to_fix": gettext_lazy("Fields to fix"),
    "position": gettext_lazy("Photo position"),
    "kind": gettext_lazy("Kind"),
    "rows": gettext_lazy("Rows"),
    "images": gettext_lazy("Photo file"),
    "processed_rows": gettext_lazy("Rows processed"),
    "attempts": gettext_lazy("Attempts"),
    "held_on": gettext_lazy("Date"),
    "place": gettext_lazy("Place"),
    "topic": gettext_lazy("Topic"),
    "vendors": gettext_lazy("Vendors"),
    "expires_on": gettext_lazy("Valid until"),
    "terms": gettext_lazy("Synonyms"),
    "label": gettext_lazy("Label"),
    "kab_kota": gettext_lazy("Kab/kota"),
    "pemda": gettext_lazy("Local government"),
    "username": gettext_lazy("Username"),
    "role": gettext_lazy("Role"),
    "tokens_revoked": gettext_lazy("API tokens revoked"),
    "prefix": gettext_lazy("Token"),
    "limits": gettext_lazy("Limits reached"),
    "content_type": gettext_lazy("File type"),
    "size": gettext_lazy("Size"),
    "via": gettext_lazy("Through"),
    "resubmitted": gettext_lazy("Sent again after a revision"),
    "lifted": gettext_lazy("Sanction lifted"),
    "sanction_until": gettext_lazy("Sanction until"),
    "certificate": gettext_lazy("Certificate"),
    "folded_into_product": gettext_lazy("Moved into the product's next curation"),
    "max_side": gettext_lazy("Largest side (pixels)"),
    "format": gettext_lazy("Format"),
    "filters": gettext_lazy("Filter"),
    "proposed": gettext_lazy("Proposed"),
    "status_reason": gettext_lazy("Reason"),
    "takedown_reason": gettext_lazy("Reason for the take-down"),
    "sanction_reason": gettext_lazy("Reason for the sanction"),
    "person": gettext_lazy("Person"),
    "organisation": gettext_lazy("Organisation"),
    "date_from": gettext_lazy("From"),
    "date_to": gettext_lazy("Until"),
    "price_reviewed_at": gettext_lazy("Price reviewed on"),
    "category_id": gettext_lazy("Category"),
    "unit_id": gettext_lazy("Unit"),
    "coverage": gettext_lazy("Delivery area"),
    "required_certificate": gettext_lazy("Required certificate"),
    # Orders and their payment.
    "lines": gettext_lazy("Lines"),
    "total": gettext_lazy("Total"),
    "stock_held": gettext_lazy("Stock taken for the order"),
    "flags": gettext_lazy("Marked for auditors"),
    "split_justification": gettext_lazy("PPK's justification of a possible split"),
    "vendor_tax_profile": gettext_lazy("Vendor's tax profile at the signature"),
    "receipt_note": gettext_lazy("Inspection note"),
    "party": gettext_lazy("Signed as"),
    "invoice": gettext_lazy("Invoice number"),
    "withheld": gettext_lazy("Taxes withheld or collected"),
    "collector": gettext_lazy("Who collects the taxes"),
    "net_to_vendor": gettext_lazy("Paid to the vendor"),
    "amount": gettext_lazy("Amount"),
    "channel": gettext_lazy("Payment channel"),
    "payment_channel": gettext_lazy("Payment channel"),
    "previous": gettext_lazy("Before"),
    "paid_on": gettext_lazy("Paid on"),
    "automatic": gettext_lazy("Done automatically"),
    "bank": gettext_lazy("Bank"),
    "expires_at": gettext_lazy("Valid until"),
    "number_end": gettext_lazy("Virtual account number ends with"),
    "quality": gettext_lazy("Quality"),
    "timeliness": gettext_lazy("Timeliness"),
    "conformity": gettext_lazy("Conformity to the order"),
    "clarity": gettext_lazy("Clarity of the order"),
    "payment_speed": gettext_lazy("Payment speed"),
    "ratings": gettext_lazy("Ratings published"),
    # An INAPROC import.
    "records": gettext_lazy("Packages read"),
    "created": gettext_lazy("Added"),
    "updated": gettext_lazy("Updated"),
    "unchanged": gettext_lazy("Unchanged"),
    "unmatched_satkers": gettext_lazy("Satkers without an OPD"),
}
# Whose field names a row's details use, when not its object's own.
FIELDS_OF = {"catalog.productchangerequest": "catalog.product"}
# The label of "from" → "to" when the action is not a state machine's move.
CHANGE_LABELS = {"pemda.set_joined": gettext_lazy("Joining date")}

REASONS = {
    "password_reset": gettext_lazy("password reset through the mailed link"),
    "password_change": gettext_lazy("password changed by its user"),
    "deactivated": gettext_lazy("account deactivated"),
}
LIMITS = {
    "pair": gettext_lazy("this account from this address"),
    "address": gettext_lazy("every account from this address"),
    "username": gettext_lazy("this account from any address"),
}
VIA = {"page": gettext_lazy("the web page"), "api": gettext_lazy("the API")}
BANKS = {"simulator": gettext_lazy("the bank simulator (demo)")}
PRICE_OUTCOMES = {
    "applied": gettext_lazy("applied at once"),
    "pending": gettext_lazy("waiting for curation"),
}


def _machines() -> dict[str, StateMachine]:
    return {machine.name: machine for machine in registered_machines()}


class _Reader:
    """Formats the details of one row: knows its action and object type."""

    def __init__(self, action: str, object_type: str) -> None:
        self.action = action
        self.prefix = action.split(".", 1)[0]
        self.machine = _machines().get(self.prefix)
        self.status_labels = dict(self.machine.statuses.choices) if self.machine else {}
        self.model = _model(FIELDS_OF.get(object_type, object_type))
        hidden = set(HIDDEN_KEYS)
        for prefix, keys in HIDDEN_FOR_PREFIX.items():
            if action.startswith(prefix):
                hidden |= keys
        self.hidden = frozenset(hidden)

    def label(self, key: str) -> str:
        if key in LABELS:
            return str(LABELS[key])
        if self.model is not None:
            try:
                field = self.model._meta.get_field(key.removesuffix("_id"))
                return capfirst(str(getattr(field, "verbose_name", key)))
            except FieldDoesNotExist:
                pass
        return capfirst(key.replace("_", " "))

    def field_names(self, names: Iterable[Any]) -> str:
        """Which fields changed: their names are no personal data, their values are."""
        return ", ".join(self.label(str(name)) for name in names)

    def status(self, value: Any) -> str:
        if not value:
            return capfirst(_("new"))
        if str(value) in self.status_labels:
            return str(self.status_labels[str(value)])
        return self.value(value)

    def choice(self, key: str, value: Any) -> str | None:
        """A coded value translated by its key, or None when it is no code."""
        tables: dict[str, Callable[[str], str | None]] = {
            "role": lambda v: _label_of(Role, v),
            "takedown_reason": lambda v: _label_of(TakedownReason, v),
            "certificate": lambda v: _label_of(CertificateKind, v),
            "sanction_reason": lambda v: _label_of(SanctionReason, v),
            "kind": self._kind,
            "via": lambda v: _str_or_none(VIA.get(v)),
            "reason": lambda v: _str_or_none(REASONS.get(v)),
            "price": lambda v: _str_or_none(PRICE_OUTCOMES.get(v)),
            "lifted": lambda v: self.status(v) if self.machine else None,
            "format": lambda v: v.upper(),
            "payment_channel": lambda v: _label_of(PaymentChannel, v),
            "channel": lambda v: _label_of(PaymentChannel, v),
            "previous": lambda v: _label_of(PaymentChannel, v),
            "collector": lambda v: _label_of(Collector, v),
            "party": lambda v: _label_of(BastParty, v),
            "bank": lambda v: _str_or_none(BANKS.get(v)),
        }
        if key in tables and isinstance(value, str) and value:
            return tables[key](value)
        return None

    def _kind(self, value: str) -> str | None:
        if self.action == "document.issued":  # the order's own papers
            return _label_of(PaperKind, value)
        if self.prefix == "auth":
            return _label_of(MailLinkKind, value)
        if self.prefix in ("certificate",):
            return _label_of(CertificateKind, value)
        if self.prefix == "vendor" and self.action != "vendor.document_add":
            return _label_of(VendorKind, value)
        return _label_of(DocumentKind, value)

    def value(self, value: Any, key: str = "") -> str:
        coded = self.choice(key, value)
        if coded is not None:
            return coded
        if key in MONEY_KEYS and isinstance(value, int) and not isinstance(value, bool):
            return format_rupiah(value)
        if key in ("changed", "waiting_for_review", "fields_to_fix") and isinstance(value, list):
            return self.field_names(value) or EMPTY
        if key == "size" and isinstance(value, int):
            return _("%(size)s KB") % {"size": format_number(max(1, round(value / 1024)))}
        if key == "limits" and isinstance(value, list):
            return ", ".join(str(LIMITS.get(str(item), item)) for item in value)
        if key == "vendors" and isinstance(value, list):
            return format_number(len(value))
        if key == "flags" and isinstance(value, list):
            return ", ".join(_label_of(FlagKind, str(v)) or str(v) for v in value) or EMPTY
        if key == "vendor_tax_profile" and isinstance(value, dict):
            return _tax_profile(value)
        if key == "kind" and self.action == "audit.export" and isinstance(value, str):
            kind = KIND_BY_CODE.get(value)
            return str(kind.label) if kind else value
        return _plain(value, self)

    def pairs(self, key: str, value: Any) -> list[Detail]:
        """The lines one key of the details becomes."""
        if key in self.hidden:
            return []
        if isinstance(value, dict) and key in ("fields", "proposed", "filters"):
            return [
                Detail(self.label(k), self.value(v, k))
                for k, v in value.items()
                if k not in self.hidden and v not in ("", None, [])
            ]
        if key == "fields" and isinstance(value, list):
            return [Detail(self.label(key), self.field_names(value) or EMPTY)]
        if key == "terms" and isinstance(value, list) and len(value) == 2:
            return [Detail(self.label(key), _arrow(self.value(value[0]), self.value(value[1])))]
        return [Detail(self.label(key), self.value(value, key))]


@lru_cache(maxsize=512)
def _reader(action: str, object_type: str) -> _Reader:
    """Readers hold no text, only what the action and type decide (labels
    are translated when read), so one serves every row of its kind."""
    return _Reader(action, object_type)


def _tax_profile(profile: dict[str, Any]) -> str:
    """What the invoice's taxes are decided by: the kind and scale of the
    vendor, whether it is a PKP, and which tax certificates it held."""
    parts = [
        _label_of(VendorKind, str(profile.get("kind", ""))),
        _label_of(UmkmScale, str(profile.get("scale", ""))),
        _("PKP") if profile.get("is_pkp") else _("not a PKP"),
    ]
    certificates = profile.get("certificates")
    if isinstance(certificates, dict) and certificates:
        held = [_label_of(CertificateKind, str(kind)) or str(kind) for kind in certificates]
        parts.append(_("certificates: %(held)s") % {"held": ", ".join(held)})
    return "; ".join(part for part in parts if part)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _label_of(choices: type[models.TextChoices], value: str) -> str | None:
    return str(choices(value).label) if value in choices.values else None


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _arrow(before: str, after: str) -> str:
    return f"{before or EMPTY} → {after or EMPTY}"


def masked(text: str) -> str:
    """A text with any run of ten or more digits (a NIK, a bank account) hidden."""
    return LONG_DIGITS.sub(lambda m: "•" * 4 + m.group(0)[-2:], text)


def _text(value: str) -> str:
    return readable_moment(value) or masked(value)


def _plain(value: Any, reader: _Reader) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return ", ".join(_plain(item, reader) for item in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{reader.label(str(k))}: {reader.value(v, str(k))}"
            for k, v in value.items()
            if str(k) not in reader.hidden
        )
    return _text(str(value))


def readable_details(*, action: str, object_type: str, details: Any) -> list[Detail]:
    """The lines of a row's details, in the order written, a status or date
    change ("from", "to") first and on one line."""
    if not isinstance(details, dict) or not details:
        return []
    reader = _reader(action, object_type)
    lines: list[Detail] = []
    rest = dict(details)
    rest.pop(ACTED_AS, None)  # the sentence names the actor in that role
    if "from" in rest and "to" in rest:
        before, after = rest.pop("from"), rest.pop("to")
        if reader.machine is not None:
            lines.append(Detail(_("Status"), _arrow(reader.status(before), reader.status(after))))
        else:
            label = str(CHANGE_LABELS.get(action, _("Change")))
            lines.append(Detail(label, _arrow(reader.value(before), reader.value(after))))
    if action == "product.update" and "new_price" in rest:
        # "price" says what became of the new price: applied, waiting, or
        # nothing when the price did not change.
        outcome, new_price = rest.pop("price", ""), rest.pop("new_price")
        old_price = rest.pop("old_price", None)  # absent from older rows
        if outcome in PRICE_OUTCOMES:
            new = reader.value(new_price, "new_price")
            if isinstance(old_price, int):
                new = _arrow(reader.value(old_price, "price"), new)
            lines.append(Detail(str(LABELS["price"]), f"{new} ({PRICE_OUTCOMES[outcome]})"))
    for key, value in rest.items():
        if key == "reason" and value in ("", None):
            continue
        lines.extend(reader.pairs(key, value))
    return lines
