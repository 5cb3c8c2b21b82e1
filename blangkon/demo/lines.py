"""Lines of business: what each demo vendor sells, as data.

A line ties together everything that must agree with everything else: the
words its vendors are named with ("Percetakan", "Katering"), the categories
it sells in, its product templates and their specifications, and the colour
and motif of its pictures. The vendor seeder names a vendor after its line;
the product seeder reads the line back from the name (`line_of_vendor`) and
lists only that line's products; the picture seeder draws per template.

A template's variants carry their own specifications, so a name and its
specifications come from one entry: "Kertas HVS F4 70 gsm" has ukuran F4
and gramatur 70 gsm.

Plain data; append rather than reorder, or every later random pick shifts.
"""

import re
from dataclasses import dataclass, field
from functools import cache

Specs = dict[str, str]


@dataclass(frozen=True)
class Variant:
    text: str  # appended to the template's base name
    specs: Specs = field(default_factory=dict)


def v(text: str, **specs: str) -> Variant:
    return Variant(text, specs)


@dataclass(frozen=True)
class Template:
    """One kind of product: base name, variants, unit, price range (per unit,
    tax included, whole rupiah) and the specifications every variant shares."""

    base: str
    variants: tuple[Variant, ...]
    unit: str
    low: int
    high: int
    specs: Specs = field(default_factory=dict)

    def specs_for(self, variant: Variant) -> Specs:
        return {**self.specs, **variant.specs}


@dataclass(frozen=True)
class Line:
    slug: str
    label: str  # printed on the line's pictures
    # Words a vendor of this line is named with: "Katering Bu Siti",
    # "CV Percetakan Sinar Mulia". Each is unique to its line.
    trades: tuple[str, ...]
    # Category slug → the templates this line lists there.
    items: dict[str, tuple[Template, ...]]
    # How many vendors, relative to the other lines. Catering was the largest
    # category by value in 2022 (Rp4 M of Rp15 M) and office supplies the
    # largest by vendors in 2024: they weigh more.
    weight: int
    colour: str  # background of the pictures, #rrggbb
    motif: str  # the shape drawn on the pictures (demo.pictures.MOTIFS)
    # Sometimes appended to a product name ("Meja Kerja Jati 120 cm Jepara").
    origins: tuple[str, ...] = ("",)


LINES: tuple[Line, ...] = (
    Line(
        slug="katering",
        label="Katering",
        trades=("Katering", "Warung Makan", "Dapur"),
        weight=6,
        colour="#c0392b",
        motif="food",
        items={
            "katering": (
                Template(
                    "Nasi Kotak",
                    (
                        v("Ayam Bakar"),
                        v("Ayam Goreng Kremes"),
                        v("Rendang Sapi"),
                        v("Ikan Bandeng Presto"),
                        v("Ayam Geprek"),
                        v("Telur Balado"),
                        v("Empal Gepuk"),
                    ),
                    "kotak",
                    18_000,
                    45_000,
                    {"menu": "nasi, lauk, sayur, sambal, buah, air mineral"},
                ),
                Template(
                    "Snack Box",
                    (
                        v("Isi 3", menu="3 kue basah, air mineral"),
                        v("Isi 4", menu="4 kue basah, air mineral"),
                        v("Isi 5 Premium", menu="5 kue basah dan kering, air mineral"),
                        v("Jajan Pasar", menu="jajan pasar, air mineral"),
                    ),
                    "kotak",
                    8_000,
                    25_000,
                ),
                Template(
                    "Prasmanan",
                    (v("Menu Jawa"), v("Menu Nusantara"), v("Paket Rapat")),
                    "pax",
                    35_000,
                    85_000,
                    {"menu": "nasi, 2 lauk, sayur, kerupuk, buah, minuman"},
                ),
                Template(
                    "Coffee Break",
                    (v("Pagi"), v("Sore"), v("Paket Lengkap")),
                    "pax",
                    12_000,
                    30_000,
                    {"menu": "2 kue, kopi/teh"},
                ),
                Template(
                    "Tumpeng",
                    (
                        v("Mini 5 Porsi", menu="nasi kuning 5 porsi dengan 7 lauk"),
                        v("Nasi Kuning 20 Porsi", menu="nasi kuning 20 porsi dengan 7 lauk"),
                        v("Nasi Uduk 30 Porsi", menu="nasi uduk 30 porsi dengan 7 lauk"),
                    ),
                    "paket",
                    150_000,
                    1_200_000,
                ),
            ),
        },
    ),
    Line(
        slug="atk",
        label="Alat tulis & kertas",
        trades=("Toko ATK", "ATK"),
        weight=5,
        colour="#2e86c1",
        motif="paper",
        items={
            "atk": (
                Template(
                    "Ballpoint",
                    (
                        v("Standard AE7 Hitam"),
                        v("Standard AE7 Biru"),
                        v("Snowman V5"),
                        v("Joyko Gel"),
                    ),
                    "dos",
                    18_000,
                    60_000,
                    {"isi": "12 batang"},
                ),
                Template(
                    "Binder Clip",
                    (v("No. 105"), v("No. 107"), v("No. 111"), v("No. 155"), v("No. 200")),
                    "dos",
                    4_000,
                    18_000,
                    {"isi": "12 buah"},
                ),
                Template(
                    "Odner",
                    (
                        v("Folio Bantex", ukuran="folio"),
                        v("Kwarto Bindex", ukuran="kwarto"),
                        v("A4 Plastik", ukuran="A4"),
                    ),
                    "buah",
                    35_000,
                    70_000,
                ),
                Template(
                    "Lakban",
                    (v("Coklat 2 inci"), v("Bening 2 inci"), v("Hitam 2 inci")),
                    "roll",
                    12_000,
                    25_000,
                    {"lebar": "2 inci"},
                ),
                Template(
                    "Isi Staples", (v("No. 10"), v("No. 3"), v("23/10")), "dos", 3_000, 15_000
                ),
                Template(
                    "Map",
                    (v("Snelhecter Plastik"), v("Kertas Kancing"), v("Plastik Folio")),
                    "pak",
                    15_000,
                    60_000,
                    {"isi": "12 lembar"},
                ),
                Template(
                    "Spidol Whiteboard",
                    (v("Snowman Hitam"), v("Snowman Biru"), v("Artline Merah")),
                    "lusin",
                    60_000,
                    120_000,
                ),
            ),
            "kertas-bahan-cetak": (
                Template(
                    "Kertas HVS",
                    (
                        v("A4 70 gsm", ukuran="A4", gramatur="70 gsm"),
                        v("A4 80 gsm", ukuran="A4", gramatur="80 gsm"),
                        v("F4 70 gsm", ukuran="F4", gramatur="70 gsm"),
                        v("F4 80 gsm", ukuran="F4", gramatur="80 gsm"),
                    ),
                    "rim",
                    45_000,
                    75_000,
                ),
                Template(
                    "Kertas Cover",
                    (
                        v("Biru A4 160 gsm", ukuran="A4", gramatur="160 gsm"),
                        v("Kuning F4 160 gsm", ukuran="F4", gramatur="160 gsm"),
                        v("Putih A4 BC 210 gsm", ukuran="A4", gramatur="210 gsm"),
                    ),
                    "pak",
                    25_000,
                    45_000,
                ),
                Template(
                    "Tinta Printer",
                    (
                        v("Epson 003 Hitam 65 ml", ukuran="65 ml"),
                        v("Canon GI-790 Cyan 70 ml", ukuran="70 ml"),
                        v("HP GT52 Hitam 70 ml", ukuran="70 ml"),
                    ),
                    "botol",
                    60_000,
                    180_000,
                    {"gramatur": "-"},
                ),
                Template(
                    "Toner",
                    (
                        v("HP 85A", ukuran="1.600 halaman"),
                        v("Canon 325", ukuran="1.600 halaman"),
                        v("Brother TN-2260", ukuran="1.200 halaman"),
                    ),
                    "unit",
                    250_000,
                    1_100_000,
                    {"gramatur": "-"},
                ),
            ),
            "arsip-dokumen": (
                Template(
                    "Box Arsip", (v("Karton Tebal"), v("Plastik Lipat")), "buah", 12_000, 45_000
                ),
                Template("Map Arsip", (v("Gantung"), v("Ordner Kancing")), "dos", 45_000, 150_000),
            ),
            "perlengkapan-kantor": (
                Template(
                    "File Box", (v("Plastik Bantex"), v("Karton Tebal")), "buah", 25_000, 75_000
                ),
                Template(
                    "Rak Arsip", (v("Besi 5 Susun"), v("Kayu 4 Susun")), "unit", 750_000, 2_500_000
                ),
                Template(
                    "Brankas",
                    (v("Ichiban Kecil"), v("Digital 40 kg")),
                    "unit",
                    2_000_000,
                    8_500_000,
                ),
            ),
        },
    ),
    Line(
        slug="makanan",
        label="Makanan & minuman kemasan",
        trades=("Toko Roti", "Toko Kue", "Camilan"),
        weight=3,
        colour="#d68910",
        motif="food",
        items={
            "makanan-kemasan": (
                Template(
                    "Air Mineral",
                    (
                        v("600 ml isi 24", isi="24 botol"),
                        v("330 ml isi 48", isi="48 botol"),
                        v("Gelas 220 ml isi 48", isi="48 gelas"),
                    ),
                    "karton",
                    25_000,
                    60_000,
                ),
                Template(
                    "Keripik",
                    (v("Tempe"), v("Singkong Balado"), v("Pisang")),
                    "karton",
                    120_000,
                    300_000,
                    {"isi": "20 bungkus"},
                ),
                Template(
                    "Teh Kemasan",
                    (
                        v("Kotak 200 ml isi 24", isi="24 kotak"),
                        v("Botol 350 ml isi 24", isi="24 botol"),
                    ),
                    "karton",
                    45_000,
                    110_000,
                ),
                Template(
                    "Roti Manis",
                    (v("Isi 10", isi="10 buah"), v("Isi 20", isi="20 buah")),
                    "dos",
                    25_000,
                    60_000,
                ),
                Template(
                    "Jenang",
                    (v("Wijen Isi 20", isi="20 bungkus"), v("Durian Isi 20", isi="20 bungkus")),
                    "dos",
                    35_000,
                    80_000,
                ),
                Template(
                    "Wingko",
                    (v("Kelapa Isi 10", isi="10 buah"), v("Cokelat Isi 10", isi="10 buah")),
                    "dos",
                    30_000,
                    60_000,
                ),
            ),
        },
    ),
    Line(
        slug="sembako",
        label="Sembako",
        trades=("Toko Sembako", "Grosir Sembako", "Toko Kelontong"),
        weight=2,
        colour="#7d6608",
        motif="sack",
        items={
            "sembako": (
                Template(
                    "Beras",
                    (v("Premium 5 kg"), v("Medium 25 kg"), v("Rojolele 10 kg")),
                    "karung",
                    65_000,
                    350_000,
                ),
                Template("Gula Pasir", (v("Kemasan 1 kg"), v("Curah")), "kg", 15_000, 18_000),
                Template("Minyak Goreng", (v("Kemasan 2 L"), v("Curah")), "liter", 15_000, 22_000),
                Template("Telur Ayam", (v("Negeri"), v("Kampung")), "kg", 26_000, 45_000),
                Template(
                    "Paket Sembako", (v("Lebaran"), v("Bantuan Sosial")), "paket", 150_000, 350_000
                ),
            ),
        },
    ),
    Line(
        slug="percetakan",
        label="Percetakan",
        trades=("Percetakan", "Fotokopi", "Digital Printing"),
        weight=3,
        colour="#8e44ad",
        motif="print",
        items={
            "percetakan": (
                Template(
                    "Spanduk", (v("Flexi 280 gr"), v("Flexi Korea 440 gr")), "m2", 20_000, 55_000
                ),
                Template(
                    "Banner", (v("Roll Up 60x160"), v("X-Banner 60x160")), "paket", 150_000, 400_000
                ),
                Template(
                    "Cetak Buku",
                    (v("Laporan A4 100 Halaman"), v("Panduan A5 60 Halaman")),
                    "eksemplar",
                    25_000,
                    90_000,
                ),
                Template(
                    "Undangan",
                    (v("Rapat Satu Warna"), v("Acara Full Color")),
                    "lembar",
                    1_500,
                    8_000,
                ),
                Template("Kop Surat", (v("HVS 80 gsm Full Color"),), "lembar", 700, 2_500),
                Template("Stiker", (v("Vinyl A3"), v("Label Nama")), "lembar", 5_000, 25_000),
            ),
        },
    ),
    Line(
        slug="komputer",
        label="Komputer",
        trades=("Toko Komputer", "Komputer"),
        weight=2,
        colour="#1f618d",
        motif="screen",
        items={
            "komputer": (
                Template(
                    "Laptop",
                    (
                        v(
                            "Core i5 8 GB 512 GB",
                            prosesor="Intel Core i5",
                            ram="8 GB",
                            penyimpanan="512 GB",
                        ),
                        v(
                            "Ryzen 5 16 GB 512 GB",
                            prosesor="AMD Ryzen 5",
                            ram="16 GB",
                            penyimpanan="512 GB",
                        ),
                        v(
                            "Core i3 8 GB 256 GB",
                            prosesor="Intel Core i3",
                            ram="8 GB",
                            penyimpanan="256 GB",
                        ),
                    ),
                    "unit",
                    7_500_000,
                    14_500_000,
                ),
                Template(
                    "PC Desktop",
                    (
                        v(
                            "Core i5 All-in-One 8 GB",
                            prosesor="Intel Core i5",
                            ram="8 GB",
                            penyimpanan="512 GB",
                        ),
                        v(
                            "Core i3 Tower 8 GB",
                            prosesor="Intel Core i3",
                            ram="8 GB",
                            penyimpanan="256 GB",
                        ),
                    ),
                    "unit",
                    6_500_000,
                    12_000_000,
                ),
                Template(
                    "Printer",
                    (v("Epson L3210"), v("Canon G2020"), v("HP Ink Tank 315")),
                    "unit",
                    1_800_000,
                    3_500_000,
                    {"prosesor": "-", "ram": "-", "penyimpanan": "-"},
                ),
                Template(
                    "UPS",
                    (v("650 VA"), v("1200 VA")),
                    "unit",
                    700_000,
                    2_200_000,
                    {"prosesor": "-", "ram": "-", "penyimpanan": "-"},
                ),
            ),
            "servis-pemeliharaan": (
                Template(
                    "Perbaikan Komputer",
                    (v("Instal Ulang"), v("Ganti SSD")),
                    "kali",
                    100_000,
                    900_000,
                ),
            ),
        },
    ),
    Line(
        slug="elektronik",
        label="Elektronik",
        trades=("Toko Elektronik", "Elektronik"),
        weight=2,
        colour="#117a65",
        motif="screen",
        items={
            "elektronik": (
                Template(
                    "AC Split", (v("1/2 PK"), v("1 PK"), v("1,5 PK")), "unit", 3_200_000, 6_500_000
                ),
                Template(
                    "Televisi LED",
                    (v("32 inci"), v("43 inci Smart TV")),
                    "unit",
                    1_900_000,
                    5_500_000,
                ),
                Template(
                    "Kipas Angin",
                    (v("Dinding 16 inci"), v("Berdiri 18 inci")),
                    "unit",
                    250_000,
                    650_000,
                ),
                Template(
                    "Dispenser", (v("Galon Bawah"), v("Hot & Cool")), "unit", 450_000, 2_200_000
                ),
            ),
            "audio-multimedia": (
                Template(
                    "Sound System",
                    (v("Portable 15 inci"), v("Paket Ruang Rapat")),
                    "set",
                    2_500_000,
                    12_000_000,
                ),
                Template(
                    "Mikrofon",
                    (v("Wireless Double"), v("Kabel Dinamis")),
                    "unit",
                    350_000,
                    2_500_000,
                ),
                Template(
                    "Proyektor",
                    (v("3600 Lumens"), v("WXGA 4000 Lumens")),
                    "unit",
                    5_500_000,
                    11_000_000,
                ),
            ),
            "servis-pemeliharaan": (
                Template(
                    "Servis AC", (v("Cuci AC Split"), v("Isi Freon R32")), "unit", 75_000, 450_000
                ),
            ),
        },
    ),
    Line(
        slug="furnitur",
        label="Mebel",
        trades=("Mebel", "Furnitur"),
        weight=2,
        colour="#935116",
        motif="chair",
        origins=("", "", "Jepara"),
        items={
            "furnitur": (
                Template(
                    "Meja Kerja",
                    (v("Jati 120 cm"), v("Mahoni 140 cm"), v("Besi Kaca")),
                    "unit",
                    1_200_000,
                    4_500_000,
                ),
                Template(
                    "Kursi Kantor",
                    (v("Jaring Hidrolik"), v("Kayu Jati Ukir")),
                    "unit",
                    650_000,
                    2_500_000,
                ),
                Template(
                    "Lemari Arsip",
                    (v("Jati 2 Pintu"), v("Besi 4 Laci")),
                    "unit",
                    2_000_000,
                    5_500_000,
                ),
                Template(
                    "Meja Rapat",
                    (v("Jati 10 Orang"), v("Oval 8 Orang")),
                    "unit",
                    6_000_000,
                    18_000_000,
                ),
            ),
        },
    ),
    Line(
        slug="kebersihan",
        label="Alat kebersihan",
        trades=("Toko Kebersihan", "Alat Kebersihan"),
        weight=1,
        colour="#148f77",
        motif="bottle",
        items={
            "kebersihan-barang": (
                Template(
                    "Sabun Cuci Tangan",
                    (v("Cair 500 ml"), v("Cair Jerigen 5 L")),
                    "botol",
                    12_000,
                    95_000,
                ),
                Template(
                    "Hand Sanitizer",
                    (v("500 ml"), v("Jerigen 5 L"), v("100 ml Spray")),
                    "botol",
                    15_000,
                    175_000,
                ),
                Template(
                    "Cairan Disinfektan",
                    (v("Pembersih Lantai 1 L"), v("Karbol Wangi 4 L")),
                    "liter",
                    18_000,
                    60_000,
                ),
                Template(
                    "Tisu", (v("Wajah 250 lembar"), v("Gulung isi 10")), "pak", 12_000, 45_000
                ),
                Template(
                    "Alat Pel", (v("Spin Mop"), v("Kain Pel Lantai")), "buah", 35_000, 180_000
                ),
            ),
        },
    ),
    Line(
        slug="alkes",
        label="Alat kesehatan",
        trades=("Apotek", "Alkes"),
        weight=1,
        colour="#2874a6",
        motif="cross",
        items={
            "apd-kesehatan": (
                Template("Masker", (v("Medis 3 Ply"), v("KN95")), "dos", 20_000, 90_000),
                Template("Sarung Tangan", (v("Lateks"), v("Nitril")), "dos", 45_000, 120_000),
                Template(
                    "Kotak P3K", (v("Lengkap Dinding"), v("Portable")), "pcs", 150_000, 450_000
                ),
                Template("Termometer", (v("Digital"), v("Inframerah")), "pcs", 35_000, 350_000),
            ),
        },
    ),
    Line(
        slug="konveksi",
        label="Konveksi",
        trades=("Konveksi", "Penjahit", "Jahit"),
        weight=3,
        colour="#5b2c6f",
        motif="shirt",
        items={
            "konveksi": (
                Template(
                    "Seragam PDH",
                    (v("Khaki Pria"), v("Khaki Wanita")),
                    "stel",
                    250_000,
                    450_000,
                    {"bahan": "drill", "ukuran": "S-XXL"},
                ),
                Template(
                    "Kaos Kegiatan",
                    (
                        v("Cotton Combed 30s", bahan="cotton combed 30s"),
                        v("Polo Lacoste", bahan="lacoste cotton"),
                    ),
                    "potong",
                    55_000,
                    120_000,
                    {"ukuran": "S-XXL"},
                ),
                Template(
                    "Seragam Sekolah",
                    (v("SD Putih Merah"), v("SMP Putih Biru")),
                    "stel",
                    120_000,
                    250_000,
                    {"bahan": "tetoron", "ukuran": "S-XL"},
                ),
                Template(
                    "Topi",
                    (v("Bordir Logo"), v("Rimba")),
                    "lusin",
                    240_000,
                    480_000,
                    {"bahan": "rafel", "ukuran": "all size"},
                ),
            ),
            "tas-koper": (
                Template(
                    "Tas Ransel", (v("15 inci Bordir"), v("Kanvas")), "buah", 150_000, 450_000
                ),
                Template(
                    "Tas Jinjing",
                    (v("Kanvas Sablon"), v("Kulit Sintetis")),
                    "buah",
                    45_000,
                    250_000,
                ),
            ),
        },
    ),
    Line(
        slug="batik",
        label="Batik",
        trades=("Batik",),
        weight=2,
        colour="#6e2c00",
        motif="batik",
        items={
            "produk-unggulan-daerah": (
                Template(
                    "Kain Batik Tulis",
                    (v("Lasem Tiga Negeri"), v("Pekalongan Jlamprang"), v("Solo Parang")),
                    "pcs",
                    250_000,
                    2_500_000,
                ),
                Template("Kain Batik Cap", (v("Kawung"), v("Sekar Jagad")), "pcs", 90_000, 350_000),
                Template(
                    "Blangkon Batik", (v("Solo Wiron"), v("Jogja Mondolan")), "pcs", 75_000, 250_000
                ),
                Template("Selendang Batik", (v("Sutra"), v("Katun")), "pcs", 85_000, 400_000),
            ),
            "konveksi": (
                Template(
                    "Kemeja Batik",
                    (v("Pekalongan Cap"), v("Lasem Tulis")),
                    "potong",
                    150_000,
                    850_000,
                    {"bahan": "katun primisima", "ukuran": "M-XXL"},
                ),
                Template(
                    "Seragam Batik",
                    (v("Korpri"), v("Motif Daerah")),
                    "potong",
                    125_000,
                    300_000,
                    {"bahan": "katun prima", "ukuran": "S-XXL"},
                ),
            ),
        },
    ),
    Line(
        slug="souvenir",
        label="Souvenir",
        trades=("Souvenir", "Kerajinan"),
        weight=2,
        colour="#b9770e",
        motif="gift",
        items={
            "souvenir": (
                Template(
                    "Plakat",
                    (v("Akrilik"), v("Kayu Ukir"), v("Kuningan")),
                    "buah",
                    120_000,
                    650_000,
                ),
                Template("Tas Seminar", (v("Blacu Sablon"), v("Spunbond")), "pcs", 12_000, 45_000),
                Template(
                    "Gantungan Kunci", (v("Akrilik Logo"), v("Kayu Grafir")), "pcs", 5_000, 20_000
                ),
                Template("Mug", (v("Keramik Sablon Logo"), v("Stainless")), "pcs", 25_000, 75_000),
            ),
        },
    ),
    Line(
        slug="perabot",
        label="Perabot rumah tangga",
        trades=("Toko Pecah Belah", "Perabot"),
        weight=1,
        colour="#a04000",
        motif="cup",
        items={
            "rumah-tangga-kantor": (
                Template(
                    "Gelas", (v("Kaca Bertutup"), v("Keramik Logo")), "lusin", 90_000, 300_000
                ),
                Template("Piring", (v("Melamin"), v("Keramik Putih")), "lusin", 90_000, 350_000),
                Template("Galon Air", (v("19 L Kosong"),), "buah", 40_000, 65_000),
                Template("Termos", (v("Air Panas 1 L"), v("Nasi 5 L")), "buah", 65_000, 250_000),
            ),
        },
    ),
    Line(
        slug="bangunan",
        label="Bahan bangunan",
        trades=("Toko Bangunan", "Material"),
        weight=2,
        colour="#7b7d7d",
        motif="brick",
        items={
            "bahan-bangunan": (
                Template("Pasir", (v("Muntilan"), v("Cor")), "rit", 1_200_000, 2_800_000),
                Template("Semen", (v("Gresik 40 kg"), v("Tiga Roda 50 kg")), "sak", 55_000, 75_000),
                Template(
                    "Cat Tembok",
                    (v("Interior 5 kg"), v("Eksterior 20 kg")),
                    "kaleng",
                    95_000,
                    1_200_000,
                ),
                Template("Batu Split", (v("1-2 cm"), v("2-3 cm")), "m3", 250_000, 400_000),
            ),
        },
    ),
    Line(
        slug="konstruksi",
        label="Konstruksi",
        trades=("Kontraktor", "Konstruksi"),
        weight=1,
        colour="#5d6d7e",
        motif="brick",
        items={
            "konstruksi-ringan": (
                Template(
                    "Pengaspalan", (v("Hotmix Tebal 4 cm"), v("Lapen")), "m2", 95_000, 180_000
                ),
                Template("Beton Ready-Mix", (v("K-225"), v("K-300")), "m3", 950_000, 1_250_000),
                Template(
                    "Paving Block", (v("Segi Enam 6 cm"), v("Bata 8 cm")), "m2", 85_000, 150_000
                ),
            ),
        },
    ),
    Line(
        slug="outsourcing",
        label="Tenaga kerja",
        trades=("Outsourcing", "Cleaning Service"),
        weight=1,
        colour="#1a5276",
        motif="person",
        items={
            "jasa-kebersihan": (
                Template(
                    "Jasa Cleaning Service",
                    (v("Harian Kantor"), v("Gedung Sekolah")),
                    "ob",
                    2_400_000,
                    3_600_000,
                ),
                Template("Perawatan Taman", (v("Bulanan"),), "paket-bulan", 3_000_000, 9_000_000),
            ),
            "jasa-keamanan": (
                Template(
                    "Jasa Satpam",
                    (v("Shift 12 Jam"), v("Bersertifikat Gada Pratama")),
                    "ob",
                    3_000_000,
                    4_800_000,
                ),
            ),
            "tenaga-ahli": (
                Template(
                    "Tenaga Ahli",
                    (v("Sistem Informasi"), v("Keuangan Daerah")),
                    "ob",
                    6_000_000,
                    15_000_000,
                ),
                Template(
                    "Operator Entri Data", (v("Harian"), v("Desain Grafis")), "oh", 150_000, 400_000
                ),
            ),
        },
    ),
    Line(
        slug="acara",
        label="Penyelenggara acara",
        trades=("Event Organizer", "Dekorasi"),
        weight=1,
        colour="#cb4335",
        motif="tent",
        items={
            "event-organizer": (
                Template(
                    "Sewa Tenda",
                    (v("Sarnafil 5x5"), v("Dekorasi 10x10")),
                    "unit-hari",
                    500_000,
                    3_500_000,
                ),
                Template(
                    "Paket Acara",
                    (v("Sosialisasi 100 Orang"), v("Pelatihan UMKM")),
                    "paket",
                    5_000_000,
                    45_000_000,
                ),
                Template("Jasa MC", (v("Bahasa Jawa"), v("Formal")), "hari", 750_000, 3_000_000),
            ),
        },
    ),
    Line(
        slug="rental",
        label="Sewa kendaraan",
        trades=("Rental Mobil", "Transport", "Travel"),
        weight=1,
        colour="#212f3d",
        motif="car",
        items={
            "sewa-kendaraan": (
                Template(
                    "Sewa Mobil",
                    (
                        v("Avanza dengan Sopir", jenis_kendaraan="MPV", kapasitas="7 orang"),
                        v("Innova Reborn", jenis_kendaraan="MPV", kapasitas="7 orang"),
                        v("Elf 15 Kursi", jenis_kendaraan="minibus", kapasitas="15 orang"),
                    ),
                    "unit-hari",
                    450_000,
                    1_500_000,
                ),
                Template(
                    "Sewa Bus",
                    (
                        v("Medium 31 Kursi", kapasitas="31 orang"),
                        v("Big Bus 50 Kursi", kapasitas="50 orang"),
                    ),
                    "unit-hari",
                    2_000_000,
                    4_500_000,
                    {"jenis_kendaraan": "bus"},
                ),
                Template(
                    "Jasa Sopir",
                    (v("Harian"),),
                    "oh",
                    150_000,
                    300_000,
                    {"jenis_kendaraan": "-", "kapasitas": "-"},
                ),
            ),
        },
    ),
    Line(
        slug="bengkel",
        label="Bengkel",
        trades=("Bengkel",),
        weight=1,
        colour="#515a5a",
        motif="car",
        items={
            "servis-pemeliharaan": (
                Template(
                    "Servis Kendaraan",
                    (v("Berkala Mobil"), v("Sepeda Motor")),
                    "paket",
                    150_000,
                    1_500_000,
                ),
                Template(
                    "Ganti Oli", (v("Mobil 4 L"), v("Sepeda Motor 1 L")), "kali", 60_000, 450_000
                ),
                Template("Spooring Balancing", (v("Mobil"),), "kali", 150_000, 350_000),
            ),
        },
    ),
    Line(
        slug="pertanian",
        label="Pertanian",
        trades=("Kelompok Tani", "Tani", "Agro"),
        weight=1,
        colour="#1e8449",
        motif="leaf",
        items={
            "pertanian-peternakan": (
                Template(
                    "Bibit",
                    (v("Cabai Rawit"), v("Durian Montong"), v("Jeruk Pamelo")),
                    "batang",
                    3_000,
                    75_000,
                ),
                Template(
                    "Pupuk Organik",
                    (v("Kompos 25 kg"), v("Kandang Fermentasi 25 kg")),
                    "karung",
                    25_000,
                    60_000,
                ),
                Template(
                    "Pakan Ikan",
                    (v("Lele Apung 30 kg"), v("Nila 30 kg")),
                    "karung",
                    280_000,
                    420_000,
                ),
            ),
        },
    ),
)

LINES_BY_SLUG: dict[str, Line] = {line.slug: line for line in LINES}

# Vendors named before lines existed, with the line they sell. The demo CV's
# products are referred to by README and tests ("Kertas HVS A4 70 gsm").
FIXED_LINES: dict[str, str] = {"CV Sumber Rejeki Batang": "atk"}

# Words of product names that name no product on their own ("Jasa MC",
# "Sewa Tenda"): not counted as a line's product words.
GENERIC_WORDS = frozenset({"jasa", "sewa", "paket", "isi", "dan", "dengan"})

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> set[str]:
    """Lower-case words of three letters or more ("AC" and "MC" say too little)."""
    return {word for word in _WORD.findall(text.lower()) if len(word) >= 3}


@cache
def product_words(slug: str) -> frozenset[str]:
    """The words naming the line's products: those of its templates' base names."""
    line = LINES_BY_SLUG[slug]
    found: set[str] = set()
    for templates in line.items.values():
        for template in templates:
            found |= words(template.base)
    return frozenset(found - GENERIC_WORDS)


def foreign_product_words(name: str, slug: str) -> set[str]:
    """Words of a vendor name that name another line's products ("Batik" in
    the name of a vendor selling masks); empty when the name is coherent."""
    in_name = words(name)
    return {
        word for line in LINES if line.slug != slug for word in in_name & product_words(line.slug)
    }


def _has_phrase(name: str, phrase: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(phrase)}(?![A-Za-z0-9])", name) is not None


def line_of_vendor(name: str) -> Line | None:
    """The line a vendor's name says it sells, or None when no single line's
    trade word is in it."""
    if name in FIXED_LINES:
        return LINES_BY_SLUG[FIXED_LINES[name]]
    found = [line for line in LINES if any(_has_phrase(name, trade) for trade in line.trades)]
    return found[0] if len(found) == 1 else None


def categories() -> list[str]:
    """Every category slug some line sells in, in first-seen order."""
    seen: dict[str, None] = {}
    for line in LINES:
        seen.update(dict.fromkeys(line.items))
    return list(seen)
