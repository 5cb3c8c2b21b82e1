"""Which instansi and satker of INAPROC are ours (ADR 0034).

An instansi is ours when it is the province or one of its kab/kota: its kind
(`jenis_instansi`, else the prefix of its name) and its name without the prefix
must equal a region's, after normalising (case, punctuation, spaces). So
"Kab. Batang", "KABUPATEN BATANG" and "Kabupaten Batang" are 33.25, and "Kota
Semarang" is never "Kabupaten Semarang". Within an instansi of ours, a satker
is the OPD of that pemda whose name is the same after the same normalising
and after spelling out a few abbreviations ("DIN." is "DINAS"): exact, never
fuzzy, because a wrong OPD is worse than one an admin maps.
"""

import re

from django.db.models import Q

from blangkon.accounts.models import Organisation
from blangkon.accounts.roles import OrganisationKind
from blangkon.regions.models import Region, RegionKind

_WORD = re.compile(r"[a-z0-9]+")
# Prefixes of an instansi's name and the region kind each means.
_PREFIXES = {
    "kabupaten": RegionKind.KABUPATEN,
    "kab": RegionKind.KABUPATEN,
    "kota": RegionKind.KOTA,
    "provinsi": RegionKind.PROVINSI,
    "prov": RegionKind.PROVINSI,
    "pemerintah": None,  # "Pemerintah Kabupaten Batang": skipped
    "pemkab": RegionKind.KABUPATEN,
    "pemkot": RegionKind.KOTA,
    "pemprov": RegionKind.PROVINSI,
}
_KINDS = {
    "KABUPATEN": RegionKind.KABUPATEN,
    "KOTA": RegionKind.KOTA,
    "PROVINSI": RegionKind.PROVINSI,
}
# Short forms in satker names, spelled out before comparing.
_ABBREVIATIONS = {
    "din": "dinas",
    "dis": "dinas",
    "kab": "kabupaten",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "bag": "bagian",
    "sekre": "sekretariat",
    "sekr": "sekretariat",
    "setda": "sekretariat daerah",
    "rsud": "rumah sakit umum daerah",
    "ukm": "usaha kecil dan menengah",
}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def instansi_key(jenis_instansi: str, nama_instansi: str) -> tuple[str, str] | None:
    """(region kind, name without its prefix), or None for an instansi that
    is no pemda (a ministry, a university)."""
    kind = _KINDS.get(jenis_instansi.strip().upper())
    rest = words(nama_instansi)
    while rest and rest[0] in _PREFIXES:
        kind = _PREFIXES[rest[0]] or kind
        rest = rest[1:]
    if kind is None or not rest:
        return None
    return kind, " ".join(rest)


def region_key(region: Region) -> tuple[str, str] | None:
    return instansi_key(region.kind.upper(), region.name)


def our_regions() -> dict[tuple[str, str], str]:
    """(kind, name) -> region code for the province(s) and their kab/kota."""
    keys: dict[tuple[str, str], str] = {}
    for region in Region.objects.all():
        if (key := region_key(region)) is not None:
            keys[key] = region.code
    return keys


def satker_name_key(name: str) -> str:
    expanded: list[str] = []
    for word in words(name):
        expanded.extend(_ABBREVIATIONS.get(word, word).split())
    return " ".join(expanded)


def opds_by_name(region_codes: set[str]) -> dict[tuple[str, str], int]:
    """(region code, normalised name) -> OPD id, for the active OPDs of the
    pemda of each region. Two OPDs with the same normalised name match neither."""
    found: dict[tuple[str, str], int] = {}
    clashes: set[tuple[str, str]] = set()
    opds = Organisation.objects.filter(
        Q(kind=OrganisationKind.OPD, is_active=True, region_id__in=region_codes)
    ).values_list("id", "region_id", "name")
    for opd_id, region_code, name in opds:
        key = (region_code, satker_name_key(name))
        if key in found:
            clashes.add(key)
        found[key] = opd_id
    return {key: value for key, value in found.items() if key not in clashes}
