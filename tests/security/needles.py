"""The personal data of the demo, as needles to look for in public answers.

Collected from the database after `seed_demo`, so the list follows the demo
as it changes: every vendor's NIK, bank account number and its holder's name,
phone and e-mail; an individual (perorangan) vendor's NPWP (a business's NPWP
is the business's, and public on its tax invoices); the KTP name of the owner
or person in charge; and every account's full name, NIP, phone and e-mail
(officials and vendor users alike: no page names a person).

What is too short or too common to mean anything is left out (`meaningful`):
a name must have two words or more (a lone given name such as "Siti" is in
business names like "Katering Bu Siti", which are public), and a number at
least eight digits. A name that is also an organisation's name (a bank
account held by the business itself) is public and left out too.

`Matcher` compares normalised text: case-folded, HTML entities and tags
undone, whitespace collapsed, and for numbers the digits alone, so
"0812-3456-7890", "+62 812 3456 7890" and "01.234.567.8-901.000" are found.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from blangkon.accounts.models import Organisation, User
from blangkon.vendors.models import Vendor, VendorKind

MIN_DIGITS = 8
MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 5

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A number written with separators: "0812-3456-7890", "01.234.567.8-901.000".
NUMBER = re.compile(r"\d(?:[\d .\-/\u00a0]*\d)?")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Needle:
    kind: str  # "NIK", "phone", "name", ...
    value: str  # as stored
    owner: str  # whose it is, for the failure message

    def __str__(self) -> str:
        return f"{self.kind} {self.value!r} of {self.owner}"


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def meaningful(needle: Needle) -> bool:
    if needle.kind == "e-mail":
        return "@" in needle.value
    if needle.kind in NAME_KINDS:
        return MIN_NAME_WORDS <= len(_words(needle.value)) <= MAX_NAME_WORDS
    return len(_digits(needle.value)) >= MIN_DIGITS


NAME_KINDS = frozenset({"name", "KTP name", "account holder"})


def _vendor_needles(vendor: Vendor) -> list[Needle]:
    owner = f"vendor {vendor.organisation.name!r} ({vendor.kind})"
    found = [
        Needle("NIK", vendor.nik, owner),
        Needle("bank account", vendor.bank_account_number, owner),
        Needle("phone", vendor.phone, owner),
        Needle("e-mail", vendor.email, owner),
        Needle("KTP name", vendor.person_name, owner),
        Needle("account holder", vendor.bank_account_holder, owner),
    ]
    if vendor.kind == VendorKind.PERORANGAN:
        found.append(Needle("NPWP", vendor.npwp, owner))
    return found


def _user_needles(user: User) -> list[Needle]:
    owner = f"user {user.username} ({user.role})"
    return [
        Needle("name", user.get_full_name(), owner),
        Needle("NIP", user.nip, owner),
        Needle("phone", user.phone, owner),
        Needle("e-mail", user.email, owner),
    ]


def collect_needles() -> list[Needle]:
    """Every meaningful piece of personal data in the database."""
    public_names = {" ".join(_words(n)) for (n,) in Organisation.objects.values_list("name")}
    candidates: list[Needle] = []
    for vendor in Vendor.objects.select_related("organisation").order_by("pk"):
        candidates += _vendor_needles(vendor)
    for user in User.objects.order_by("pk"):
        candidates += _user_needles(user)
    needles: dict[tuple[str, str], Needle] = {}
    for needle in candidates:
        if not meaningful(needle):
            continue
        if needle.kind in NAME_KINDS and " ".join(_words(needle.value)) in public_names:
            continue
        needles.setdefault((needle.kind, needle.value.casefold()), needle)
    return list(needles.values())


def count_by_kind(needles: list[Needle]) -> Counter[str]:
    return Counter(needle.kind for needle in needles)


class Matcher:
    """Finds needles in a text, comparing the normalised forms described above."""

    def __init__(self, needles: list[Needle]) -> None:
        self.names: dict[tuple[str, ...], Needle] = {}
        self.emails: dict[str, Needle] = {}
        self.numbers: dict[str, Needle] = {}
        for needle in needles:
            if needle.kind in NAME_KINDS:
                self.names.setdefault(tuple(_words(needle.value)), needle)
            elif needle.kind == "e-mail":
                self.emails.setdefault(needle.value.casefold(), needle)
            else:
                for form in _number_forms(needle.kind, _digits(needle.value)):
                    self.numbers.setdefault(form, needle)
        self.lengths = sorted({len(form) for form in self.numbers})
        self.name_lengths = sorted({len(words) for words in self.names})

    def find(self, text: str) -> set[Needle]:
        plain = html.unescape(unquote(text))
        stripped = SPACE.sub(" ", html.unescape(TAG.sub(" ", unquote(text))))
        found: set[Needle] = set()
        for haystack in (plain, stripped):
            found |= self._names(haystack)
            found |= self._numbers(haystack)
            found |= {
                self.emails[email]
                for email in EMAIL.findall(haystack.casefold())
                if email in self.emails
            }
        return found

    def _names(self, text: str) -> set[Needle]:
        words = _words(text)
        found = set()
        for size in self.name_lengths:
            for start in range(len(words) - size + 1):
                needle = self.names.get(tuple(words[start : start + size]))
                if needle is not None:
                    found.add(needle)
        return found

    def _numbers(self, text: str) -> set[Needle]:
        found = set()
        for written in NUMBER.findall(text):
            digits = _digits(written)
            for size in self.lengths:
                if size > len(digits):
                    break
                for start in range(len(digits) - size + 1):
                    needle = self.numbers.get(digits[start : start + size])
                    if needle is not None:
                        found.add(needle)
        return found


def _number_forms(kind: str, digits: str) -> set[str]:
    """The number as stored; a phone also as +62; and without leading zeros,
    as a spreadsheet's number cell holds it."""
    forms = {digits}
    if kind == "phone" and digits.startswith("0"):
        forms.add("62" + digits[1:])
    if len(digits.lstrip("0")) >= MIN_DIGITS:
        forms.add(digits.lstrip("0"))
    return forms
