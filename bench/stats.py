"""Benchmark: the public statistics and open data at 1,000,000 orders (`make bench-stats`).

Method:

1. Data. For each size (`--sizes`, 1,000 and 1,000,000 orders) a database of
   its own on the server of DATABASE_URL (`blangkon_stats_bench` for a
   million, `blangkon_stats_bench_<N>` otherwise), so development data is
   never touched. When it does not hold that size from this generator
   (`bench_meta`; `--regenerate` forces it) it is dropped, created, migrated,
   seeded with `seed_demo --scale small`, then grown in bulk SQL by
   bench/stats_data.py: all 35 kab/kota joined with 12 OPDs each, 10,000
   vendors with their products, and the orders with their lines, invoices and
   payments, and the search index rebuilt over the copied products. Both
   sizes have the same catalog and organisations: only the orders differ.
   Then `VACUUM ANALYZE`, and `manage.py stats_rebuild` as a child process
   (wall time and the child's peak RSS), then `VACUUM ANALYZE` of the
   statistics' tables (as autovacuum would do soon after). A later run reuses the
   data; it migrates it and rebuilds the statistics again only when the
   transparency app's code changed.
2. Server. gunicorn (`config.wsgi`, 2 sync workers, DEBUG off) on 127.0.0.1,
   as bench/orders.py starts it. Each URL gets `--warmup` requests, then
   `--requests` timed ones, one client on a keep-alive connection, latency
   client side (`time.perf_counter()` from the request to the last byte).
   The routes built by other parts of the transparency work (the public
   register, OCDS over HTTP) are measured when this tree has them (a 404 on
   the first request skips them).
3. Running totals. At the largest size, in-process: `--moves` order moves in
   a transaction each (a counted order cancelled, a waiting order signed, a
   paid order completed), the time of `aggregation.order_recount` alone,
   each transaction rolled back so the data stays as loaded.
4. OCDS export. When `manage.py ocds_export` exists: over all the largest
   size's orders to a temporary file, as a child process: wall time, the
   child's peak RSS (wait4), the file's size, releases (its `"ocid"` keys) per
   second.

Writes bench/results/transparency.json and the `bench:transparency` section of
docs/performance.md.
"""

import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import admin_url, database_url, recreate_database  # noqa: E402
from bench.machine import cpu_and_memory  # noqa: E402
from bench.report import DOC, write_section  # noqa: E402
from bench.search import store_meta  # noqa: E402
from bench.stats_data import JAKARTA  # noqa: E402

DATABASE = "blangkon_stats_bench"
DEFAULT_SIZES = (1_000, 1_000_000)
DEFAULT_VENDORS = 10_000
DEFAULT_SEED = 20261206
# Bump when bench/stats_data.py writes other rows, so old databases are regenerated.
GENERATOR_VERSION = "1"
TARGET_P95_MS = 100.0
WORKERS = 2
RESULTS = ROOT / "bench" / "results" / "transparency.json"
KAB_KOTA = "33.74"  # Kota Semarang
CSV_TABLE = "category"


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def last_year() -> int:
    """The last whole fiscal year in Asia/Jakarta: the year filter measured."""
    return datetime.datetime.now(JAKARTA).year - 1


def database_name(orders: int) -> str:
    return DATABASE if orders == 1_000_000 else f"{DATABASE}_{orders}"


# --- figures ------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of them at or below it."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without floats drifting
    return ordered[min(len(ordered), int(rank)) - 1]


def latency(values: Sequence[float]) -> dict[str, float]:
    """n, p50, p95, max of milliseconds."""
    return {
        "n": len(values),
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "max": max(values, default=0.0),
    }


# --- data -----------------------------------------------------------------------------------


def stored_meta(url: str) -> dict[str, Any]:
    """What bench_meta says the database holds ({} when nothing usable)."""
    name = urlsplit(url).path.lstrip("/")  # not rsplit: a socket host has slashes too
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            return {}
    with psycopg.connect(url) as connection:
        table = connection.execute("SELECT to_regclass('bench_meta')").fetchone()
        if table is None or table[0] is None:
            return {}
        rows = connection.execute("SELECT key, value FROM bench_meta").fetchall()
    return {key: json.loads(value) for key, value in rows}


def transparency_fingerprint() -> str:
    """What writes the statistics' tables (the aggregation, the models and
    their SQL, the migrations): when it changes, the totals are rebuilt."""
    app = ROOT / "blangkon" / "transparency"
    digest = hashlib.sha256()
    for path in sorted([app / "aggregation.py", app / "models.py", app / "sql.py",
                        *app.glob("migrations/*.py")]):  # fmt: skip
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manage(url: str, *arguments: str, quiet: bool = True) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, DATABASE_URL=url, BLANGKON_ENV="test", DEBUG="false")
    return subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.PIPE,
    )


def measured_child(url: str, *arguments: str) -> dict[str, Any]:
    """Run manage.py `arguments` as a child: its wall time, peak RSS and exit code."""
    env = dict(os.environ, DATABASE_URL=url, BLANGKON_ENV="test", DEBUG="false")
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "exit": child.returncode,
        "output": output.decode(errors="replace")[-2000:],
    }


def prepare(orders: int, options: argparse.Namespace) -> dict[str, Any]:
    """The database of `orders` orders, loaded (or reused) with its totals built."""
    from bench.stats_data import generate

    url = database_url(database_name(orders))
    meta = stored_meta(url)
    wanted = {
        "orders": orders,
        "vendors": options.vendors,
        "seed": options.seed,
        "version": GENERATOR_VERSION,
    }
    stale = [key for key, value in wanted.items() if meta.get(key) != value]
    if options.regenerate or stale or "data" not in meta:
        reason = "--regenerate" if options.regenerate else f"{', '.join(stale) or 'data'} changed"
        say(f"Generating {orders:,} orders into {database_name(orders)} ({reason}) …")
        timings: dict[str, float] = {"create + migrate": recreate_database(url)}
        started = time.perf_counter()
        seeded = manage(url, "seed_demo", "--scale", "small")
        if seeded.returncode:
            raise RuntimeError(f"seed_demo failed: {seeded.stderr.decode()[-2000:]}")
        timings["seed_demo --scale small"] = time.perf_counter() - started
        data = generate(url, orders, options.vendors, options.seed, say)
        timings.update(data.pop("timings"))
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        timings["VACUUM ANALYZE"] = time.perf_counter() - started
        data["timings"] = timings
        store_meta(url, {**wanted, "data": data, "rebuild": None, "transparency": None})
        meta = stored_meta(url)
        for step, seconds in timings.items():
            say(f"  {step:<32} {seconds:8.1f} s")
    else:
        say(f"Reusing {database_name(orders)}: {orders:,} orders already loaded")
        migrated = manage(url, "migrate", "--no-input", "--verbosity", "0")
        if migrated.returncode:
            raise RuntimeError(f"migrate failed: {migrated.stderr.decode()[-2000:]}")
    fingerprint = transparency_fingerprint()
    if meta.get("transparency") != fingerprint or not meta.get("rebuild"):
        say("  manage.py stats_rebuild …")
        rebuild = measured_child(url, "stats_rebuild")
        if rebuild["exit"]:
            raise RuntimeError(f"stats_rebuild failed: {rebuild['output']}")
        with psycopg.connect(url, autocommit=True) as connection:
            # As autovacuum would soon after: the rebuild replaced every row.
            connection.execute(
                "VACUUM ANALYZE transparency_dailytotals, transparency_countedorder,"
                " transparency_monthlytotals, transparency_categorytotals,"
                " transparency_opdtotals, transparency_paymentdays, transparency_vendortotals,"
                " transparency_vendoryeartotals"
            )
        store_meta(url, {"rebuild": rebuild, "transparency": fingerprint})
        meta = stored_meta(url)
    rebuild = meta["rebuild"]
    say(
        f"  stats_rebuild: {rebuild['seconds']:.1f} s, peak RSS {rebuild['peak_rss_mb']:.0f} MB"
        f" ({rebuild['output'].strip().splitlines()[-1] if rebuild['output'].strip() else ''})"
    )
    return {
        "url": url,
        "data": meta["data"],
        "rebuild": rebuild,
        "tables": table_rows(url),
    }


def table_rows(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]  # noqa: S608
            for table in (
                "orders_order",
                "orders_orderline",
                "payments_payment",
                "transparency_dailytotals",
                "transparency_countedorder",
            )
        }


# --- HTTP ----------------------------------------------------------------------------------


def endpoints(year: int) -> list[tuple[str, str, bool]]:
    """(label, path, optional): optional routes are skipped when they answer 404."""
    summary = "/api/v1/stats/summary"
    return [
        ("stats/summary", summary, False),
        ("stats/summary?year", f"{summary}?year={year}", False),
        ("stats/summary?kab_kota", f"{summary}?kab_kota={KAB_KOTA}", False),
        ("stats/summary?channel=all", f"{summary}?channel=all", False),
        (
            "stats/summary?year&kab_kota&channel=all",
            f"{summary}?year={year}&kab_kota={KAB_KOTA}&channel=all",
            False,
        ),
        ("/transparansi/", "/transparansi/", False),
        ("/transparansi/?year&kab_kota", f"/transparansi/?year={year}&kab_kota={KAB_KOTA}", False),
        (f"/transparansi/unduh/{CSV_TABLE}.csv", f"/transparansi/unduh/{CSV_TABLE}.csv", False),
        ("transactions", "/api/v1/transactions", True),
        (
            "transactions?kab_kota&year",
            f"/api/v1/transactions?kab_kota={KAB_KOTA}&year={year}",
            True,
        ),
        ("/transparansi/transaksi/", "/transparansi/transaksi/", True),
        ("open-data/ocds/releases.json", "/api/v1/open-data/ocds/releases.json", True),
    ]


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    return response.status, 1000 * (time.perf_counter() - started), len(body)


def measure_http(url: str, options: argparse.Namespace) -> dict[str, Any]:
    from bench.order_http import Server

    year = last_year()
    results: dict[str, Any] = {}
    with Server(url, WORKERS, "sync", 1) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        for label, path, optional in endpoints(year):
            status, _ms, _size = _get(connection, path)
            if optional and status == 404:
                results[label] = {"path": path, "skipped": "not available in this tree"}
                say(f"  {label:<44} not available in this tree")
                continue
            for _ in range(options.warmup):
                _get(connection, path)
            timings, statuses, size = [], set(), 0
            deadline = time.monotonic() + options.budget
            for _ in range(options.requests):
                status, ms, size = _get(connection, path)
                timings.append(ms)
                statuses.add(status)
                if time.monotonic() > deadline:
                    break
            figures = {"path": path, "statuses": sorted(statuses), "bytes": size}
            figures.update(latency(timings))
            results[label] = figures
            say(
                f"  {label:<44} n={figures['n']:>4} p50 {figures['p50']:7.1f} p95"
                f" {figures['p95']:7.1f} max {figures['max']:7.1f} ms  {sorted(statuses)}"
            )
        connection.close()
    return results


# --- running totals ---------------------------------------------------------------------


def django_setup(url: str) -> None:
    """Django on `url` in this process (the recount; bench/order_http.py's server)."""
    os.environ["DATABASE_URL"] = url
    os.environ["BLANGKON_ENV"] = "test"
    os.environ["DEBUG"] = "false"  # DEBUG would keep every query in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def recount_cost(moves: int) -> dict[str, Any]:
    """order_recount's time per move on Django's database, every move rolled back."""
    from django.db import transaction
    from django.utils import timezone

    from blangkon.orders.models import Order
    from blangkon.transparency.aggregation import order_recount

    third = max(1, moves // 3)
    kinds = {
        # A counted order cancelled: its contribution leaves the totals.
        "counted → dibatalkan": ("selesai", "dibatalkan", False),
        # A waiting order signed by the PPK: it joins them.
        "menunggu_persetujuan → menunggu_konfirmasi": (
            "menunggu_persetujuan",
            "menunggu_konfirmasi",
            True,
        ),
        # A paid order completed: counted before and after, nothing to write.
        "dibayar → selesai": ("dibayar", "selesai", False),
    }
    results: dict[str, Any] = {}
    every: list[float] = []
    for label, (source, target, sign) in kinds.items():
        ids = list(
            Order.objects.filter(status=source)
            .order_by("id")
            .values_list("id", flat=True)[::97][:third]
        )
        timings = []
        for order_id in ids:
            with transaction.atomic():
                changes: dict[str, Any] = {"status": target}
                if sign:
                    changes["approved_at"] = timezone.now()
                Order.objects.filter(pk=order_id).update(**changes)
                started = time.perf_counter()
                order_recount(order_id)
                timings.append(1000 * (time.perf_counter() - started))
                transaction.set_rollback(True)
        every += timings
        results[label] = latency(timings)
        say(
            f"  {label:<44} n={len(timings):>4} p50 {results[label]['p50']:6.2f}"
            f" p95 {results[label]['p95']:6.2f} max {results[label]['max']:6.2f} ms"
        )
    results["all"] = latency(every)
    return results


# --- OCDS ------------------------------------------------------------------------------------


def count_in_file(path: Path, needle: bytes) -> int:
    """Occurrences of `needle` in a file of any size, read in chunks."""
    found, tail = 0, b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            found += window.count(needle)
            # Keep what could begin a match cut by the chunk's end, never a whole one.
            tail = window[-(len(needle) - 1) :] if len(needle) > 1 else b""
            found -= tail.count(needle)
    return found


def ocds_export(url: str) -> dict[str, Any]:
    if manage(url, "help", "ocds_export").returncode:
        say("  OCDS export: not available in this tree")
        return {"available": False}
    with tempfile.TemporaryDirectory(prefix="blangkon-ocds-") as folder:
        output = Path(folder) / "releases.json"
        run = measured_child(url, "ocds_export", "--output", str(output))
        size = output.stat().st_size if output.exists() else 0
        releases = count_in_file(output, b'"ocid"') if size else 0
    result = {
        "available": True,
        "exit": run["exit"],
        "seconds": run["seconds"],
        "peak_rss_mb": run["peak_rss_mb"],
        "bytes": size,
        "releases": releases,
        "releases_per_second": releases / run["seconds"] if run["seconds"] else 0.0,
        "output": run["output"][-500:],
    }
    say(
        f"  OCDS export: exit {run['exit']}, {run['seconds']:.1f} s, {releases:,} releases"
        f" ({result['releases_per_second']:,.0f}/s), {size / 2**20:,.0f} MB,"
        f" peak RSS {run['peak_rss_mb']:.0f} MB"
    )
    return result


# --- report ------------------------------------------------------------------------------------


def machine(url: str) -> dict[str, Any]:
    cpu, memory = cpu_and_memory()
    with psycopg.connect(url) as connection:
        settings = {
            name: connection.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("server_version", "shared_buffers", "work_mem")
        }
    return {
        "cpu": cpu,
        "nproc": len(os.sched_getaffinity(0)),
        "memory": memory,
        "python": platform.python_version(),
        "postgres": settings["server_version"].split()[0],
        "pg_settings": f"shared_buffers {settings['shared_buffers']}, "
        f"work_mem {settings['work_mem']}",
        "load": os.getloadavg()[0],
    }


def _recount_lines(result: dict[str, Any], largest: str) -> list[str]:
    recount = result.get("recount") or {}
    if not recount:
        return []
    lines = [
        "",
        f"Running totals at {int(largest):,} orders: `aggregation.order_recount` per move "
        "(each in its own transaction, rolled back; the move itself not counted):",
        "",
        "| Move | n | p50 / p95 / max |",
        "|---|---|---|",
    ]
    for move, figures in recount.items():
        lines.append(
            f"| {move} | {figures['n']} | {figures['p50']:.2f} / {figures['p95']:.2f} / "
            f"{figures['max']:.2f} ms |"
        )
    return lines


def _ocds_lines(result: dict[str, Any], largest: str) -> list[str]:
    ocds = result.get("ocds") or {}
    if not ocds.get("available"):
        return ["", "OCDS export: not available in this tree."]
    return [
        "",
        f"OCDS export (`manage.py ocds_export --output FILE`, all {int(largest):,} orders"
        f"{', the run of ' + ocds['from'] if ocds.get('from') else ''}): "
        f"exit {ocds['exit']}, {ocds['seconds']:,.1f} s, {ocds['releases']:,} releases "
        f"({ocds['releases_per_second']:,.0f} per second), {ocds['bytes'] / 2**20:,.0f} MB, "
        f"peak RSS of the child {ocds['peak_rss_mb']:,.0f} MB.",
    ]


def render_doc(result: dict[str, Any]) -> str:
    m = result["machine"]
    sizes = result["sizes"]
    labels = sorted(sizes, key=int)
    largest = sizes[labels[-1]]
    data = largest["data"]
    lines = [
        "## Transparency: statistics and open data at 1,000,000 orders",
        "",
        "`make bench-stats` (part of `make bench`) runs `bench/stats.py`: each size in a database "
        "of its own, loaded in bulk SQL (`bench/stats_data.py`: `seed_demo --scale small`, then "
        "all 35 kab/kota joined with 12 OPDs each, "
        f"{data['counts']['vendors']:,} vendors with {data['counts']['products']:,} products, "
        "and the orders of 2021–2026 with their lines, invoices and payments: most done, some "
        "cancelled, declined or timed out, the last weeks in every state), then "
        "`manage.py stats_rebuild`. Requests go over HTTP to gunicorn (`config.wsgi`, "
        f"{WORKERS} sync workers, DEBUG off, 127.0.0.1), one client on a keep-alive connection, "
        f"{result['warmup']} warm-up requests then {result['requests']} timed ones per URL, "
        "latency client side to the last byte. The year is "
        f"{result['year']}, the kab/kota Kota Semarang ({KAB_KOTA}).",
        "",
        f"Measured on {result['date']} on {m['cpu']}, `nproc` = {m['nproc']}, {m['memory']} RAM, "
        f"Python {m['python']}, PostgreSQL {m['postgres']} ({m['pg_settings']}); load average "
        f"{m['load']:.2f} at the start (a machine shared with other work).",
        "",
        "| Size | Load (migrate, seed, bulk SQL, search index) | stats_rebuild |"
        " Orders / lines / payments | DailyTotals rows |",
        "|---|---|---|---|---|",
    ]
    for label in labels:
        s = sizes[label]
        load = sum(s["data"]["timings"].values())
        t = s["tables"]
        lines.append(
            f"| {int(label):,} orders | {load:,.0f} s | {s['rebuild']['seconds']:,.1f} s, peak RSS "
            f"{s['rebuild']['peak_rss_mb']:,.0f} MB | {t['orders_order']:,} / "
            f"{t['orders_orderline']:,} / {t['payments_payment']:,} | "
            f"{t['transparency_dailytotals']:,} |"
        )
    head = " | ".join(f"{int(label):,} orders: p50 / p95 / max" for label in labels)
    lines += ["", f"| Request | {head} |", "|---|" + "---|" * len(labels)]
    for request in largest["http"]:
        cells = []
        for label in labels:
            figures = sizes[label]["http"].get(request, {})
            if "skipped" in figures or not figures:
                cells.append("not in this tree")
            else:
                bad = [s for s in figures["statuses"] if s != 200]
                mark = f" (HTTP {bad})" if bad else ""
                cells.append(
                    f"{figures['p50']:.1f} / {figures['p95']:.1f} / {figures['max']:.1f} ms{mark}"
                )
        lines.append(f"| `{request}` | {' | '.join(cells)} |")
    verdicts = []
    for request, figures in largest["http"].items():
        if request.startswith(("stats/summary", "/transparansi/")) and "p95" in figures:
            verdicts.append(figures["p95"] <= TARGET_P95_MS)
    goal = "met" if verdicts and all(verdicts) else "NOT met"
    lines += [
        "",
        f"Goal: the summary and the dashboard at p95 ≤ {TARGET_P95_MS:.0f} ms at a million "
        f"orders: **{goal}**.",
    ]
    lines += _recount_lines(result, labels[-1])
    lines += _ocds_lines(result, labels[-1])
    for note in result.get("notes", []):
        lines += ["", note]  # findings written into the results file by hand, kept on rewrites
    lines.append("")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--vendors", type=int, default=DEFAULT_VENDORS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--regenerate", action="store_true", help="reload even when the data fits")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per URL first")
    parser.add_argument("--budget", type=float, default=120.0, help="most seconds per URL")
    parser.add_argument("--moves", type=int, default=1_000, help="order moves recounted")
    parser.add_argument("--no-ocds", action="store_true", help="skip the OCDS export")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--docs-only", action="store_true", help="rewrite the docs from results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    if options.docs_only:
        write_section("transparency", render_doc(json.loads(RESULTS.read_text())))
        return 0
    sizes = sorted(options.sizes)
    result: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "year": last_year(),
        "requests": options.requests,
        "warmup": options.warmup,
        "seed": options.seed,
        "sizes": {},
    }
    urls = {}
    for orders in sizes:
        prepared = prepare(orders, options)
        urls[orders] = prepared.pop("url")
        result["sizes"][str(orders)] = prepared
    result["machine"] = machine(urls[sizes[-1]])
    django_setup(urls[sizes[-1]])
    for orders in sizes:
        say(f"HTTP at {orders:,} orders (p50 / p95 / max, client side):")
        result["sizes"][str(orders)]["http"] = measure_http(urls[orders], options)
    # Findings written into the results file by hand stay; so does the last
    # OCDS export when this run skips it (its line says from when).
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    result["notes"] = previous.get("notes", [])
    if not options.no_ocds:
        say(f"OCDS export at {sizes[-1]:,} orders:")
        result["ocds"] = ocds_export(urls[sizes[-1]])
    elif previous.get("ocds"):
        result["ocds"] = {"from": previous["date"], **previous["ocds"]}
    say(f"order_recount at {sizes[-1]:,} orders:")
    result["recount"] = recount_cost(options.moves)
    if not options.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        write_section("transparency", render_doc(result))
        say(f"Wrote {RESULTS.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
