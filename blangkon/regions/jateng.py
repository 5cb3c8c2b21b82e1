"""The 35 kabupaten/kota of Jawa Tengah with their Kemendagri codes
(docs/domain/glossary.md, "Kab/kota").

Plain data, imported by the data migration and by the tests that check it.
"""

PROVINCE = ("33", "Provinsi Jawa Tengah")

KAB_KOTA: list[tuple[str, str]] = [
    ("33.01", "Kabupaten Cilacap"),
    ("33.02", "Kabupaten Banyumas"),
    ("33.03", "Kabupaten Purbalingga"),
    ("33.04", "Kabupaten Banjarnegara"),
    ("33.05", "Kabupaten Kebumen"),
    ("33.06", "Kabupaten Purworejo"),
    ("33.07", "Kabupaten Wonosobo"),
    ("33.08", "Kabupaten Magelang"),
    ("33.09", "Kabupaten Boyolali"),
    ("33.10", "Kabupaten Klaten"),
    ("33.11", "Kabupaten Sukoharjo"),
    ("33.12", "Kabupaten Wonogiri"),
    ("33.13", "Kabupaten Karanganyar"),
    ("33.14", "Kabupaten Sragen"),
    ("33.15", "Kabupaten Grobogan"),
    ("33.16", "Kabupaten Blora"),
    ("33.17", "Kabupaten Rembang"),
    ("33.18", "Kabupaten Pati"),
    ("33.19", "Kabupaten Kudus"),
    ("33.20", "Kabupaten Jepara"),
    ("33.21", "Kabupaten Demak"),
    ("33.22", "Kabupaten Semarang"),
    ("33.23", "Kabupaten Temanggung"),
    ("33.24", "Kabupaten Kendal"),
    ("33.25", "Kabupaten Batang"),
    ("33.26", "Kabupaten Pekalongan"),
    ("33.27", "Kabupaten Pemalang"),
    ("33.28", "Kabupaten Tegal"),
    ("33.29", "Kabupaten Brebes"),
    ("33.71", "Kota Magelang"),
    ("33.72", "Kota Surakarta"),
    ("33.73", "Kota Salatiga"),
    ("33.74", "Kota Semarang"),
    ("33.75", "Kota Pekalongan"),
    ("33.76", "Kota Tegal"),
]


def kind_of(code: str) -> str:
    # Kemendagri numbers kota from 71 upwards within a province.
    return "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"
