"""One realistic product per leaf category: the template's example row, and the
seed of the generated workbooks used by the tests and `make bench`.

Plain data. Specifications include every key `catalog.specs` requires.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Example:
    name: str
    unit: str
    price: int  # whole rupiah per unit, tax included
    description: str
    specifications: dict[str, str] = field(default_factory=dict)
    stock: int | None = 100
    lead_time_days: int | None = None  # set for made-to-order products
    tkdn_percent: int | None = None


EXAMPLES: dict[str, Example] = {
    "katering": Example(
        "Nasi Kotak Ayam Bakar",
        "kotak",
        27_500,
        "Nasi, ayam bakar, sayur, sambal, buah dan air mineral. Pesan H-2.",
        {"menu": "nasi, ayam bakar, urap, sambal, pisang, air mineral 330 ml"},
        stock=None,
        lead_time_days=2,
    ),
    "atk": Example(
        "Ballpoint Hitam 0,5 mm",
        "dos",
        30_000,
        "Isi 12 batang, tinta hitam.",
        {"isi": "12 batang", "warna": "hitam"},
        stock=250,
    ),
    "kertas-bahan-cetak": Example(
        "Kertas HVS A4 70 gsm",
        "rim",
        52_000,
        "Kertas fotokopi putih, 500 lembar per rim.",
        {"ukuran": "A4", "gramatur": "70 gsm"},
        stock=400,
    ),
    "percetakan": Example(
        "Spanduk Flexi 280 gram",
        "m2",
        35_000,
        "Cetak digital, finishing mata ayam di keempat sudut.",
        {"bahan": "flexi 280 gram", "finishing": "mata ayam"},
        stock=None,
        lead_time_days=3,
    ),
    "perlengkapan-kantor": Example(
        "Filing Cabinet Besi 4 Laci",
        "unit",
        2_350_000,
        "Lemari arsip besi dengan kunci, folio.",
        {"bahan": "plat besi 0,6 mm", "ukuran": "46 x 62 x 132 cm"},
        stock=8,
        tkdn_percent=40,
    ),
    "komputer": Example(
        "Laptop 14 inci Core i5",
        "unit",
        11_250_000,
        "Garansi resmi 2 tahun, termasuk tas.",
        {"prosesor": "Intel Core i5-1335U", "ram": "16 GB", "penyimpanan": "SSD 512 GB"},
        stock=5,
        tkdn_percent=40,
    ),
    "elektronik": Example(
        "AC Split 1 PK",
        "unit",
        4_600_000,
        "Hemat listrik, termasuk pemasangan standar 3 m pipa.",
        {"daya": "1 PK", "garansi": "kompresor 5 tahun"},
        stock=6,
        tkdn_percent=30,
    ),
    "audio-multimedia": Example(
        "Proyektor 3.600 Lumen",
        "unit",
        6_800_000,
        "Untuk ruang rapat hingga 40 orang.",
        {"kecerahan": "3.600 lumen", "resolusi": "XGA"},
        stock=4,
    ),
    "furnitur": Example(
        "Meja Kerja Jati 120 cm",
        "unit",
        3_750_000,
        "Kayu jati Jepara, finishing melamin.",
        {"bahan": "jati", "ukuran": "120 x 60 x 75 cm"},
        stock=None,
        lead_time_days=21,
        tkdn_percent=90,
    ),
    "kebersihan-barang": Example(
        "Sabun Cuci Tangan Cair 5 Liter",
        "jerigen",
        95_000,
        "Aroma jeruk nipis, produksi UMKM Batang.",
        {"isi": "5 liter"},
        stock=60,
        tkdn_percent=60,
    ),
    "apd-kesehatan": Example(
        "Masker Medis 3 Lapis",
        "dos",
        38_000,
        "Isi 50 lembar, bertali telinga.",
        {"isi": "50 lembar", "lapisan": "3"},
        stock=300,
    ),
    "konveksi": Example(
        "Seragam PDH Khaki",
        "stel",
        285_000,
        "Jahit sesuai ukuran, termasuk bordir nama dan logo.",
        {"bahan": "American drill", "ukuran": "S–XXL atau ukur badan"},
        stock=None,
        lead_time_days=14,
        tkdn_percent=75,
    ),
    "souvenir": Example(
        "Plakat Akrilik Logo Pemda",
        "buah",
        175_000,
        "Akrilik 5 mm dengan cetak UV dan kotak.",
        {"bahan": "akrilik 5 mm", "ukuran": "15 x 20 cm"},
        stock=None,
        lead_time_days=5,
    ),
    "tas-koper": Example(
        "Tas Seminar Kanvas",
        "buah",
        65_000,
        "Sablon satu warna satu sisi.",
        {"bahan": "kanvas", "ukuran": "35 x 40 cm"},
        stock=None,
        lead_time_days=10,
    ),
    "rumah-tangga-kantor": Example(
        "Gelas Kaca Bertutup",
        "lusin",
        120_000,
        "Gelas 250 ml dengan tutup stainless.",
        {"isi": "12 gelas", "volume": "250 ml"},
        stock=40,
    ),
    "sembako": Example(
        "Beras Medium 25 kg",
        "karung",
        337_500,
        "Beras lokal Batang, panen baru.",
        {"berat": "25 kg", "jenis": "medium"},
        stock=120,
        tkdn_percent=100,
    ),
    "makanan-kemasan": Example(
        "Air Mineral 600 ml",
        "karton",
        52_000,
        "Isi 24 botol.",
        {"isi": "24 botol x 600 ml"},
        stock=200,
    ),
    "arsip-dokumen": Example(
        "Box Arsip Karton",
        "buah",
        18_500,
        "Karton tebal, ukuran folio.",
        {"ukuran": "folio", "bahan": "karton"},
        stock=500,
    ),
    "bahan-bangunan": Example(
        "Semen Portland 50 kg",
        "sak",
        68_000,
        "Diantar ke lokasi di wilayah pengiriman.",
        {"berat": "50 kg", "jenis": "PCC"},
        stock=300,
    ),
    "jasa-kebersihan": Example(
        "Petugas Kebersihan Kantor",
        "ob",
        3_200_000,
        "Senin–Jumat 07.00–15.00, termasuk alat dan bahan.",
        {"jam kerja": "07.00–15.00"},
        stock=None,
        lead_time_days=7,
    ),
    "jasa-keamanan": Example(
        "Satpam Bersertifikat Gada Pratama",
        "ob",
        3_900_000,
        "Shift 12 jam, seragam lengkap.",
        {"sertifikat": "Gada Pratama"},
        stock=None,
        lead_time_days=14,
    ),
    "event-organizer": Example(
        "Sewa Tenda Sarnafil 5 x 5 m",
        "unit-hari",
        850_000,
        "Termasuk pasang dan bongkar.",
        {"ukuran": "5 x 5 m"},
        stock=None,
        lead_time_days=3,
    ),
    "sewa-kendaraan": Example(
        "Sewa Minibus 15 Kursi dengan Sopir",
        "unit-hari",
        1_250_000,
        "Termasuk sopir, belum termasuk BBM dan tol.",
        {"jenis kendaraan": "minibus", "kapasitas": "15 orang"},
        stock=None,
        lead_time_days=2,
    ),
    "servis-pemeliharaan": Example(
        "Servis AC Split",
        "unit",
        125_000,
        "Cuci indoor dan outdoor, cek freon.",
        {"cakupan": "cuci dan cek freon"},
        stock=None,
        lead_time_days=2,
    ),
    "tenaga-ahli": Example(
        "Operator Komputer",
        "ob",
        3_500_000,
        "Lulusan SMK/D3, pengalaman entri data.",
        {"pendidikan": "SMK/D3"},
        stock=None,
        lead_time_days=14,
    ),
    "pertanian-peternakan": Example(
        "Pupuk Organik Granul",
        "karung",
        95_000,
        "Isi 40 kg, dari kotoran sapi terfermentasi.",
        {"berat": "40 kg"},
        stock=150,
        tkdn_percent=100,
    ),
    "produk-unggulan-daerah": Example(
        "Batik Tulis Batang Motif Tiga Negeri",
        "pcs",
        850_000,
        "Kain 2 x 1,15 m, pewarna alam.",
        {"ukuran": "2 x 1,15 m", "bahan": "katun primisima"},
        stock=12,
        tkdn_percent=100,
    ),
    "konstruksi-ringan": Example(
        "Beton Ready-Mix K-225",
        "m3",
        1_050_000,
        "Termasuk truk mixer; minimal 5 m³.",
        {"mutu": "K-225"},
        stock=None,
        lead_time_days=3,
    ),
}

FALLBACK = Example("Produk contoh", "buah", 10_000, "", {}, stock=10)


def example_for(category_slug: str, unit_codes: list[str]) -> Example:
    """The example of the category; a generic one for a category added later."""
    example = EXAMPLES.get(category_slug)
    if example is not None:
        return example
    unit = unit_codes[0] if unit_codes else FALLBACK.unit
    return Example(FALLBACK.name, unit, FALLBACK.price, "", {}, stock=FALLBACK.stock)
