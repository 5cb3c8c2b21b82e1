"""Fixed lists of realistic Central-Javanese names, streets, OPDs and postal codes.

Plain data. Seeders pick from these lists with a seeded random generator, so
the same lists always yield the same demo data; append to a list rather than
reorder it, or every later pick shifts.
"""

# Most Javanese have no family name; a second given name plays that part and
# is what users and documents show as the "last name".
MALE_FIRST_NAMES: list[str] = [
    "Agus", "Bambang", "Budi", "Joko", "Slamet", "Heru", "Eko", "Dwi", "Tri", "Hadi",
    "Wahyu", "Teguh", "Bayu", "Aris", "Arif", "Andi", "Rudi", "Yusuf", "Ahmad",
    "Muhammad", "Fajar", "Rizki", "Dimas", "Galih", "Anton", "Hendra", "Imam",
    "Sigit", "Bagus", "Yoga", "Adi", "Dedi", "Edy", "Haryo", "Kukuh", "Nanang",
    "Priyo", "Rahmat", "Suryo", "Wawan",
]  # fmt: skip

FEMALE_FIRST_NAMES: list[str] = [
    "Sri", "Siti", "Dewi", "Endang", "Rina", "Wulan", "Ratna", "Yuni", "Nur", "Dian",
    "Fitri", "Indah", "Retno", "Ani", "Sari", "Puji", "Ayu", "Novi", "Evi",
    "Kartika", "Anisa", "Intan", "Putri", "Diah", "Eni", "Tutik", "Wiwik", "Yanti",
    "Lilis", "Maya", "Nining", "Rini", "Tika", "Umi", "Winarni", "Yeni", "Erna",
    "Heni", "Lina", "Suci",
]  # fmt: skip

MALE_LAST_NAMES: list[str] = [
    "Santoso", "Setiawan", "Prasetyo", "Wibowo", "Susanto", "Hartono", "Nugroho",
    "Purnomo", "Saputra", "Kurniawan", "Hidayat", "Wijaya", "Widodo", "Sulistyo",
    "Haryanto", "Supriyadi", "Mulyono", "Sugiarto", "Riyanto", "Yulianto", "Budiman",
    "Hermawan", "Firmansyah", "Ramadhan", "Prabowo", "Suharyanto", "Wicaksono",
    "Kuncoro", "Utomo", "Nugraha",
]  # fmt: skip

FEMALE_LAST_NAMES: list[str] = [
    "Rahmawati", "Wahyuni", "Lestari", "Utami", "Handayani", "Puspitasari",
    "Kusumawati", "Suryani", "Pratiwi", "Anggraini", "Safitri", "Astuti", "Rahayu",
    "Susilowati", "Wulandari", "Purwanti", "Setyaningsih", "Hastuti", "Mulyani",
    "Yuliani", "Kurniasih", "Fitriani", "Permatasari", "Nurhayati", "Sulistyowati",
    "Widyastuti", "Maharani", "Novitasari", "Andriani", "Ningsih",
]  # fmt: skip

STREETS: list[str] = [
    "Jl. Pemuda", "Jl. Jenderal Sudirman", "Jl. Diponegoro", "Jl. Gajah Mada",
    "Jl. Pahlawan", "Jl. Ahmad Yani", "Jl. Slamet Riyadi", "Jl. Veteran",
    "Jl. R.A. Kartini", "Jl. Dr. Sutomo", "Jl. Imam Bonjol", "Jl. Pattimura",
    "Jl. Gatot Subroto", "Jl. Pangeran Antasari", "Jl. Kyai Haji Wahid Hasyim",
    "Jl. Mayor Jenderal Sungkono", "Jl. Teuku Umar", "Jl. Merdeka", "Jl. Pemuda Raya",
    "Jl. Dr. Wahidin", "Jl. Hos Cokroaminoto", "Jl. Kapten Pierre Tendean",
    "Jl. Urip Sumoharjo", "Jl. Yos Sudarso", "Jl. Sultan Agung", "Jl. Mgr. Sugiyopranoto",
]  # fmt: skip

# Labels of an OPD's delivery addresses: the first is the main office.
ADDRESS_LABELS: list[str] = ["Kantor utama", "Gudang", "Bagian Umum dan Kepegawaian"]

# OPDs of a kabupaten/kota, most central first: a scale with N OPDs per pemda
# takes the first N. "{kecamatan}" and "{rsud}" are filled per region; the
# region's name is appended to the others ("Dinas Kesehatan Kabupaten Batang").
KAB_KOTA_OPDS: list[str] = [
    "Sekretariat Daerah",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Koperasi dan UKM",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Satuan Polisi Pamong Praja",
    "Dinas Lingkungan Hidup",
    "Inspektorat",
    "{kecamatan}",
    "{rsud}",
    "Dinas Komunikasi dan Informatika",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Perindustrian dan Perdagangan",
    "Dinas Pertanian dan Pangan",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Badan Penanggulangan Bencana Daerah",
    "Dinas Pariwisata, Kepemudaan dan Olahraga",
    "Dinas Perumahan dan Kawasan Permukiman",
    "Sekretariat DPRD",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Perpustakaan dan Kearsipan",
]

# OPDs of the province with the kab/kota of their office (most sit in Semarang).
PROVINCE_OPDS: list[tuple[str, str]] = [
    ("Biro Administrasi Pengadaan Barang/Jasa Setda Provinsi Jawa Tengah", "33.74"),
    ("Dinas Koperasi dan UKM Provinsi Jawa Tengah", "33.74"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Jawa Tengah", "33.74"),
    ("Dinas Pendidikan dan Kebudayaan Provinsi Jawa Tengah", "33.74"),
    ("Dinas Kesehatan Provinsi Jawa Tengah", "33.74"),
    ("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah", "33.74"),
    ("Badan Perencanaan Pembangunan Daerah Provinsi Jawa Tengah", "33.74"),
    ("Inspektorat Provinsi Jawa Tengah", "33.74"),
    ("Dinas Perhubungan Provinsi Jawa Tengah", "33.74"),
    ("Dinas Sosial Provinsi Jawa Tengah", "33.74"),
    ("Satuan Polisi Pamong Praja Provinsi Jawa Tengah", "33.74"),
    ("Dinas Lingkungan Hidup dan Kehutanan Provinsi Jawa Tengah", "33.74"),
    ("Dinas Komunikasi dan Informatika Provinsi Jawa Tengah", "33.74"),
    ("RSUD Dr. Moewardi", "33.72"),
    ("RSUD Tugurejo", "33.74"),
    ("Dinas Perindustrian dan Perdagangan Provinsi Jawa Tengah", "33.74"),
    ("Dinas Pertanian dan Perkebunan Provinsi Jawa Tengah", "33.74"),
    ("Badan Kepegawaian Daerah Provinsi Jawa Tengah", "33.74"),
    ("Badan Penanggulangan Bencana Daerah Provinsi Jawa Tengah", "33.74"),
    ("Dinas Kepemudaan, Olahraga dan Pariwisata Provinsi Jawa Tengah", "33.74"),
    ("Dinas Energi dan Sumber Daya Mineral Provinsi Jawa Tengah", "33.74"),
    ("Dinas Kelautan dan Perikanan Provinsi Jawa Tengah", "33.74"),
    ("RSJD dr. Amino Gondohutomo", "33.74"),
    ("RSUD Kelet", "33.20"),
    ("Dinas Ketahanan Pangan Provinsi Jawa Tengah", "33.74"),
]

# The kecamatan holding each kab/kota's seat of government.
SEAT_KECAMATAN: dict[str, str] = {
    "33.01": "Cilacap Tengah", "33.02": "Purwokerto Timur", "33.03": "Purbalingga",
    "33.04": "Banjarnegara", "33.05": "Kebumen", "33.06": "Purworejo",
    "33.07": "Wonosobo", "33.08": "Mungkid", "33.09": "Boyolali",
    "33.10": "Klaten Tengah", "33.11": "Sukoharjo", "33.12": "Wonogiri",
    "33.13": "Karanganyar", "33.14": "Sragen", "33.15": "Purwodadi", "33.16": "Blora",
    "33.17": "Rembang", "33.18": "Pati", "33.19": "Kota Kudus", "33.20": "Jepara",
    "33.21": "Demak", "33.22": "Ungaran Barat", "33.23": "Temanggung",
    "33.24": "Kendal", "33.25": "Batang", "33.26": "Kajen", "33.27": "Pemalang",
    "33.28": "Slawi", "33.29": "Brebes", "33.71": "Magelang Tengah",
    "33.72": "Banjarsari", "33.73": "Sidorejo", "33.74": "Semarang Tengah",
    "33.75": "Pekalongan Barat", "33.76": "Tegal Timur",
}  # fmt: skip

# Regional hospitals known by name; the others are called "RSUD <region>".
RSUD: dict[str, str] = {
    "33.20": "RSUD R.A. Kartini Jepara",
    "33.24": "RSUD dr. H. Soewondo Kendal",
    "33.25": "RSUD Kalisari Batang",
    "33.72": "RSUD Bung Karno Surakarta",
    "33.74": "RSUD K.R.M.T. Wongsonegoro",
}

# Postal codes of each kab/kota's main offices (Pos Indonesia, seat areas).
POSTAL_CODES: dict[str, list[str]] = {
    "33.01": ["53211", "53212", "53223"],
    "33.02": ["53111", "53112", "53115"],
    "33.03": ["53311", "53312", "53317"],
    "33.04": ["53411", "53412", "53415"],
    "33.05": ["54311", "54312", "54316"],
    "33.06": ["54111", "54112", "54114"],
    "33.07": ["56311", "56312", "56315"],
    "33.08": ["56511", "56512"],
    "33.09": ["57311", "57312", "57316"],
    "33.10": ["57411", "57412", "57413"],
    "33.11": ["57511", "57512", "57514"],
    "33.12": ["57611", "57612", "57615"],
    "33.13": ["57711", "57712", "57714"],
    "33.14": ["57211", "57212", "57214"],
    "33.15": ["58111", "58112", "58115"],
    "33.16": ["58211", "58212", "58214"],
    "33.17": ["59211", "59212", "59213"],
    "33.18": ["59111", "59112", "59113"],
    "33.19": ["59311", "59312", "59315"],
    "33.20": ["59411", "59412", "59417"],
    "33.21": ["59511", "59512", "59515"],
    "33.22": ["50511", "50512", "50514"],
    "33.23": ["56211", "56212", "56214"],
    "33.24": ["51311", "51312", "51314"],
    "33.25": ["51211", "51212", "51213", "51214", "51215", "51216"],
    "33.26": ["51161", "51162"],
    "33.27": ["52311", "52312", "52313"],
    "33.28": ["52411", "52412", "52413"],
    "33.29": ["52211", "52212", "52215"],
    "33.71": ["56111", "56112", "56117"],
    "33.72": ["57111", "57112", "57131"],
    "33.73": ["50711", "50712", "50714"],
    "33.74": ["50111", "50131", "50241"],
    "33.75": ["51111", "51112", "51113"],
    "33.76": ["52111", "52112", "52113"],
}
