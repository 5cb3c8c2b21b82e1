"""Per-category product rules: required specification keys and certificates.

Plain data plus two small helpers; imports no models, so services, forms, the
bulk import template and tests can all use it.
"""

import re

# Specification keys a product of the category must fill in (normalised keys,
# see `normalise_spec_key`). Categories not listed require none.
REQUIRED_SPEC_KEYS: dict[str, tuple[str, ...]] = {
    "kertas-bahan-cetak": ("ukuran", "gramatur"),
    "komputer": ("prosesor", "ram", "penyimpanan"),
    "konveksi": ("bahan", "ukuran"),
    "katering": ("menu",),
    "makanan-kemasan": ("isi",),
    "sewa-kendaraan": ("jenis_kendaraan", "kapasitas"),
}

# The certificate a product of the category depends on (a vendors
# CertificateKind value). When it expires, the products are taken down.
# Halal: food and drink (PP 39/2021 Pasal 140; for UMK from October 2026).
REQUIRED_CERTIFICATE: dict[str, str] = {
    "katering": "halal",
    "makanan-kemasan": "halal",
}

MAX_SPEC_ENTRIES = 30
MAX_SPEC_KEY_LENGTH = 60
MAX_SPEC_VALUE_LENGTH = 200

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_spec_key(key: str) -> str:
    """'Jenis kendaraan ' → 'jenis_kendaraan': keys compare the same however typed."""
    return _SEPARATORS.sub("_", key.strip().lower()).strip("_")


def spec_label(key: str) -> str:
    """'jenis_kendaraan' → 'Jenis kendaraan', for tables and forms."""
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def required_spec_keys(category_slug: str) -> tuple[str, ...]:
    return REQUIRED_SPEC_KEYS.get(category_slug, ())


def required_certificate(category_slug: str) -> str:
    """The certificate kind a product of the category needs, or ''."""
    return REQUIRED_CERTIFICATE.get(category_slug, "")
