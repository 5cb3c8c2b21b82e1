"""Benchmark: catalog search (GET /api/v1/products and /products/suggest) at 1,000,000 products.

Run with `make bench-search` (or `make bench`, after the bulk import benchmark);
`--products 5000000` for the 5M run (`make bench-search-5m`). Method:

1. Data. Its own database, `blangkon_search_bench`, on the server of
   DATABASE_URL (or the embedded PostgreSQL), so development data is never
   touched. When it does not hold the asked number of products, or was built
   by other migrations or another blangkon/search/sql.py (both kept in the
   table `bench_meta`; `--regenerate` forces it) the database is dropped,
   created and migrated, and a deterministic catalog (`random.Random(seed)`)
   is loaded with COPY straight into the tables, with
   `session_replication_role = replica` so the search triggers (and foreign
   key checks) do not fire per row: N/100 vendor organisations spread over the
   35 kab/kota of Jawa Tengah (about 98 % verified, kind and UMKM scale
   mixed, about 20 % trained), N products over every leaf category, skewed
   like a real catalog (catering and paper/office supplies most common, so
   "nasi" and "kertas" each match 100,000+ of 1M), names from
   blangkon.demo.product_names (base + variant + brand/origin), prices in the
   item's range, about 70 % PDN, about 95 % live ("tayang") with published_at
   spread over 2026. Then `SELECT search_rebuild()` builds the index, and
   `VACUUM ANALYZE`. Load timings and table sizes are printed (and kept in
   `bench_meta`, so a rerun that reuses the data still reports them).
2. Server. gunicorn (`config.wsgi`, 2 sync workers) with the production
   profile (DEBUG off, no query log), pointed at the bench database; warmed
   with two requests to /api/v1/regions (not a search) per worker.
3. Query mix. A fixed, deterministic list of 500+ distinct URLs in classes:
   narrow terms, broad terms, typos, synonyms, browsing by category or
   kab/kota, facet-heavy filters, sorts, deep pages (50, 200, 500),
   suggestions, and bad input (1 KB query, punctuation, emoji, NUL, SQL,
   page=1000000000 and unknown sorts, which must be 400). Each URL's first
   request ("first run": that URL never asked before; PostgreSQL's and the
   OS's caches are as the load or the previous run left them) is timed, one
   client thread, then the whole mix is replayed ("repeated mix"), then
   replayed by 4 client threads at once for requests/s. Latency is client
   side: `time.perf_counter()` around an `http.client` request, connect to
   last byte. Any 5xx (or a status other than the one expected) is reported.
   The RSS of the gunicorn workers (VmRSS of the master's children) is
   sampled every 0.2 s throughout.
4. Naive baseline. Every search request of the mix that the API answers
   with 200 (suggestions excepted), answered the way a first implementation
   would: on the same table, GIN index and filters, the page by `ts_rank`
   over every match (or the requested sort), plus the counts of every facet
   the API returns by GROUP BY (grouping sets, one pass) over all matches;
   no typo correction or synonyms. Timed with psycopg directly, so it pays no
   HTTP, Python or JSON cost. The ratio compares its p95 with the API's
   first-run p95 on exactly the same requests.

Results go to bench/results/search-<N>.json; docs/performance.md gets every
size found there, between the `bench:search` markers.
"""

import argparse
import contextlib
import datetime
import hashlib
import http.client
import itertools
import json
import math
import os
import platform
import queue
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import admin_url, database_url, recreate_database  # noqa: E402
from bench.machine import cpu_and_memory  # noqa: E402
from bench.report import DOC, write_section  # noqa: E402
from blangkon.catalog.specs import REQUIRED_CERTIFICATE  # noqa: E402
from blangkon.demo import names  # noqa: E402
from blangkon.demo.product_names import BRANDS, ITEMS  # noqa: E402
from blangkon.regions.jateng import KAB_KOTA  # noqa: E402
from blangkon.search import sql as search_sql  # noqa: E402
from blangkon.search.sql import CELL  # noqa: E402

DATABASE = "blangkon_search_bench"
# Other sizes live in a database of their own (blangkon_search_bench_5m), so
# the 1M and 5M catalogs can both stay loaded between runs.
DEFAULT_PRODUCTS = 1_000_000
DEFAULT_SEED = 20260101
# Bump when the generated data changes, so an old database is regenerated.
GENERATOR_VERSION = "1"
TARGET_P95_MS = 50.0
TARGET_NAIVE_RATIO = 5.0
TARGET_RSS_MB = 300.0
WORKERS = 2
CONCURRENCY = 4
RESULTS = ROOT / "bench" / "results"

# Share of products per leaf category (the rest weigh DEFAULT_WEIGHT): catering
# and paper/office supplies lead, as in Jawa Tengah's catalogs.
CATEGORY_WEIGHT = {
    "katering": 24,
    "kertas-bahan-cetak": 14,
    "atk": 10,
    "makanan-kemasan": 6,
    "percetakan": 5,
    "sembako": 5,
    "konveksi": 4,
}
DEFAULT_WEIGHT = 2
SCALES_PERORANGAN = [("mikro", 80), ("kecil", 15), ("menengah", 2), ("", 3)]
SCALES_BADAN_USAHA = [("mikro", 30), ("kecil", 35), ("menengah", 22), ("besar", 10), ("", 3)]
LEGAL_FORMS = [
    ("cv", 45),
    ("ud", 20),
    ("pt", 10),
    ("pt_perorangan", 10),
    ("koperasi", 8),
    ("firma", 4),
    ("bumdes", 3),
]
LEGAL_LABELS = {
    "cv": "CV",
    "ud": "UD",
    "pt": "PT",
    "pt_perorangan": "PT",
    "firma": "Firma",
    "koperasi": "Koperasi",
    "bumdes": "BUMDes",
}
TRADES = [
    "Katering",
    "Warung Makan",
    "Konveksi",
    "Batik",
    "Percetakan",
    "Toko",
    "Snack",
    "Kerajinan",
    "Bengkel",
    "Fotokopi",
    "Mebel",
    "Roti",
    "Jahit",
    "Souvenir",
]
BUSINESS_WORDS = [
    "Sumber Rejeki",
    "Makmur Jaya",
    "Berkah Abadi",
    "Sinar Mulia",
    "Karya Mandiri",
    "Maju Bersama",
    "Tunas Harapan",
    "Sido Makmur",
    "Mitra Usaha",
    "Cahaya Baru",
    "Sentosa",
    "Barokah",
    "Rejeki Lancar",
    "Anugerah",
    "Sejahtera",
    "Langgeng",
    "Mulya Abadi",
    "Putra Jaya",
    "Surya Kencana",
    "Gemilang",
    "Mekar Sari",
]
BANKS = ["Bank Jateng", "BRI", "BNI", "Bank Mandiri", "BCA", "BSI", "BPR BKK"]
ORIGINS = [
    "Asli Batang",
    "Produk Lokal",
    "Jepara",
    "Pekalongan",
    "Kudus",
    "Solo",
    "Semarang",
    "Kendal",
    "Magelang",
    "Klaten",
    "Banyumas",
    "Tegal",
]
DESCRIPTION_LINES = [
    "Siap kirim ke kantor di seluruh Jawa Tengah.",
    "Bisa pesan dalam jumlah besar untuk kegiatan dinas.",
    "Harga sudah termasuk pajak.",
    "Kualitas terjamin dan bergaransi.",
    "Melayani pengadaan OPD, sekolah dan puskesmas.",
    "Buatan UMKM lokal, bahan pilihan.",
    "Pengiriman cepat, tersedia faktur dan kuitansi resmi.",
    "Bisa disesuaikan dengan kebutuhan acara.",
    "Stok selalu tersedia, bisa ambil di tempat.",
    "Pembayaran setelah barang diterima (BAST).",
]
MADE_TO_ORDER = {"katering", "percetakan", "konveksi", "konstruksi-ringan"}
PRODUCT_STATES = [("tayang", 950), ("draft", 20), ("submitted", 10), ("turun_tayang", 20)]
VERIFIED_SHARE = 0.98  # the rest are suspended: their products must not be found
TRAINED_SHARE = 0.20
PDN_SHARE = 0.70
YEAR_START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
YEAR_SECONDS = 365 * 24 * 3600


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- database ---------------------------------------------------------------------


def database_name(products: int) -> str:
    if products == DEFAULT_PRODUCTS:
        return DATABASE
    if products % 1_000_000 == 0:
        return f"{DATABASE}_{products // 1_000_000}m"
    return f"{DATABASE}_{products}"


def bench_url(products: int = DEFAULT_PRODUCTS) -> str:
    return database_url(database_name(products))


def scalar(connection: psycopg.Connection, sql: str, args: Sequence[Any] = ()) -> Any:
    """The first column of the first row."""
    row = connection.execute(sql, args).fetchone()
    assert row is not None
    return row[0]


def database_exists(url: str) -> bool:
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [urlsplit(url).path.lstrip("/")]
        ).fetchone()
    return found is not None


def stored_meta(url: str) -> dict[str, Any]:
    """What bench_meta says the database holds ({} when nothing usable)."""
    if not database_exists(url):
        return {}
    with psycopg.connect(url) as connection:
        table = connection.execute("SELECT to_regclass('bench_meta')").fetchone()
        if table is None or table[0] is None:
            return {}
        rows = connection.execute("SELECT key, value FROM bench_meta").fetchall()
    return {key: json.loads(value) for key, value in rows}


# --- the generated catalog ------------------------------------------------------------


@dataclass
class VendorRow:
    id: int
    region: str
    kind: str
    scale: str
    verified: bool
    categories: list[str]
    weight: float


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _moment(rng: random.Random) -> datetime.datetime:
    return YEAR_START + datetime.timedelta(seconds=rng.randrange(YEAR_SECONDS))


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _vendor_organisations(
    rng: random.Random, count: int, leaf_slugs: list[str]
) -> tuple[list[VendorRow], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Vendors with their organisation rows and vendor rows (ids 1..count)."""
    regions = [code for code, _ in KAB_KOTA]
    region_names = dict(KAB_KOTA)
    weights = [CATEGORY_WEIGHT.get(slug, DEFAULT_WEIGHT) for slug in leaf_slugs]
    vendors: list[VendorRow] = []
    organisations: list[tuple[Any, ...]] = []
    vendor_rows: list[tuple[Any, ...]] = []
    for number in range(1, count + 1):
        region = rng.choice(regions)
        kind = "perorangan" if rng.random() < 0.55 else "badan_usaha"
        female = rng.random() < 0.5
        first = rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
        last = rng.choice(names.FEMALE_LAST_NAMES if female else names.MALE_LAST_NAMES)
        legal_form = ""
        if kind == "perorangan":
            scale = _weighted(rng, SCALES_PERORANGAN)
            trade = rng.choice(TRADES)
            if rng.random() < 0.6:
                name = f"{trade} {'Bu' if female else 'Pak'} {first}"
            else:
                name = f"{trade} {rng.choice(BUSINESS_WORDS)}"
        else:
            scale = _weighted(rng, SCALES_BADAN_USAHA)
            legal_form = _weighted(rng, LEGAL_FORMS)
            name = f"{LEGAL_LABELS[legal_form]} {rng.choice(BUSINESS_WORDS)}"
        if rng.random() < 0.5:
            name = f"{name} {region_names[region].split(' ', 1)[1]}"
        verified = rng.random() < VERIFIED_SHARE
        categories = sorted(set(rng.choices(leaf_slugs, weights=weights, k=rng.randint(1, 3))))
        # A few vendors list a lot, most list a little (as on every marketplace).
        vendors.append(
            VendorRow(number, region, kind, scale, verified, categories, rng.paretovariate(1.3))
        )
        joined = YEAR_START - datetime.timedelta(days=rng.randint(30, 700))
        stamp = _iso(joined)
        organisations.append(("vendor", name, None, True, stamp, stamp, None, region))
        vendor_rows.append(
            (
                number,
                kind,
                legal_form,
                f"{first} {last}",
                "" if kind == "perorangan" else "Direktur",
                region.replace(".", "") + _digits(rng, 12),
                _digits(rng, 16),
                _digits(rng, 13),
                "",
                None,
                f"Jl. {rng.choice(names.MALE_LAST_NAMES)} No. {rng.randint(1, 200)}",
                f"5{rng.randint(1000, 9999)}",
                "08" + _digits(rng, 10),
                f"penyedia{number:06d}@contoh.id",
                kind == "badan_usaha" and rng.random() < 0.3,
                None,
                None,
                scale,
                rng.choice(BANKS),
                _digits(rng, 12),
                f"{first} {last}",
                False,
                "verified" if verified else "suspended",
                "",
                "[]",
                "" if verified else "non_delivery",
                None if verified else "2027-06-30",
                stamp,
                stamp,
                None,
                stamp,
                stamp,
                number,  # organisation_id: organisations are numbered like vendors
                None,
                0,  # rating_count: no published rating yet
            )
        )
    return vendors, organisations, vendor_rows


VENDOR_COLUMNS = (
    "id, kind, legal_form, person_name, person_position, nik, npwp, nib, akta_number, akta_date,"
    " street, postal_code, phone, email, is_pkp, declared_capital, declared_annual_sales, scale,"
    " bank_name, bank_account_number, bank_account_holder, bank_holder_mismatch, status,"
    " status_reason, fields_to_fix, sanction_reason, sanction_until, submitted_at, verified_at,"
    " owner_confirmed_at, created_at, updated_at, organisation_id, registered_by_id,"
    " rating_count"
)
ORGANISATION_COLUMNS = (
    "kind, name, joined_on, is_active, created_at, updated_at, parent_id, region_id"
)
PRODUCT_COLUMNS = (
    "id, sku, name, description, specifications, price, min_order_quantity,"
    " stock, made_to_order, lead_time_days, is_pdn, tkdn_percent, required_certificate, status,"
    " status_reason, takedown_reason, submitted_at, published_at, created_at, updated_at,"
    " category_id, unit_id, vendor_id"
)


def _specifications(specs: dict[str, str], variant: str, brand: str) -> str:
    out = dict(specs)
    size = re.search(r"\b(A4|A5|F4)\b", variant)
    if size and "ukuran" in out:
        out["ukuran"] = size.group(1)
    grammage = re.search(r"(\d+) gsm", variant)
    if grammage and "gramatur" in out:
        out["gramatur"] = f"{grammage.group(1)} gsm"
    if brand:
        out["merek"] = brand
    return json.dumps(out, ensure_ascii=False)


def _products(
    rng: random.Random,
    count: int,
    vendors: list[VendorRow],
    category_ids: dict[str, int],
) -> Iterator[tuple[Any, ...]]:
    """Product rows, ids 1..count, in an order unrelated to their category."""
    slugs = list(category_ids)
    slug_weights = list(
        itertools.accumulate(CATEGORY_WEIGHT.get(slug, DEFAULT_WEIGHT) for slug in slugs)
    )
    pools: dict[str, tuple[list[VendorRow], list[float]]] = {}
    for slug in slugs:
        members = [v for v in vendors if slug in v.categories] or vendors
        cumulative: list[float] = []
        total = 0.0
        for v in members:
            total += v.weight
            cumulative.append(total)
        pools[slug] = (members, cumulative)
    region_names = dict(KAB_KOTA)
    states = [state for state, _ in PRODUCT_STATES]
    state_weights = list(itertools.accumulate(weight for _, weight in PRODUCT_STATES))
    brands = [*BRANDS, *ORIGINS]
    for number in range(1, count + 1):
        slug = rng.choices(slugs, cum_weights=slug_weights)[0]
        members, cumulative = pools[slug]
        vendor = rng.choices(members, cum_weights=cumulative)[0]
        base, variants, unit, low, high, specs = rng.choice(ITEMS[slug])
        variant = rng.choice(variants)
        brand = rng.choice(brands)
        name = " ".join(part for part in (base, variant, brand) if part)
        first, second = rng.sample(DESCRIPTION_LINES, 2)
        description = f"{name}. {first} {second} Produk UMKM {region_names[vendor.region]}."
        price = max(500, round(rng.randint(low, high) / 500) * 500)
        made_to_order = slug in MADE_TO_ORDER or rng.random() < 0.1
        state = rng.choices(states, cum_weights=state_weights)[0]
        published = _moment(rng)
        created = published - datetime.timedelta(days=rng.randint(1, 20))
        is_pdn = rng.random() < PDN_SHARE
        yield (
            number,
            f"{slug[:3].upper()}-{number:08d}",
            name,
            description,
            _specifications(specs, variant, brand),
            price,
            1,
            None if made_to_order else rng.randint(5, 500),
            made_to_order,
            rng.randint(1, 7) if made_to_order else None,
            is_pdn,
            f"{rng.randint(25, 90)}.00" if is_pdn and rng.random() < 0.5 else None,
            REQUIRED_CERTIFICATE.get(slug, ""),
            state,
            "",
            "vendor" if state == "turun_tayang" else "",
            _iso(created) if state != "draft" else None,
            _iso(published) if state in ("tayang", "turun_tayang") else None,
            _iso(created),
            _iso(published),
            category_ids[slug],
            unit,
            vendor.id,
        )


def _copy(connection: psycopg.Connection, table: str, columns: str, rows: Any) -> tuple[int, float]:
    started = time.perf_counter()
    written = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written, time.perf_counter() - started


def generate(url: str, products: int, seed: int) -> dict[str, Any]:
    """Load the catalog into a freshly migrated database; timings and counts."""
    timings: dict[str, float] = {}
    timings["create + migrate"] = recreate_database(url)
    rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
    vendor_count = max(35, products // 100)
    with psycopg.connect(url) as connection:
        category_ids = {
            slug: pk
            for slug, pk in connection.execute(
                "SELECT slug, id FROM catalog_category WHERE parent_id IS NOT NULL ORDER BY id"
            ).fetchall()
            if slug in ITEMS
        }
        connection.execute("SET session_replication_role = replica")
        started = time.perf_counter()
        vendors, organisations, vendor_rows = _vendor_organisations(
            rng, vendor_count, list(category_ids)
        )
        pemdas = [
            (
                "pemda",
                f"Pemerintah {name}",
                "2026-01-01",
                True,
                _iso(YEAR_START),
                _iso(YEAR_START),
                None,
                code,
            )
            for code, name in KAB_KOTA
        ]
        _copy(
            connection,
            "accounts_organisation",
            f"id, {ORGANISATION_COLUMNS}",
            ((i, *row) for i, row in enumerate([*organisations, *pemdas], start=1)),
        )
        _copy(connection, "vendors_vendor", VENDOR_COLUMNS, vendor_rows)
        pemda_ids = {code: vendor_count + i for i, (code, _) in enumerate(KAB_KOTA, start=1)}
        events = [
            (
                n,
                f"2026-{m:02d}-15",
                f"Aula Dinas Koperasi dan UKM {dict(KAB_KOTA)[code]}",
                "Cara mengunggah produk ke Blangkon",
                _iso(YEAR_START),
                None,
                pemda_ids[code],
            )
            for n, (code, m) in enumerate(((c, m) for c, _ in KAB_KOTA for m in (3, 8)), start=1)
        ]
        event_of = {(e[6], e[1][5:7]): e[0] for e in events}
        _copy(
            connection,
            "vendors_trainingevent",
            "id, held_on, place, topic, created_at, created_by_id, pemda_id",
            events,
        )
        verified = [v for v in vendors if v.verified]
        trained = rng.sample(verified, round(len(verified) * TRAINED_SHARE))
        attendees = [
            (v.id, event_of[(pemda_ids[v.region], rng.choice(("03", "08")))], v.id)
            for v in sorted(trained, key=lambda v: v.id)
        ]
        _copy(
            connection,
            "vendors_trainingevent_attendees",
            "id, trainingevent_id, vendor_id",
            attendees,
        )
        timings["vendors (generate + COPY)"] = time.perf_counter() - started

        written, seconds = _copy(
            connection,
            "catalog_product",
            PRODUCT_COLUMNS,
            _products(rng, products, vendors, category_ids),
        )
        timings["products (generate + COPY)"] = seconds
        started = time.perf_counter()
        # Each product is delivered in its vendor's own kab/kota.
        connection.execute(
            "INSERT INTO catalog_product_coverage (id, product_id, region_id)"
            " SELECT p.id, p.id, o.region_id FROM catalog_product p"
            " JOIN vendors_vendor v ON v.id = p.vendor_id"
            " JOIN accounts_organisation o ON o.id = v.organisation_id"
        )
        timings["coverage (INSERT … SELECT)"] = time.perf_counter() - started
        for table in (
            "accounts_organisation",
            "vendors_vendor",
            "vendors_trainingevent",
            "vendors_trainingevent_attendees",
            "catalog_product",
            "catalog_product_coverage",
        ):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608 (constants)
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        connection.execute("SET session_replication_role = DEFAULT")
        connection.commit()

        connection.execute("SET work_mem = '256MB'")
        connection.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        live = scalar(connection, "SELECT search_rebuild()")
        connection.commit()
        timings["search_rebuild()"] = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        connection.execute("VACUUM ANALYZE")
        timings["VACUUM ANALYZE"] = time.perf_counter() - started
    return {
        "products": written,
        "live_products": live,
        "vendors": vendor_count,
        "trained_vendors": len(trained),
        "timings": timings,
    }


def store_meta(url: str, meta: dict[str, Any]) -> None:
    with psycopg.connect(url) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)"
        )
        for key, value in meta.items():
            connection.execute(
                "INSERT INTO bench_meta VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )


def table_sizes(url: str) -> list[dict[str, Any]]:
    tables = (
        "catalog_product",
        "search_document",
        "search_facet_count",
        "search_facet_total",
        "search_word",
        "search_phrase",
        "search_cell",
        "search_combination",
    )
    sizes = []
    with psycopg.connect(url) as connection:
        for table in tables:
            row = connection.execute(
                "SELECT c.oid, pg_table_size(c.oid), pg_indexes_size(c.oid)"
                " FROM pg_class c WHERE c.oid = to_regclass(%s)",
                [table],
            ).fetchone()
            if row:
                rows = scalar(connection, f"SELECT count(*) FROM {table}")  # noqa: S608 (constants)
                sizes.append(
                    {
                        "table": table,
                        "rows": rows,
                        "table_mb": row[1] / 2**20,
                        "indexes_mb": row[2] / 2**20,
                    }
                )
        total = scalar(connection, "SELECT pg_database_size(current_database())")
    search = [s for s in sizes if s["table"].startswith("search_")]
    sizes.append(
        {
            "table": "(the search tables)",
            "rows": None,
            "table_mb": sum(s["table_mb"] for s in search),
            "indexes_mb": sum(s["indexes_mb"] for s in search),
        }
    )
    sizes.append(
        {"table": "(whole database)", "rows": None, "table_mb": total / 2**20, "indexes_mb": None}
    )
    return sizes


# --- the query mix --------------------------------------------------------------------

API = "/api/v1/products"
API_ROUTER = "blangkon/api/routers/search.py"
SUGGEST = "/api/v1/products/suggest"


@dataclass(frozen=True)
class Request:
    kind: str  # query class
    path: str
    expect: int  # expected HTTP status
    q: str = ""  # the search text (for the naive baseline)


def _url(base: str, params: dict[str, Any]) -> str:
    if not params:
        return base
    return f"{base}?{urlencode(params, quote_via=quote)}"


NARROW = [
    "kertas hvs a4 80 gsm", "tumpeng nasi kuning", "nasi kotak ayam bakar",
    "snack box jajan pasar", "batik tulis lasem", "toner hp 85a", "laptop core i5",
    "kursi kantor jaring", "sewa mobil avanza", "semen gresik 40 kg", "tinta epson 003",
    "air mineral 600 ml", "seragam pdh khaki", "kaos kegiatan cotton combed",
    "meja rapat jati jepara", "spanduk flexi 280", "beras premium 5 kg", "ac split 1 pk",
    "proyektor 3600 lumens", "jasa satpam shift 12 jam",
]  # fmt: skip
BROAD = [
    "kertas", "nasi", "jasa", "kotak", "batik", "sewa", "laptop", "meja", "tinta", "beras",
    "kaos", "ayam", "air", "semen", "servis", "paket", "tas", "kursi", "printer", "map",
    "cetak", "premium", "solo", "jepara", "box",
]  # fmt: skip
TYPOS = [
    "kretas hvs", "nasi kotk", "hand sanitiser", "tumpneg", "laptpo", "semne gresik",
    "batk tulis", "spandk", "ballpoin", "prnter epson", "kursi kantr", "sewa mobl",
    "bers premium", "kertsa", "nais kotak", "tumpemg nasi kuning", "leptop core i5",
    "seragan pdh", "snak box", "minyak goremg", "proyekter", "brankas digitl", "kemja batik",
    "disinfektn", "masket medis", "sabun cuci tngan", "jasa kebersiahn", "toner canon 352",
    "air minral", "kopi brek",
]  # fmt: skip
SYNONYMS = [
    "atk", "snack", "nasi box", "alat tulis kantor", "kudapan", "camilan", "pembersih tangan",
    "notebook", "komputer jinjing", "pencetak", "tissue", "nasi box ayam bakar", "atk murah",
    "snack rapat", "notebook ryzen",
]  # fmt: skip
SUGGEST_WORDS = [
    "kertas", "nasi kotak", "tumpeng", "laptop", "batik", "sewa mobil", "ballpoint", "snack",
    "hand sanitizer", "semen", "kursi", "meja", "printer", "tinta", "seragam", "beras",
    "air mineral", "jasa", "spanduk", "masker", "proyektor", "kaos",
]  # fmt: skip
DEEP_PAGES = (50, 200, 500)
PRICE_RANGES: list[tuple[int | None, int | None]] = [
    (None, 49_999),  # bucket edges: counted from search_facet_count
    (50_000, 199_999),
    (200_000, 999_999),
    (1_000_000, None),
    (30_000, 75_000),  # cuts through buckets: counted from the rows
    (100_000, 500_000),
    (None, 25_000),
    (5_000_000, 20_000_000),
]


def _typo(rng: random.Random, phrase: str) -> str:
    """The phrase with one letter swapped, dropped or doubled in its longest word."""
    words = phrase.split()
    i = max(range(len(words)), key=lambda n: (len(words[n]), -n))
    word = words[i]
    if len(word) < 4 or not word.isalpha():
        return phrase
    at = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("swap", "drop", "double"))
    if edit == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif edit == "drop":
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


class _Mix:
    """The requests of the mix as they are listed (duplicates included)."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def search(self, kind: str, expect: int = 200, **params: Any) -> None:
        clean = {k: v for k, v in params.items() if v is not None and v != ""}
        self.requests.append(Request(kind, _url(API, clean), expect, str(clean.get("q", ""))))

    def suggest(self, kind: str, prefix: str) -> None:
        self.requests.append(Request(kind, _url(SUGGEST, {"q": prefix}), 200))


def build_mix(seed: int, categories: list[str], leaves: list[str], max_page: int) -> list[Request]:
    """The fixed list of distinct requests, in a fixed shuffled order."""
    # Every step draws from this one generator in turn, so the order of the
    # steps is part of the mix: reordering them changes every later request.
    rng = random.Random(seed * 7 + 1)  # noqa: S311 (a fixed mix, not secrets)
    regions = [code for code, _ in KAB_KOTA]
    mix = _Mix()
    _add_text_searches(mix, rng, _item_phrases())
    _add_browsing(mix, rng, categories, regions)
    _add_facets(mix, rng, categories, leaves, regions)
    _add_sorts(mix, rng)
    _add_deep_pages(mix, max_page)
    _add_suggestions(mix)
    _add_bad_input(mix, rng, max_page)

    distinct: dict[str, Request] = {}
    for request in mix.requests:
        distinct.setdefault(request.path, request)
    shuffled = list(distinct.values())
    rng.shuffle(shuffled)
    return shuffled


def _item_phrases() -> list[str]:
    """Every "base variant" product phrase the generator names products with."""
    return sorted(
        {
            f"{base} {variant}".lower()
            for items in ITEMS.values()
            for base, variants, *_ in items
            for variant in variants
        }
    )


def _add_text_searches(mix: _Mix, rng: random.Random, phrases: list[str]) -> None:
    """Narrow and broad words, typos and synonyms."""
    for q in NARROW + rng.sample(phrases, 60):
        mix.search("narrow", q=q)
    for phrase in rng.sample(phrases, 12):
        mix.search("narrow", q=f"{phrase} {rng.choice(ORIGINS).lower()}")
    for q in BROAD:
        mix.search("broad", q=q)
    for q in BROAD[:10]:
        mix.search("broad", q=q, page=2)
    for q in TYPOS:
        mix.search("typo", q=q)
    for phrase in rng.sample(phrases, 40):
        mix.search("typo", q=_typo(rng, phrase))
    for q in SYNONYMS:
        mix.search("synonym", q=q)


def _add_browsing(mix: _Mix, rng: random.Random, categories: list[str], regions: list[str]) -> None:
    """No words: everything, a category, a kab/kota."""
    mix.search("browse")
    for slug in categories:
        mix.search("browse", category=slug)
    for code in rng.sample(regions, 12):
        mix.search("browse", kab_kota=code)


def _add_facets(
    mix: _Mix, rng: random.Random, categories: list[str], leaves: list[str], regions: list[str]
) -> None:
    """Random combinations of filters, with or without words."""
    for _ in range(130):
        price_min, price_max = rng.choice(PRICE_RANGES)
        q = rng.choice(["", "", "", *BROAD[:8], *NARROW[:6]])
        mix.search(
            "facet",
            q=q,
            category=rng.choice(["", *leaves, *leaves, *categories]),
            kab_kota=rng.choice(["", *regions]),
            scale=rng.choice(["", "mikro", "kecil", "menengah", "besar"]),
            vendor_kind=rng.choice(["", "", "perorangan", "badan_usaha"]),
            pdn=rng.choice(["", "1", "0"]),
            trained=rng.choice(["", "", "1", "0"]),
            price_min=price_min if rng.random() < 0.7 else None,
            price_max=price_max if rng.random() < 0.7 else None,
        )


def _add_sorts(mix: _Mix, rng: random.Random) -> None:
    for sort in ("price_asc", "price_desc", "newest", "rating", "sold"):
        for q in ["", *rng.sample(BROAD, 6), *rng.sample(NARROW, 4), "kretas"]:
            mix.search("sort", q=q, sort=sort)


def _add_deep_pages(mix: _Mix, max_page: int) -> None:
    """The pages asked for in the brief, as far as the API opens them, and
    the last page it opens (the first one it refuses is in _add_bad_input)."""
    pages = sorted({p for p in DEEP_PAGES if p <= max_page} | {max_page})
    for page in pages:
        for q, sort in (
            ("", ""),
            ("kertas", ""),
            ("nasi", ""),
            ("jasa", ""),
            ("kotak", ""),
            ("", "newest"),
            ("kertas", "price_asc"),
            ("nasi", "price_desc"),
            ("batik", ""),
            ("", "price_asc"),
            ("kertas hvs", ""),
            ("nasi kotak", "newest"),
            ("kaos", "sold"),
        ):
            mix.search("deep", q=q, sort=sort, page=page)
    mix.search("deep", q="", category="katering", page=max_page)
    mix.search("deep", q="kertas", kab_kota="33.74", page=min(50, max_page))


def _add_suggestions(mix: _Mix) -> None:
    """Each word as it is typed: its first 1, 2, 3, 4 and 6 letters, and all of it."""
    for word in SUGGEST_WORDS:
        for size in sorted({1, 2, 3, 4, 6, len(word)}):
            mix.suggest("suggest", word[:size])


def _add_bad_input(mix: _Mix, rng: random.Random, max_page: int) -> None:
    """Odd text the search must answer (200) and values it must refuse (400)."""
    long_text = " ".join(rng.choice(BROAD) for _ in range(200))[:1024]
    bad: list[tuple[dict[str, Any], int]] = [
        ({"q": long_text}, 200),
        ({"q": "x" * 1024}, 200),
        ({"q": "!!! ??? ... ---"}, 200),
        ({"q": "%%%___***"}, 200),
        ({"q": "🍚🍱🥤"}, 200),
        ({"q": "nasi 🍚 kotak"}, 200),
        ({"q": "ナシゴレン"}, 200),
        ({"q": "кертас"}, 200),
        ({"q": "kertas\x00hvs"}, 200),
        ({"q": "'; DROP TABLE catalog_product; --"}, 200),
        ({"q": "kertas' OR '1'='1"}, 200),
        ({"q": "a & b | !c <-> d:*"}, 200),
        ({"q": "kertas", "page": "1000000000"}, 400),
        ({"q": "nasi", "page": str(max_page + 1)}, 400),
        *(({"q": "kertas", "page": str(p)}, 400) for p in DEEP_PAGES if p > max_page),
        ({"page": "0"}, 400),
        ({"page": "-3"}, 400),
        ({"page": "abc"}, 400),
        ({"q": "kertas", "sort": "cheapest"}, 400),
        ({"sort": "'; --"}, 400),
        ({"kab_kota": "99.99"}, 400),
        ({"category": "tidak-ada"}, 400),
        ({"scale": "raksasa"}, 400),
        ({"vendor_kind": "koperasi"}, 400),
        ({"pdn": "maybe"}, 400),
        ({"price_min": "-5"}, 400),
        ({"price_min": "abc"}, 400),
        ({"price_min": "500000", "price_max": "1000"}, 400),
        ({"price_max": "9" * 40}, 400),
    ]
    for params, expect in bad:
        mix.search("bad", expect=expect, **params)
    for prefix in ("", "🍚", "x" * 1024, "!!!", "kertas\x00"):
        mix.suggest("bad", prefix)


def api_max_page(url: str) -> int:
    """The last page the search opens (search.params.MAX_PAGE), read through Django."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("BLANGKON_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from blangkon.search.params import MAX_PAGE

    return int(MAX_PAGE)


def code_fingerprint() -> tuple[str, str]:
    """A hash of the search code measured (blangkon/search, the API router) and
    when it last changed."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("blangkon/search/*.py")) + [ROOT / API_ROUTER]
    for path in files:
        digest.update(path.read_bytes())
    changed = datetime.datetime.fromtimestamp(max(p.stat().st_mtime for p in files), datetime.UTC)
    return digest.hexdigest()[:12], changed.isoformat(timespec="minutes")


# --- the server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn on the bench database, and a thread sampling its workers' RSS."""

    def __init__(self, url: str, workers: int) -> None:
        self.url = url
        self.workers = workers
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="blangkon-search-bench-"))
        self.log = self.folder / "gunicorn.log"
        self.pidfile = self.folder / "gunicorn.pid"
        self.process: subprocess.Popen[bytes] | None = None
        self.rss_max_mb = 0.0
        self.rss_samples: list[float] = []
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self) -> None:
        env = dict(
            os.environ,
            DATABASE_URL=self.url,
            BLANGKON_ENV="production",
            DEBUG="false",
            SECRET_KEY="bench-only-" + "k" * 50,
            BLANGKON_BANK_SIMULATOR_SECRET="bench-only-" + "b" * 40,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_DOMAIN="127.0.0.1",
            EMAIL_HOST="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            MEDIA_ROOT=str(self.folder / "media"),
        )
        uv = shutil.which("uv")
        command = [uv, "run", "--frozen"] if uv else [sys.executable, "-m", "uv", "run", "--frozen"]
        command += [
            "gunicorn",
            "config.wsgi",
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "-p",
            str(self.pidfile),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command)
                command, cwd=ROOT, env=env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                status, _body, _s = get(self.port, "/api/v1/regions")
                if status == 200 and len(self.worker_pids()) >= self.workers:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            self.stop()
            raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")
        for _ in range(2 * self.workers):  # each worker opens its connection
            get(self.port, "/api/v1/regions")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def master_pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None

    def worker_pids(self) -> list[int]:
        master = self.master_pid()
        if master is None:
            return []
        children = Path(f"/proc/{master}/task/{master}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            pass
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", text, re.M):
                found.append(int(status.parent.name))
        return found

    def sample_rss(self) -> float:
        largest = 0.0
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if match:
                largest = max(largest, int(match.group(1)) / 1024)
        if largest:
            self.rss_samples.append(largest)
            self.rss_max_mb = max(self.rss_max_mb, largest)
        return largest

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.sample_rss()
            self._stop.wait(0.2)

    def errors(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        self._stop.set()
        if self._sampler:
            self._sampler.join()
        master = self.master_pid()
        if master is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(master, signal.SIGTERM)
        if self.process is not None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def get(port: int, path: str) -> tuple[int, bytes, float]:
    """(status, body, seconds): connect to last byte, one request, no keep-alive."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
        return response.status, body, seconds
    finally:
        connection.close()


# --- measuring ------------------------------------------------------------------------


@dataclass
class Outcome:
    request: Request
    status: int
    ms: float
    count: int | None = None


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values: Sequence[float], seconds: float | None = None) -> dict[str, float]:
    total = seconds if seconds is not None else sum(values) / 1000
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values, default=0.0),
        "rps": len(values) / total if total else 0.0,
    }


def _count(body: bytes) -> int | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("count"), int):
        return int(data["count"])
    if isinstance(data, dict) and isinstance(data.get("suggestions"), list):
        return len(data["suggestions"])
    return None


def run_sequential(port: int, mix: list[Request]) -> tuple[list[Outcome], float]:
    outcomes = []
    started = time.perf_counter()
    for request in mix:
        status, body, seconds = get(port, request.path)
        outcomes.append(Outcome(request, status, seconds * 1000, _count(body)))
    return outcomes, time.perf_counter() - started


def run_concurrent(port: int, mix: list[Request], threads: int) -> tuple[list[Outcome], float]:
    work: queue.Queue[Request] = queue.Queue()
    for request in mix:
        work.put(request)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def client() -> None:
        while True:
            try:
                request = work.get_nowait()
            except queue.Empty:
                return
            status, body, seconds = get(port, request.path)
            with lock:
                outcomes.append(Outcome(request, status, seconds * 1000, _count(body)))

    started = time.perf_counter()
    pool = [threading.Thread(target=client) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return outcomes, time.perf_counter() - started


NAIVE_FACETS = CELL  # every facet the API returns


def naive_sql(params: dict[str, str], leaves: dict[str, list[int]]) -> list[tuple[str, list[Any]]]:
    """What a straightforward implementation runs for one API request: rank
    every match with ts_rank and sort, then count every facet the API returns
    with GROUP BY (grouping sets, one pass) over the same rows. Same table,
    same GIN index, same filters as the API; no cells, no tiers, no typo
    correction or synonyms."""
    where: list[str] = []
    args: list[Any] = []
    q = params.get("q", "").replace("\x00", "")  # PostgreSQL text cannot hold NUL
    if q:
        where.append("vector @@ plainto_tsquery('blangkon', %s)")
        args.append(q)
    if params.get("category"):
        where.append("category_id = ANY(%s)")
        args.append(leaves.get(params["category"], [0]))
    for name, column in (
        ("kab_kota", "kab_kota_id"),
        ("vendor_kind", "vendor_kind"),
        ("scale", "scale"),
    ):
        if params.get(name):
            where.append(f"{column} = %s")
            args.append(params[name])
    for name, column in (("pdn", "is_pdn"), ("trained", "is_trained")):
        if params.get(name):
            where.append(f"{column} = %s")
            args.append(params[name] == "1")
    if params.get("price_min"):
        where.append("price >= %s")
        args.append(int(params["price_min"]))
    if params.get("price_max"):
        where.append("price <= %s")
        args.append(int(params["price_max"]))
    condition = " AND ".join(where) or "TRUE"
    order = {
        "price_asc": "price",
        "price_desc": "price DESC",
        "newest": "published_at DESC",
        "rating": "rating DESC NULLS LAST",
        "sold": "sold_count DESC",
    }.get(params.get("sort", ""), "")
    if not order:
        order = (
            "ts_rank(vector, plainto_tsquery('blangkon', %s)) DESC" if q else "published_at DESC"
        )
    order_args = [q] if "ts_rank" in order else []
    offset = (int(params.get("page", "1")) - 1) * 20
    top = (
        f"SELECT product_id FROM search_document WHERE {condition}"  # noqa: S608
        f" ORDER BY {order}, product_id LIMIT 20 OFFSET %s",
        [*args, *order_args, offset],
    )
    sets = ", ".join(f"({c})" for c in NAIVE_FACETS)
    facets = (
        f"SELECT {', '.join(NAIVE_FACETS)}, count(*) FROM search_document"  # noqa: S608
        f" WHERE {condition} GROUP BY GROUPING SETS ({sets})",
        list(args),
    )
    return [top, facets]


def _category_leaves(url: str) -> dict[str, list[int]]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT id, slug, parent_id FROM catalog_category").fetchall()
    by_id = {row[0]: row for row in rows}
    leaves: dict[str, list[int]] = {}
    for cid, slug, parent in rows:
        if parent is not None:
            leaves.setdefault(slug, []).append(cid)
            leaves.setdefault(by_id[parent][1], []).append(cid)
    return leaves


def run_naive(url: str, mix: list[Request]) -> dict[str, float]:
    """Milliseconds per API request of the mix answered the naive way (search
    requests that the API answers with 200; not suggestions)."""
    leaves = _category_leaves(url)
    by_path: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SET jit = off")
        for request in mix:
            if request.expect != 200 or not request.path.startswith(API + "?"):
                continue
            query = dict(parse_qsl(urlsplit(request.path).query))
            started = time.perf_counter()
            try:
                for sql, args in naive_sql(query, leaves):
                    connection.execute(sql, args).fetchall()
            except psycopg.Error as error:  # reported, not fatal: the API run is done
                say(f"  naive SQL failed for {request.path[:80]}: {error}")
                continue
            by_path[request.path] = (time.perf_counter() - started) * 1000
    return by_path


# --- reporting ------------------------------------------------------------------------


def machine(url: str) -> dict[str, str]:
    cpu, memory = cpu_and_memory()
    with psycopg.connect(url) as connection:
        settings = {
            name: scalar(connection, f"SHOW {name}")
            for name in ("server_version", "shared_buffers", "work_mem", "jit")
        }
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "nproc": str(len(os.sched_getaffinity(0))),
        "memory": memory,
        "python": platform.python_version(),
        "postgres": settings["server_version"].split()[0],
        "pg_settings": (
            f"shared_buffers {settings['shared_buffers']}, work_mem {settings['work_mem']}, "
            f"jit {settings['jit']}"
        ),
    }


def _row(label: str, s: dict[str, float]) -> str:
    return (
        f"  {label:<28} n={int(s['n']):>4}  p50 {s['p50']:7.1f}  p95 {s['p95']:7.1f}"
        f"  p99 {s['p99']:7.1f}  max {s['max']:7.1f} ms  {s['rps']:6.1f} req/s"
    )


def _fmt_int(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "—"


def render_doc(results: list[dict[str, Any]]) -> str:
    """The docs section: method, then every size's figures."""
    lines = [
        "## Catalog search",
        "",
        "`make bench-search` runs `bench/search.py` at 1,000,000 products (`make bench` runs it",
        "after the bulk import; `make bench-search-5m` at 5,000,000). Method, in short (the",
        "script's docstring has the details):",
        "",
        "- **Data**: its own database `blangkon_search_bench`, a deterministic catalog",
        "  (`random.Random(seed)`) loaded with COPY and the search triggers off",
        "  (`session_replication_role = replica`), then `search_rebuild()` and `VACUUM ANALYZE`.",
        "  N/100 vendors over the 35 kab/kota (98 % verified, kind and UMKM scale mixed, 20 %",
        "  trained); products in every leaf category, catering and paper/office supplies most",
        '  common ("nasi" and "kertas" each match 100,000+ of 1M), names from',
        "  `demo/product_names.py`, 70 % PDN, 95 % live, published over 2026.",
        "- **Server**: gunicorn, 2 sync workers, production settings (DEBUG off), on the same",
        "  machine as PostgreSQL and the client.",
        "- **Mix**: 500+ distinct URLs of `GET /api/v1/products` and `/products/suggest` in",
        "  classes (narrow, broad, typo, synonym, browse, facet, sort, deep pages 50/200/500 as",
        "  far as the API opens them and its last page, suggest, bad input incl. a 1 KB query,",
        "  emoji, NUL, `page=1000000000`, the first page past the last and unknown sorts → 400).",
        "  *First run*: every URL once, in a fixed shuffled order, one client thread (no URL",
        "  asked before; database caches as the load or the previous run left them).",
        "  *Repeated*: the same mix again. *4 threads*: the mix once more from 4 client threads",
        "  (requests/s under load). Latency is client side, connect to last byte.",
        "- **Naive baseline**: every search request of the mix answered with 200, straight SQL",
        "  on the same table, index and filters: the page by `ts_rank` over all matches (or the",
        "  requested sort) plus every facet's counts by GROUP BY (grouping sets) over all",
        "  matches. No HTTP, no Python, no JSON. The ratio uses the API's first runs of the",
        "  same requests.",
        "- **RSS**: VmRSS of the gunicorn workers, sampled every 0.2 s; the largest.",
        "",
    ]
    lines += [
        "| Products (live) | First run p50 / p95 / p99 | Repeated p50 / p95 / p99 | req/s (1 / 4 "
        "threads) | Naive p50 / p95 / p99 | Naive p95 ÷ API p95 | Worker RSS | Verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        first, repeated, naive = r["first"]["all"], r["repeated"]["all"], r["naive"]
        verdict = ", ".join(f"{k}: {'PASS' if v else 'FAIL'}" for k, v in r["targets"].items())
        lines.append(
            f"| {r['data']['products']:,} ({r['data']['live_products']:,}) "
            f"| {first['p50']:.1f} / **{first['p95']:.1f}** / {first['p99']:.1f} ms "
            f"| {repeated['p50']:.1f} / {repeated['p95']:.1f} / {repeated['p99']:.1f} ms "
            f"| {first['rps']:.0f} / {r['concurrent']['all']['rps']:.0f} "
            f"| {naive['p50']:.1f} / {naive['p95']:.1f} / {naive['p99']:.1f} ms "
            f"| {r['ratio']:.1f}× | {r['rss_max_mb']:.0f} MB | {verdict} |"
        )
    lines += [
        "",
        f"Targets: API p95 ≤ {TARGET_P95_MS:.0f} ms on first runs, naive p95 ≥ "
        f"{TARGET_NAIVE_RATIO:.0f}× the API's, worker RSS < {TARGET_RSS_MB:.0f} MB.",
        "",
    ]
    for r in results:
        m = r["machine"]
        data = r["data"]
        lines += [
            f"### {data['products']:,} products",
            "",
            f"Measured on {r['date']} on {m['cpu']}, `nproc` = {m['nproc']}, {m['memory']} RAM, "
            f"{m['platform']}, Python {m['python']}, PostgreSQL {m['postgres']} "
            f"({m['pg_settings']}); {r['mix_size']} distinct URLs, seed {r['seed']}; "
            f"load average {r['load']:.2f} when the run started. Search code "
            f"`{r.get('code', '?')}` (blangkon/search and the API router as of "
            f"{r.get('code_modified', '?')}; pages open up to {r.get('max_page', '?')}).",
            "",
            f"Data: {data['vendors']:,} vendors ({data['trained_vendors']:,} trained), "
            f"{data['products']:,} products, {data['live_products']:,} live; "
            f'"kertas" finds {_fmt_int(r["checks"].get("kertas"))}, '
            f'"nasi" {_fmt_int(r["checks"].get("nasi"))}. Load: '
            + ", ".join(f"{k} {v:.1f} s" for k, v in data["timings"].items())
            + ".",
            "",
            "| Table | Rows | Table | Indexes |",
            "|---|---|---|---|",
        ]
        for s in r["sizes"]:
            rows = f"{s['rows']:,}" if s["rows"] is not None else ""
            indexes = f"{s['indexes_mb']:,.0f} MB" if s["indexes_mb"] is not None else ""
            lines.append(f"| {s['table']} | {rows} | {s['table_mb']:,.0f} MB | {indexes} |")
        lines += [
            "",
            "| Class | n | First run p50 / p95 / p99 / max, ms | req/s | Repeated p50 / p95 / p99,"
            " ms |",
            "|---|---|---|---|---|",
        ]
        for name, s in r["first"].items():
            again = r["repeated"][name]
            lines.append(
                f"| {name} | {s['n']} | {s['p50']:.1f} / {s['p95']:.1f} / {s['p99']:.1f} / "
                f"{s['max']:.1f} | {s['rps']:.0f} | {again['p50']:.1f} / {again['p95']:.1f} / "
                f"{again['p99']:.1f} |"
            )
        same = r["api_same_texts"]
        lines += [
            "",
            f"Naive SQL over the {r['naive']['n']} search requests of the mix answered with 200: "
            f"p50 {r['naive']['p50']:.1f}, p95 {r['naive']['p95']:.1f}, "
            f"p99 {r['naive']['p99']:.1f} ms; the API on the same requests (first run): "
            f"p50 {same['p50']:.1f}, p95 {same['p95']:.1f}, p99 {same['p99']:.1f} ms "
            f"({r['ratio_same_texts']:.1f}×).",
        ]
        lines += ["", "Slowest first runs:", ""]
        for item in r["slowest"]:
            lines.append(f"- {item['ms']:.0f} ms, {item['kind']}: `{item['path'][:150]}`")
        if r["unexpected"]:
            lines += ["", "**Unexpected statuses:**", ""]
            lines += [
                f"- {u['status']} (expected {u['expect']}): `{u['path'][:150]}`"
                for u in r["unexpected"]
            ]
        lines.append("")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    write_section("search", text)


def all_results() -> list[dict[str, Any]]:
    found = []
    for path in RESULTS.glob("search-*.json"):
        try:
            found.append(json.loads(path.read_text()))
        except ValueError:
            continue
    return sorted(found, key=lambda r: r["data"]["products"])


# --- main -----------------------------------------------------------------------------


@dataclass
class Options:
    products: int
    seed: int
    regenerate: bool
    workers: int
    threads: int
    write: bool
    load_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--products", type=int, default=DEFAULT_PRODUCTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--regenerate", action="store_true", help="reload even when the data fits")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=CONCURRENCY, help="clients, last phase")
    parser.add_argument(
        "--no-write", action="store_true", help="print only; no results file, no docs"
    )
    parser.add_argument(
        "--load-only", action="store_true", help="load (or check) the data and stop; no measuring"
    )
    parser.add_argument(
        "--docs-only",
        action="store_true",
        help="only rewrite docs/performance.md from bench/results/search-*.json",
    )
    args = parser.parse_args(argv)
    if args.docs_only:
        write_doc(render_doc(all_results()))
        say(f"Wrote {DOC.relative_to(ROOT)}")
        sys.exit(0)
    return Options(
        args.products,
        args.seed,
        args.regenerate,
        args.workers,
        args.threads,
        not args.no_write,
        args.load_only,
    )


def schema_fingerprint() -> str:
    """A hash of every migration and of the search SQL they apply: the loaded
    data is only reused when the database was built by the code being
    measured (the SQL text, not the module's, so tidying the module that
    writes it does not force a reload)."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("blangkon/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update((search_sql.FORWARD + search_sql.BACKWARD).encode())
    return digest.hexdigest()[:16]


def prepare(url: str, options: Options) -> dict[str, Any]:
    meta = stored_meta(url)
    wanted = {
        "products": options.products,
        "seed": options.seed,
        "version": GENERATOR_VERSION,
        "schema": schema_fingerprint(),
    }
    stale = [k for k, v in wanted.items() if meta.get(k) != v]
    if not options.regenerate and not stale:
        say(
            f"Reusing {database_name(options.products)}: {options.products:,} products "
            "already loaded (--regenerate to reload)"
        )
        data: dict[str, Any] = meta["data"]
    else:
        reason = "--regenerate" if options.regenerate else f"{', '.join(stale)} changed"
        name = database_name(options.products)
        say(f"Generating {options.products:,} products into {name} ({reason}) …")
        started = time.perf_counter()
        data = generate(url, options.products, options.seed)
        data["timings"]["total"] = time.perf_counter() - started
        store_meta(url, {**wanted, "data": data})
        for step, seconds in data["timings"].items():
            say(f"  {step:<30} {seconds:8.1f} s")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    url = bench_url(options.products)
    load = os.getloadavg()[0]
    data = prepare(url, options)
    if options.load_only:
        say("Loaded; not measured (--load-only)")
        return 0
    sizes = table_sizes(url)
    say_data(data, sizes)
    categories, leaves = category_slugs(url)
    max_page = api_max_page(url)
    mix = build_mix(options.seed, categories, leaves, max_page)
    code, code_changed = code_fingerprint()
    say(
        f"Query mix: {len(mix)} distinct URLs (the API opens pages up to {max_page}); "
        f"search code {code} of {code_changed}"
    )
    runs = run_server(url, options, mix)
    naive_by_path = run_naive(url, mix)
    findings = measure(runs, naive_by_path, mix)
    say_findings(findings, runs, options, naive_requests=len(naive_by_path))

    result = {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "seed": options.seed,
        "load": load,
        "machine": machine(url),
        "data": data,
        "sizes": sizes,
        "mix_size": len(mix),
        "max_page": max_page,
        "code": code,
        "code_modified": code_changed,
        "workers": options.workers,
        "threads": options.threads,
        **findings,
        "requests": request_rows(runs),
    }
    if options.write:
        write_result(result, options.products)
    return 1 if server_errors(findings["unexpected"]) else 0


def say_data(data: dict[str, Any], sizes: list[dict[str, Any]]) -> None:
    say(
        f"Data: {data['vendors']:,} vendors, {data['products']:,} products "
        f"({data['live_products']:,} live)"
    )
    for s in sizes:
        rows = f"{s['rows']:>12,}" if s["rows"] is not None else " " * 12
        indexes = f"{s['indexes_mb']:9,.0f} MB" if s["indexes_mb"] is not None else ""
        say(f"  {s['table']:<22} {rows} rows {s['table_mb']:9,.0f} MB table {indexes} indexes")


def category_slugs(url: str) -> tuple[list[str], list[str]]:
    """(every category, the leaves): what the mix browses and filters by."""
    with psycopg.connect(url) as connection:
        categories = [
            r[0]
            for r in connection.execute(
                "SELECT slug FROM catalog_category ORDER BY position, id"
            ).fetchall()
        ]
        leaves = [
            r[0]
            for r in connection.execute(
                "SELECT slug FROM catalog_category WHERE parent_id IS NOT NULL ORDER BY id"
            ).fetchall()
        ]
    return categories, leaves


@dataclass
class Runs:
    """The mix as the server answered it: first run, repeated, concurrent."""

    first: list[Outcome]
    first_seconds: float
    repeated: list[Outcome]
    repeated_seconds: float
    concurrent: list[Outcome]
    concurrent_seconds: float
    rss_after_first: float
    rss_max_mb: float
    rss_samples: int
    log: str


def run_server(url: str, options: Options, mix: list[Request]) -> Runs:
    server = Server(url, options.workers)
    server.start()
    try:
        first, first_seconds = run_sequential(server.port, mix)
        rss_after_first = server.sample_rss()
        repeated, repeated_seconds = run_sequential(server.port, mix)
        concurrent, concurrent_seconds = run_concurrent(server.port, mix, options.threads)
        server.sample_rss()
        log = server.errors()
    finally:
        server.stop()
    return Runs(
        first,
        first_seconds,
        repeated,
        repeated_seconds,
        concurrent,
        concurrent_seconds,
        rss_after_first,
        server.rss_max_mb,
        len(server.rss_samples),
        log,
    )


def by_class(
    outcomes: list[Outcome], seconds: float, mix: list[Request]
) -> dict[str, dict[str, float]]:
    """Latency of them all, then of each class in the order the mix lists them."""
    stats = {"all": summary([o.ms for o in outcomes], seconds)}
    for kind in dict.fromkeys(r.kind for r in mix):
        stats[kind] = summary([o.ms for o in outcomes if o.request.kind == kind])
    return stats


def server_errors(unexpected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [u for u in unexpected if u["status"] >= 500]


def measure(runs: Runs, naive_by_path: dict[str, float], mix: list[Request]) -> dict[str, Any]:
    """The statistics, checks and targets, keyed (and ordered) as in the results file."""
    first_stats = by_class(runs.first, runs.first_seconds, mix)
    naive_stats = summary(list(naive_by_path.values()))
    # The API on exactly the requests the naive SQL answered (first runs).
    same_stats = summary([o.ms for o in runs.first if o.request.path in naive_by_path])
    api_p95 = same_stats["p95"]
    ratio = naive_stats["p95"] / api_p95 if api_p95 else 0.0
    unexpected = unexpected_statuses(runs)
    return {
        "first": first_stats,
        "repeated": by_class(runs.repeated, runs.repeated_seconds, mix),
        "concurrent": {"all": summary([o.ms for o in runs.concurrent], runs.concurrent_seconds)},
        "naive": naive_stats,
        "api_same_texts": same_stats,
        "ratio": ratio,
        "ratio_same_texts": ratio,
        "rss_max_mb": runs.rss_max_mb,
        "checks": {
            o.request.q: o.count
            for o in runs.first
            if o.request.path in (_url(API, {"q": "kertas"}), _url(API, {"q": "nasi"}))
        },
        "slowest": [
            {"ms": o.ms, "kind": o.request.kind, "path": o.request.path, "status": o.status}
            for o in sorted(runs.first, key=lambda o: -o.ms)[:10]
        ],
        "unexpected": unexpected,
        "targets": {
            f"p95 ≤ {TARGET_P95_MS:.0f} ms": api_p95 <= TARGET_P95_MS,
            f"≥ {TARGET_NAIVE_RATIO:.0f}× naive": ratio >= TARGET_NAIVE_RATIO,
            f"RSS < {TARGET_RSS_MB:.0f} MB": 0 < runs.rss_max_mb < TARGET_RSS_MB,
            "no 5xx": not server_errors(unexpected),
        },
    }


def unexpected_statuses(runs: Runs) -> list[dict[str, Any]]:
    return [
        {"status": o.status, "expect": o.request.expect, "path": o.request.path, "phase": phase}
        for phase, outcomes in (
            ("first", runs.first),
            ("repeated", runs.repeated),
            ("concurrent", runs.concurrent),
        )
        for o in outcomes
        if o.status != o.request.expect
    ]


def say_findings(
    findings: dict[str, Any], runs: Runs, options: Options, *, naive_requests: int
) -> None:
    say_latency(findings, options, naive_requests=naive_requests)
    say(
        f"Worker RSS: max {runs.rss_max_mb:.0f} MB (after the first runs "
        f"{runs.rss_after_first:.0f} MB, {runs.rss_samples} samples)"
    )
    checks = findings["checks"]
    say(f'Counts: "kertas" {checks.get("kertas")}, "nasi" {checks.get("nasi")}')
    say_slowest(findings, runs.first)
    say_problems(findings["unexpected"], runs.log)
    for name, ok in findings["targets"].items():
        say(f"  {'PASS' if ok else 'FAIL'}  {name}")


def say_latency(findings: dict[str, Any], options: Options, *, naive_requests: int) -> None:
    say(f"\nLatency, ms (client side; {options.workers} gunicorn workers)")
    say(_row("first run, all", findings["first"]["all"]))
    say(_row("repeated mix, all", findings["repeated"]["all"]))
    say(_row(f"{options.threads} client threads, all", findings["concurrent"]["all"]))
    for title, phase in (("Per class, first run:", "first"), ("Per class, repeated:", "repeated")):
        say(title)
        for kind, s in findings[phase].items():
            if kind != "all":
                say(_row(kind, s))
    say(_row(f"naive SQL ({naive_requests} requests)", findings["naive"]))
    say(_row("API, same requests, first run", findings["api_same_texts"]))
    say(f"naive p95 / API first-run p95 (same requests) = {findings['ratio']:.1f}×")


def say_slowest(findings: dict[str, Any], first: list[Outcome]) -> None:
    say("Slowest first runs per class:")
    for kind in findings["first"]:
        if kind == "all":
            continue
        worst = sorted((o for o in first if o.request.kind == kind), key=lambda o: -o.ms)[:3]
        shown = [f"{o.ms:.0f} ms {o.request.path.removeprefix(API)[:70]}" for o in worst]
        say(f"  {kind:<8} " + "; ".join(shown))
    say("Slowest first runs:")
    for item in findings["slowest"]:
        say(f"  {item['ms']:8.1f} ms  {item['status']}  {item['kind']:<8} {item['path'][:140]}")


def say_problems(unexpected: list[dict[str, Any]], log: str) -> None:
    if unexpected:
        say(f"Unexpected statuses ({len(unexpected)}):")
        for u in unexpected[:30]:
            say(f"  {u['phase']:<10} {u['status']} (expected {u['expect']}) {u['path'][:140]}")
    errors = server_errors(unexpected)
    if errors:
        say(f"\n!!! {len(errors)} SERVER ERRORS (5xx): search must never answer 500 !!!")
        tail = "\n".join(log.splitlines()[-60:])
        say(f"gunicorn log (tail):\n{tail}")


def request_rows(runs: Runs) -> list[dict[str, Any]]:
    """Each request of the mix with its status, both sequential timings and its count."""
    return [
        {
            **asdict(a.request),
            "status": a.status,
            "first_ms": round(a.ms, 2),
            "repeated_ms": round(b.ms, 2),
            "count": a.count,
        }
        for a, b in zip(runs.first, runs.repeated, strict=True)
    ]


def write_result(result: dict[str, Any], products: int) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"search-{products}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    write_doc(render_doc(all_results()))
    say(f"Wrote {path.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
