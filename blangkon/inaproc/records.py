"""Reading a file of LKPP's `Ecat-PaketEPurchasingV6` open data: every record
checked before anything is written (docs/design/transparency.md § 9).

Pure: no database. `json_load` reads the file's bytes, `records_check` turns
its records into checked ones, or raises PackageFileError listing every bad record (its number and
kd_paket, the field, what is wrong) in the user's language. The national feed
also carries the ordering official's name (`nama_pemesan`): it is never read.
"""

import datetime
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from blangkon.core.errors import DomainError
from blangkon.inaproc.models import DeliveryStatus, PackageStatus

# A file larger than this is refused before it is read (the national feed of
# a whole province for a year is a few MB).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 50_000
# How many problems the message lists; the rest are counted.
MAX_LISTED = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_RUPIAH = 10**15  # far above any package; keeps a typo out of the totals
MAX_COUNT = 2_147_483_647  # PositiveIntegerField
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PackageFileError(DomainError):
    """The file cannot be imported; `problems` says why, one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(
                _("… and %(count)d more problems.") % {"count": len(problems) - MAX_LISTED}
            )
        super().__init__(
            "invalid",
            _("The INAPROC file was not imported: nothing was changed."),
            {"file": listed},
        )
        self.problems = listed


@dataclass(frozen=True)
class PackageRecord:
    """One checked record: the fields a Package and its Satker keep."""

    tahun_anggaran: int
    jenis_instansi: str
    nama_instansi: str
    kd_klpd: str
    nama_satker: str
    kd_satker_str: str
    kd_paket: str
    kd_rup: str
    rup_nama_pkt: str
    product_ids: list[str]
    sumber_dana: str
    mak: str
    kd_penyedia_v6: str
    kd_penyedia_sikap: int | None
    jml_jenis_produk: int
    jml_produk: int
    ongkir: int
    total_harga: int
    tgl_order: datetime.date
    status_pkt: str
    status_pengiriman: str

    def package_fields(self) -> dict[str, Any]:
        """The Package columns (the satker apart)."""
        return {name: getattr(self, name) for name in PACKAGE_FIELDS}


PACKAGE_FIELDS = (
    "tahun_anggaran",
    "kd_rup",
    "rup_nama_pkt",
    "product_ids",
    "sumber_dana",
    "mak",
    "kd_penyedia_v6",
    "kd_penyedia_sikap",
    "jml_jenis_produk",
    "jml_produk",
    "ongkir",
    "total_harga",
    "tgl_order",
    "status_pkt",
    "status_pengiriman",
)


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _text(max_length: int, *, required: bool = True) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise _Bad(_("must be text"))
        value = value.strip()
        if "\x00" in value:  # PostgreSQL stores no NUL in text
            raise _Bad(_("must not contain a NUL character"))
        if required and not value:
            raise _Bad(_("must not be empty"))
        if len(value) > max_length:
            raise _Bad(_("is longer than %(max)d characters") % {"max": max_length})
        return value

    return check


def _whole(low: int, high: int, *, required: bool = True) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        if value is None and not required:
            return None
        # bool is an int in Python; true/false in the file is still a wrong type.
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(_("must be a whole number"))
        if not low <= value <= high:
            raise _Bad(_("must be between %(low)d and %(high)d") % {"low": low, "high": high})
        return value

    return check


def _day(value: Any) -> datetime.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Bad(_("must be a date written YYYY-MM-DD"))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _Bad(_("must be a date written YYYY-MM-DD")) from None


def _choice(choices: type[PackageStatus] | type[DeliveryStatus]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices.values:
            raise _Bad(_("must be one of %(choices)s") % {"choices": ", ".join(choices.values)})
        return value

    return check


def _uuids(value: Any) -> list[str]:
    """ "a,b,c" (the feed's form) -> ["a", "b", "c"]; empty or null: none."""
    if value is None:
        return []
    if not isinstance(value, str):
        raise _Bad(_("must be text: product ids separated by commas"))
    ids = [part.strip() for part in value.split(",") if part.strip()]
    try:
        return [str(uuid.UUID(part)) for part in ids]
    except ValueError:
        raise _Bad(_("must be product ids (UUIDs) separated by commas")) from None


CHECKS: dict[str, Callable[[Any], Any]] = {
    "tahun_anggaran": _whole(FIRST_YEAR, LAST_YEAR),
    "jenis_instansi": _text(40),
    "nama_instansi": _text(200),
    "kd_klpd": _text(20),
    "nama_satker": _text(300),
    "kd_satker_str": _text(60),
    "kd_paket": _text(40),
    "kd_rup": _text(40, required=False),
    "rup_nama_pkt": _text(5_000, required=False),
    "product_ids": _uuids,
    "sumber_dana": _text(40, required=False),
    "mak": _text(5_000, required=False),
    "kd_penyedia_v6": _text(40),
    "kd_penyedia_sikap": _whole(0, 2**63 - 1, required=False),
    "jml_jenis_produk": _whole(0, MAX_COUNT),
    "jml_produk": _whole(0, MAX_COUNT),
    "ongkir": _whole(0, MAX_RUPIAH),
    "total_harga": _whole(0, MAX_RUPIAH),
    "tgl_order": _day,
    "status_pkt": _choice(PackageStatus),
    "status_pengiriman": _choice(DeliveryStatus),
}


def _where(number: int, record: Any) -> str:
    """ "Record 3 (kd_paket 01K…)": how a problem names its record (1-based)."""
    kd_paket = record.get("kd_paket") if isinstance(record, dict) else None
    if isinstance(kd_paket, str) and kd_paket.strip():
        return _("Record %(number)d (kd_paket %(kd_paket)s)") % {
            "number": number,
            "kd_paket": kd_paket.strip()[:40],
        }
    return _("Record %(number)d") % {"number": number}


def _record(number: int, raw: Any, problems: list[str]) -> PackageRecord | None:
    where = _where(number, raw)
    if not isinstance(raw, dict):
        problems.append(_("%(where)s: is not an object with fields") % {"where": where})
        return None
    values: dict[str, Any] = {}
    missing = [field for field in CHECKS if field not in raw]
    if missing:
        problems.append(
            _("%(where)s: missing fields: %(fields)s")
            % {"where": where, "fields": ", ".join(missing)}
        )
    ok = not missing
    for field, check in CHECKS.items():
        if field not in raw:
            continue
        try:
            values[field] = check(raw[field])
        except _Bad as bad:
            problems.append(f"{where}: {field} {bad.message}")
            ok = False
    return PackageRecord(**values) if ok else None


def json_load(raw: bytes) -> Any:
    """The file's JSON, or PackageFileError: too large, or not JSON."""
    if len(raw) > MAX_FILE_BYTES:
        raise PackageFileError(
            [_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 1024 // 1024}]
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:  # nested deeper than the parser goes
        raise PackageFileError([_("The file is not JSON (nested too deeply).")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageFileError(
            [_("The file is not JSON (%(error)s).") % {"error": str(error)[:200]}]
        ) from None
    return data


def records_check(data: Any) -> list[PackageRecord]:
    """The records of a parsed file, every one checked; PackageFileError
    listing every bad record otherwise (a repeated kd_paket is one)."""
    if not isinstance(data, list):
        raise PackageFileError([_("The file must hold a JSON list of package records.")])
    if not data:
        raise PackageFileError([_("The file holds no package records.")])
    if len(data) > MAX_RECORDS:
        raise PackageFileError(
            [_("The file holds more than %(max)d records.") % {"max": MAX_RECORDS}]
        )
    problems: list[str] = []
    records: list[PackageRecord] = []
    seen: dict[str, int] = {}
    for number, raw_record in enumerate(data, start=1):
        record = _record(number, raw_record, problems)
        if record is None:
            continue
        if record.kd_paket in seen:
            problems.append(
                _("%(where)s: kd_paket repeats record %(first)d")
                % {"where": _where(number, raw_record), "first": seen[record.kd_paket]}
            )
            continue
        seen[record.kd_paket] = number
        records.append(record)
    if problems:
        raise PackageFileError(problems)
    return records
