"""Checks of Indonesian identity numbers (NIK, NPWP, NIB) and of names.

Pure functions: each returns the normalised value or raises DomainError whose
field message names the field and says how to fix it. Format checks only;
nothing here asks Dukcapil, DJP or OSS whether the number really exists.
"""

import datetime
import re
import string

from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError

# Kemendagri province codes: the first two NIK digits name the province where
# the KTP was issued. 91-96 include the Papua provinces formed in 2022 (Papua
# Selatan 93, Papua Tengah 94, Papua Pegunungan 95, Papua Barat Daya 96).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19",
        "21",
        "31", "32", "33", "34", "35", "36",
        "51", "52", "53",
        "61", "62", "63", "64", "65",
        "71", "72", "73", "74", "75", "76",
        "81", "82",
        "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip

# Women's NIKs carry the birth day plus 40 (a woman born on the 7th has "47").
FEMALE_DAY_OFFSET = 40

_SEPARATORS = re.compile(r"[\s.\-]")


def _fail(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, {field: message})


def nik_birth_date(nik: str, *, today: datetime.date | None = None) -> datetime.date | None:
    """The birth date digits 7-12 encode, or None when they are no real date.

    DD has 40 added for women; YY is read as 20YY when it is not later than
    this year's two digits, else as 19YY.
    """
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    today = today or timezone.localdate()
    century = 2000 if year <= today.year % 100 else 1900
    try:
        born = datetime.date(century + year, month, day)
    except ValueError:
        return None  # 31 February, 29 February outside a leap year, month 13 ...
    return born if born <= today else None


def validate_nik(value: str, *, field: str = "nik", today: datetime.date | None = None) -> str:
    """A 16-digit NIK (Nomor Induk Kependudukan), spaces removed.

    Digits 1-6 are the region of issue (province, kab/kota, kecamatan), digits
    7-12 the birth date DDMMYY (DD + 40 for women), digits 13-16 a serial
    number that is never 0000.
    """
    nik = "".join(value.split())
    if not nik.isdigit() or not nik.isascii():
        raise _fail(
            "invalid_nik",
            field,
            _("The NIK may contain digits only. Copy the 16 digits from the KTP."),
        )
    if len(nik) != 16:
        raise _fail(
            "invalid_nik",
            field,
            _("The NIK has exactly 16 digits; you entered %(count)d. Check it against the KTP.")
            % {"count": len(nik)},
        )
    if nik[:2] not in PROVINCE_CODES or nik[2:4] == "00" or nik[4:6] == "00":
        raise _fail(
            "invalid_nik",
            field,
            _(
                "The first 6 digits of the NIK must be a region code (province, kab/kota, "
                "kecamatan), e.g. 332501. Check them against the KTP."
            ),
        )
    if nik_birth_date(nik, today=today) is None:
        raise _fail(
            "invalid_nik",
            field,
            _(
                "Digits 7 to 12 of the NIK must be a real birth date as DDMMYY (women add "
                "40 to the day). Check them against the KTP."
            ),
        )
    if nik[12:] == "0000":
        raise _fail(
            "invalid_nik",
            field,
            _("The last 4 digits of the NIK cannot be 0000. Check them against the KTP."),
        )
    return nik


def validate_npwp(value: str, *, field: str = "npwp") -> str:
    """A 16-digit NPWP; dots, dashes and spaces are dropped and a legacy 15-digit
    NPWP gets a leading 0 (PMK 112/PMK.03/2022)."""
    npwp = _SEPARATORS.sub("", value)
    if not npwp.isdigit() or not npwp.isascii():
        raise _fail(
            "invalid_npwp",
            field,
            _("The NPWP may contain digits, dots and dashes only, e.g. 01.234.567.8-901.000."),
        )
    if len(npwp) == 15:
        npwp = "0" + npwp
    if len(npwp) != 16:
        raise _fail(
            "invalid_npwp",
            field,
            _(
                "The NPWP has 16 digits (or 15 digits in the old format); you entered "
                "%(count)d. Check it against the NPWP card."
            )
            % {"count": len(npwp)},
        )
    return npwp


def validate_nib(value: str, *, field: str = "nib") -> str:
    """A 13-digit NIB (Nomor Induk Berusaha) from OSS, spaces removed."""
    nib = "".join(value.split())
    if not nib.isdigit() or not nib.isascii() or len(nib) != 13:
        raise _fail(
            "invalid_nib",
            field,
            _("The NIB has exactly 13 digits. Copy it from the OSS business licence."),
        )
    return nib


# Legal forms written before or after a business name.
_LEGAL_FORMS = frozenset({"cv", "pt", "ud", "tbk", "fa", "firma", "persero", "pd"})
# Titles written before a person's name (Haji, Hajjah, Doctor, Engineer, Sir ...).
_TITLES = frozenset(
    {
        "h", "hj", "dr", "drs", "dra", "ir", "prof", "kh", "ny", "nn", "tn", "sdr",
        "sdri", "bpk", "bapak", "ibu", "bu", "pak", "mr", "mrs", "ms",
    }
)  # fmt: skip
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation, " "))


def _name_tokens(name: str) -> list[str]:
    # Academic degrees follow the name after a comma ("Siti Aminah, S.E., M.M.").
    name = name.split(",", 1)[0].lower().translate(_PUNCTUATION)
    return [t for t in name.split() if t not in _LEGAL_FORMS and t not in _TITLES]


def names_match(a: str, b: str) -> bool:
    """Whether two names denote the same person or business.

    Ignores case, punctuation, spacing, legal forms (CV, PT, UD) and titles (H.,
    Hj., Dr., Ir.) before the name and degrees after a comma. Used to flag a
    bank account whose holder is not the vendor; the verifier decides.
    """
    left, right = _name_tokens(a), _name_tokens(b)
    return bool(left) and "".join(left) == "".join(right)
