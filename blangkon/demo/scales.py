"""How much demo data each scale creates.

Three named scales: "small" for development and tests, "seed" for the state
Blangkon Jateng reported on 25 March 2022 and "large" for the state of
February 2024 (docs/domain/README.md, "Blangkon Jateng in figures"). Fields for
data that later seeders will create (vendors, products, orders) are already here
so every seeder reads its numbers from one place.
"""

import datetime
from dataclasses import dataclass

PROVINCE_CODE = "33"
PROVINCE_JOINED_ON = datetime.date(2021, 3, 1)  # Pemprov launched Blangkon in 2021
# The category that sold most by March 2022 (catering: "katering makanan").
TOP_CATEGORY = "katering"

# The order in which kab/kota join, with their joining dates. Every scale takes
# the first `kab_kota_joined` rows, so the demo accounts of Batang and Kendal
# exist at every scale. Batang's date is its socialisation (24 Jan 2022); the
# next rows lean on kab/kota named in the news (Jepara, Rembang, Salatiga,
# Pekalongan, Boyolali, Wonogiri, Pemalang, Wonosobo); the rest are invented.
# Rows 1-18 joined by March 2022, rows 19-25 by February 2024.
JOINING_ORDER: list[tuple[str, datetime.date]] = [
    ("33.25", datetime.date(2022, 1, 24)),  # Kabupaten Batang
    ("33.24", datetime.date(2021, 9, 13)),  # Kabupaten Kendal
    ("33.20", datetime.date(2021, 6, 7)),  # Kabupaten Jepara
    ("33.74", datetime.date(2021, 3, 15)),  # Kota Semarang
    ("33.17", datetime.date(2021, 7, 5)),  # Kabupaten Rembang
    ("33.73", datetime.date(2021, 8, 2)),  # Kota Salatiga
    ("33.26", datetime.date(2021, 4, 12)),  # Kabupaten Pekalongan
    ("33.09", datetime.date(2021, 5, 10)),  # Kabupaten Boyolali
    ("33.12", datetime.date(2021, 10, 4)),  # Kabupaten Wonogiri
    ("33.27", datetime.date(2021, 11, 8)),  # Kabupaten Pemalang
    ("33.07", datetime.date(2021, 12, 6)),  # Kabupaten Wonosobo
    ("33.72", datetime.date(2021, 4, 26)),  # Kota Surakarta
    ("33.19", datetime.date(2021, 8, 23)),  # Kabupaten Kudus
    ("33.10", datetime.date(2021, 10, 18)),  # Kabupaten Klaten
    ("33.21", datetime.date(2022, 2, 14)),  # Kabupaten Demak
    ("33.22", datetime.date(2021, 6, 21)),  # Kabupaten Semarang
    ("33.01", datetime.date(2022, 3, 7)),  # Kabupaten Cilacap
    ("33.02", datetime.date(2021, 11, 22)),  # Kabupaten Banyumas
    ("33.18", datetime.date(2022, 6, 13)),  # Kabupaten Pati
    ("33.75", datetime.date(2022, 8, 1)),  # Kota Pekalongan
    ("33.13", datetime.date(2022, 10, 3)),  # Kabupaten Karanganyar
    ("33.14", datetime.date(2023, 1, 16)),  # Kabupaten Sragen
    ("33.28", datetime.date(2023, 4, 10)),  # Kabupaten Tegal
    ("33.05", datetime.date(2023, 7, 3)),  # Kabupaten Kebumen
    ("33.08", datetime.date(2023, 10, 2)),  # Kabupaten Magelang
]


@dataclass(frozen=True)
class Scale:
    # Kab/kota pemda with joined_on set (the province always joins too).
    kab_kota_joined: int
    # Of those, how many have orders: the first N of JOINING_ORDER.
    kab_kota_transacting: int
    # OPDs created in each joined pemda (the province included).
    opds_per_pemda: int
    # Procurement officials (PP) per OPD; PPK, bendahara and OPD admin are one each.
    pp_per_opd: int
    # Targets for the vendor, product and order seeders.
    vendors_perorangan: int
    vendors_badan_usaha: int
    products_live: int
    orders: int
    # Products given a picture, the first ones created (ADR 0021): each costs
    # two stored files and a ProductImage row, which doubled the seed scale's
    # load time when every product had one.
    pictured_products: int
    # Finished orders written in bulk (seeders/order_history.py): the sum of
    # their totals, and of it the top category's (TOP_CATEGORY), both exact.
    # Zero: no such history (the small scale has demo journeys instead).
    transacted_rupiah: int = 0
    top_category_rupiah: int = 0

    @property
    def vendors(self) -> int:
        return self.vendors_perorangan + self.vendors_badan_usaha

    def joining(self) -> list[tuple[str, datetime.date]]:
        """(region code, joined_on) of the kab/kota that joined at this scale."""
        return JOINING_ORDER[: self.kab_kota_joined]

    def transacting_codes(self) -> list[str]:
        return [code for code, _ in JOINING_ORDER[: self.kab_kota_transacting]]


SCALES: dict[str, Scale] = {
    # Batang, Kendal, Jepara and Kota Semarang: enough for every permission demo.
    "small": Scale(
        kab_kota_joined=4,
        kab_kota_transacting=3,
        opds_per_pemda=3,
        pp_per_opd=1,
        vendors_perorangan=25,
        vendors_badan_usaha=25,
        products_live=1_000,
        orders=200,
        pictured_products=1_000,  # all: the small scale is the one people click through
    ),
    # Dinas Koperasi dan UKM Jateng, 25 Mar 2022: 2.448 penyedia (1.244 non badan
    # usaha + 1.204 badan usaha), 55.082 produk tayang, 18 of 35 kab/kota joined,
    # 10 transacting, Rp15 M since 2021 (about 3.000 orders at ~Rp5 jt each),
    # Rp4 M of it catering, the top category.
    "seed": Scale(
        kab_kota_joined=18,
        kab_kota_transacting=10,
        opds_per_pemda=15,
        pp_per_opd=2,
        vendors_perorangan=1_244,
        vendors_badan_usaha=1_204,
        products_live=55_082,
        orders=3_000,
        pictured_products=10_000,
        transacted_rupiah=15_000_000_000,
        top_category_rupiah=4_000_000_000,
    ),
    # Biro APBJ Setda Jateng, Feb 2024: 25 kab/kota, 10.335 penyedia (5.337
    # perorangan + 4.998 badan usaha), ~0,5 juta products. Orders: Rp264 M in
    # Jan-Aug 2024 at ~Rp5 jt each is ~50 ribu (docs/domain/README.md, "Sizing").
    "large": Scale(
        kab_kota_joined=25,
        kab_kota_transacting=20,  # assumed: no public figure
        opds_per_pemda=15,
        pp_per_opd=2,
        vendors_perorangan=5_337,
        vendors_badan_usaha=4_998,
        products_live=500_000,
        orders=50_000,
        pictured_products=10_000,
    ),
}
