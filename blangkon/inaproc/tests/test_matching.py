"""Which instansi are ours: the name rule of ADR 0034 against the real regions."""

import pytest

from blangkon.inaproc.matching import instansi_key, our_regions, satker_name_key


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jenis", "nama", "code"),
    [
        ("KABUPATEN", "Kab. Batang", "33.25"),
        ("KABUPATEN", "KABUPATEN BATANG", "33.25"),
        ("", "Pemerintah Kabupaten Batang", "33.25"),
        ("KOTA", "Kota Semarang", "33.74"),
        ("KABUPATEN", "Kab. Semarang", "33.22"),
        ("PROVINSI", "Provinsi Jawa Tengah", "33"),
        ("PROVINSI", "Prov. Jawa Tengah", "33"),
        ("KABUPATEN", "Kab. Bandung", None),  # Jawa Barat: not ours
        ("KOTA", "Kota Batang", None),  # no such kota
        ("KEMENTERIAN", "Kementerian Keuangan", None),
    ],
)
def test_an_instansi_is_ours_by_kind_and_name(jenis: str, nama: str, code: str | None) -> None:
    key = instansi_key(jenis, nama)
    assert (our_regions().get(key) if key else None) == code


def test_satker_names_compare_after_normalising() -> None:
    assert satker_name_key("DIN. KESEHATAN") == satker_name_key("Dinas Kesehatan")
    assert satker_name_key("RSUD Kalisari") == satker_name_key("Rumah Sakit Umum Daerah Kalisari")
    assert satker_name_key("Dinas Kesehatan") != satker_name_key("Dinas Kesehatan Hewan")
