"""Benchmark: ordering under load, 50 buyers at once (`make bench-orders`).

Method:

1. Data. Its own database, `blangkon_orders_bench`, on the server of
   DATABASE_URL (or the embedded PostgreSQL), dropped, created and migrated
   at every run: the load changes stock and fills the order tables, so a
   second run must not start from the first one's leftovers. The world is
   built through the services and the tests' way of creating organisations
   (bench/order_load.py): 4 kab/kota with 3 OPDs each (a PPK and a delivery
   address per OPD), one PP per client spread over the OPDs, `--vendors` (20)
   verified vendors with live products in 4 categories, 4 "hot" products of
   40 units.
2. Load over HTTP (the default, bench/order_http.py): gunicorn serves
   config.wsgi on a free port of 127.0.0.1 (`--workers`, 2 × cores + 1), every
   PP and PPK gets an API token, and `--clients` buyers (50), threads spread
   over `--processes` processes, each on one keep-alive connection, order for
   `--seconds` (60) or `--orders` each: POST /api/v1/orders (a draft) →
   /submit by the PP → /approve by the OPD's PPK, each with a fresh
   Idempotency-Key. Meanwhile a sampler reads pg_stat_activity ten times a
   second (who waits on which lock) and the CPU of gunicorn's workers and of
   the database's backends.
   In-process (`--in-process`): each buyer a thread with its own PostgreSQL
   connection calling the services: cart_add → checkout → order_submit →
   order_approve, each move behind idempotency.once() with a fresh key.
   Both use bench/order_load.py's adversarial mix.
   After an HTTP load, while gunicorn still runs, the smallest requests are
   measured on it (a 401 without token; one order read by its PP: gunicorn's
   CPU per request), and then the work the requests queued for the
   background worker (SP documents, mails, red-flag refreshes) is run by one
   `manage.py db_worker --batch` and its CPU counted per signed SP.
3. Figures. Signed SPs/s and drafts (checkouts)/s over the wall clock of the
   load (until the last client finished its order in flight), client-side
   latency per step (p50/p95/p99), refusals by code (over HTTP: by status and
   code), CPU per request and per signed SP (HTTP), statements per step and
   time spent in the lock statements (in-process), and the invariants checked
   from the database afterwards.

Prints the figures, writes bench/results/orders.json and the `bench:orders`
section of docs/performance.md.
"""

import argparse
import dataclasses
import datetime
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import database_url, recreate_database  # noqa: E402
from bench.machine import cpu_and_memory  # noqa: E402
from bench.report import DOC, write_section  # noqa: E402

DATABASE = "blangkon_orders_bench"
RESULTS = ROOT / "bench" / "results"
TARGET_SIGNED_PER_SECOND = 200
DEFAULT_SECONDS = 60.0
DEFAULT_CLIENTS = 50
DEFAULT_VENDORS = 20
DEFAULT_SEED = 20261205


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def django_setup(url: str, profile: str = "test") -> None:
    """Django on the benchmark's database: the `test` profile runs tasks at
    once; `development`, as `make run` serves, queues them for the worker."""
    os.environ["DATABASE_URL"] = url
    os.environ["BLANGKON_ENV"] = profile  # no production secrets either way
    os.environ["DEBUG"] = "false"  # DEBUG would keep every query in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _process(arguments: tuple[Any, ...]) -> tuple[Any, float, float]:
    """One process's share of the clients (run after a fork): its tally, when
    it ended, and the CPU seconds it used."""
    from bench.order_load import run_clients

    world, indexes, seed, orders_each, seconds, start_at = arguments
    tally = run_clients(
        world, indexes, seed=seed, orders_each=orders_each, seconds=seconds, start_at=start_at
    )
    return tally, time.time(), _own_cpu()


def _http_process(arguments: tuple[Any, ...]) -> tuple[Any, float, float]:
    """One process's share of the HTTP clients (run after a fork; no ORM)."""
    from bench.order_http import run_http_clients

    world, buyers, port, indexes, seed, orders_each, seconds, start_at = arguments
    tally = run_http_clients(
        world,
        buyers,
        indexes,
        port=port,
        seed=seed,
        orders_each=orders_each,
        seconds=seconds,
        start_at=start_at,
    )
    return tally, time.time(), _own_cpu()


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def server_facts() -> dict[str, str]:
    from django.db import connection

    facts = {}
    with connection.cursor() as cursor:
        for name in ("server_version", "shared_buffers", "max_connections", "synchronous_commit"):
            cursor.execute(f"SHOW {name}")
            facts[name] = cursor.fetchone()[0]
    return facts


def database_counts() -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count

    from blangkon.orders.models import Order, OrderFlag

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT deadlocks, xact_commit, xact_rollback FROM pg_stat_database"
            " WHERE datname = current_database()"
        )
        deadlocks, commits, rollbacks = cursor.fetchone()
    return {
        "orders_by_status": dict(
            Order.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        ),
        "flags_by_kind": dict(
            OrderFlag.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
        ),
        "deadlocks": deadlocks,
        "commits": commits,
        "rollbacks": rollbacks,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    url = database_url(DATABASE)
    load_before = os.getloadavg()[0]
    migrate_seconds = recreate_database(url)
    django_setup(url)
    from django.db import connections

    from bench.order_load import Size, Tally, build_world, check_invariants

    size = Size(clients=args.clients, vendors=args.vendors)
    started = time.perf_counter()
    world = build_world(size)
    world_seconds = time.perf_counter() - started
    say(
        f"Database created and migrated in {migrate_seconds:.1f} s, world built in "
        f"{world_seconds:.1f} s"
    )
    connections.close_all()  # a forked process must not share the parent's connection

    processes = max(1, min(args.processes, args.clients))
    shares = [list(range(args.clients))[number::processes] for number in range(processes)]
    orders_each = args.orders or None
    seconds = None if orders_each else args.seconds
    say(
        f"{args.clients} clients in {processes} processes, "
        + ("over HTTP, " if args.http else "in-process, ")
        + (f"{orders_each} orders each" if orders_each else f"{seconds:.0f} s")
    )
    total = Tally()
    finished: list[float] = []
    client_cpu = 0.0
    server: dict[str, Any] = {}
    floors: list[dict[str, Any]] = []
    deferred: dict[str, Any] = {}

    def load(function: Any, jobs: list[tuple[Any, ...]]) -> None:
        nonlocal client_cpu
        with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("fork")) as pool:
            for tally, ended, cpu in pool.map(function, jobs):
                total.merge(tally)
                finished.append(ended)
                client_cpu += cpu

    if args.http:
        from bench.order_http import Sampler, Server, drain_queue, issue_tokens, request_floor

        buyers = issue_tokens(world)
        connections.close_all()
        with Server(url, args.workers, args.worker_class, args.threads) as gunicorn:
            sampler = Sampler(url, gunicorn)
            start_at = time.time() + 1.0 + 0.02 * args.clients
            common = (world, buyers, gunicorn.port)
            jobs = [(*common, share, args.seed, orders_each, seconds, start_at) for share in shares]
            sampler.start()
            load(_http_process, jobs)
            sampler.stop.set()
            sampler.join()
            first_order = _an_order_of(world.buyers[0].pp_id)
            floors = request_floor(gunicorn, buyers[0].pp_token, first_order)
        server = _server_figures(args, sampler.usage)
        deferred = drain_queue(url)
    else:
        start_at = time.time() + 2.0 + 0.05 * args.clients  # every process connected by then
        plain = [(world, share, args.seed, orders_each, seconds, start_at) for share in shares]
        load(_process, plain)
    wall = max(finished) - start_at

    invariants = check_invariants(world)
    facts = dict(server_facts(), **database_counts())
    cpu, memory = cpu_and_memory()
    steps = {}
    for step, values in sorted(total.latency.items()):
        refusals = {code: n for (name, code), n in total.outcomes.items() if name == step}
        steps[step] = {
            "count": len(values),
            "p50_ms": 1000 * percentile(values, 0.50),
            "p95_ms": 1000 * percentile(values, 0.95),
            "p99_ms": 1000 * percentile(values, 0.99),
            "queries_per_call": total.queries[step] / len(values),
            "outcomes": dict(sorted(refusals.items())),
        }
    step_seconds = sum(sum(values) for values in total.latency.values())
    return {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "machine": {
            "cpu": cpu,
            "nproc": len(os.sched_getaffinity(0)),
            "memory": memory,
            "python": platform.python_version(),
            "load_before": load_before,
            "load_after": os.getloadavg()[0],
        },
        "server": facts,
        "clients": args.clients,
        "processes": processes,
        "seed": args.seed,
        "size": dataclasses.asdict(size),
        "products": len(world.initial_stock),
        "setup_seconds": {"migrate": migrate_seconds, "world": world_seconds},
        "wall_seconds": wall,
        "attempts": total.attempts,
        "checkouts": total.checkouts,
        "signed": total.signed,
        "checkouts_per_second": total.checkouts / wall,
        "signed_per_second": total.signed / wall,
        "errors": total.errors[:10],
        "replays": total.replays,
        "replay_mismatches": total.replay_mismatches,
        "steps": steps,
        "sql_client_seconds": dict(sorted(total.sql_seconds.items(), key=lambda item: -item[1])),
        "step_client_seconds": step_seconds,
        "mode": "http" if args.http else "in-process",
        "http": server,
        "floors": floors,
        "deferred": deferred,
        "client_cpu_seconds": client_cpu,
        "invariants": {
            "over_ceiling": invariants.over_ceiling,
            "oversold": invariants.oversold,
            "unflagged_splits": invariants.unflagged_splits,
            "duplicates": invariants.duplicates,
            "details": invariants.details[:20],
        },
    }


def _an_order_of(pp_id: int) -> int:
    from django.db import connections

    from blangkon.orders.models import Order

    order_id = Order.objects.filter(created_by_id=pp_id).values_list("id", flat=True).first()
    connections.close_all()
    assert order_id is not None, "the first client created no order"
    return order_id


def _server_figures(args: argparse.Namespace, usage: Any) -> dict[str, Any]:
    return {
        "workers": args.workers,
        "worker_class": args.worker_class,
        "threads": args.threads,
        "gunicorn_cpu_seconds": usage.gunicorn_cpu,
        "postgres_cpu_seconds": usage.postgres_cpu,
        "analyze_every_seconds": usage.analyze_every,
        "analyze_runs": usage.analyze_runs,
        "analyze_cpu_seconds": usage.analyze_cpu,
        "machine_busy_seconds": usage.machine_busy,
        "machine_total_seconds": usage.machine_total,
        "samples": usage.samples,
        "backend_seconds": dict(sorted(usage.backend_seconds.items(), key=lambda kv: -kv[1])),
    }


def _headline_rows(result: dict[str, Any]) -> list[str]:
    signed, wall = result["signed_per_second"], result["wall_seconds"]
    verdict = "reached" if signed >= TARGET_SIGNED_PER_SECOND else "NOT reached"
    checkouts = f"{result['checkouts']:,} of {result['attempts']:,} attempts"
    replays = f"{result['replays']:,} ({result['replay_mismatches']} answered differently)"
    created = "Drafts created" if result["mode"] == "http" else "Checkouts"
    return [
        f"| Signed SPs per second | **{signed:.1f}** ({result['signed']:,} in {wall:.1f} s)"
        f" | ≥ {TARGET_SIGNED_PER_SECOND} ({verdict}) |",
        f"| {created} per second | {result['checkouts_per_second']:.1f} ({checkouts}) | |",
        f"| Replayed requests | {replays} | 0 answered differently |",
        f"| Deadlocks (pg_stat_database) | {result['server']['deadlocks']} | 0 |",
    ]


def _step_rows(result: dict[str, Any]) -> list[str]:
    rows = []
    http = result["mode"] == "http"
    for step, figures in result["steps"].items():
        outcomes = ", ".join(f"{code} {n:,}" for code, n in figures["outcomes"].items())
        statements = "" if http else f" {figures['queries_per_call']:.1f} |"
        rows.append(
            f"| {step} | {figures['count']:,} | {figures['p50_ms']:.0f} / {figures['p95_ms']:.0f}"
            f" / {figures['p99_ms']:.0f} |{statements} {outcomes} |"
        )
    return rows


def _lock_rows(result: dict[str, Any]) -> list[str]:
    total = result["step_client_seconds"]
    rows = []
    for kind, seconds in list(result["sql_client_seconds"].items())[:8]:
        rows.append(f"| {kind} | {seconds:,.1f} | {100 * seconds / total:.0f} % |")
    return rows


def _cpu_rows(result: dict[str, Any]) -> list[str]:
    http, signed = result["http"], max(1, result["signed"])
    requests = max(1, sum(figures["count"] for figures in result["steps"].values()))
    rows = []
    for label, seconds in (
        (f"gunicorn workers ({http['workers']} × {http['worker_class']})", "gunicorn"),
        ("PostgreSQL backends of the benchmark's database", "postgres"),
        ("the HTTP clients (this script)", "clients"),
    ):
        spent = (
            result["client_cpu_seconds"] if seconds == "clients" else http[f"{seconds}_cpu_seconds"]
        )
        rows.append(
            f"| {label} | {spent:,.1f} | {1000 * spent / requests:.1f} |"
            f" {1000 * spent / signed:.0f} |"
        )
    busy = http["machine_busy_seconds"]
    rows.append(
        f"| the whole machine (every process, other work too) | {busy:,.1f} of"
        f" {http['machine_total_seconds']:,.1f} | | {1000 * busy / signed:.0f} |"
    )
    return rows


def _wait_rows(result: dict[str, Any]) -> list[str]:
    http = result["http"]
    wall = max(0.1, http["samples"] * 0.1)
    total = max(0.1, sum(http["backend_seconds"].values()))
    return [
        f"| {kind} | {seconds:,.1f} | {seconds / wall:.1f} | {100 * seconds / total:.0f} % |"
        for kind, seconds in http["backend_seconds"].items()
    ]


def _method(result: dict[str, Any], hot: str) -> str:
    mix = f"""The mix is adversarial (bench/order_load.py): 45 % of the orders want
one of {hot} (the stock runs out), most others go to two busy vendors so
OPD–vendor–category sums pass the ceiling (the PPK justifies half of the `split_suspected`
refusals), 20 % are laptops ordered near, at or above Rp50 juta, and 5 % of the requests are
sent again with the same key."""
    if result["mode"] == "http":
        http = result["http"]
        return f"""`make bench-orders` (part of `make bench`) runs `bench/orders.py`:
{result["clients"]} buyers at once over HTTP against gunicorn (`config.wsgi`,
{http["workers"]} {http["worker_class"]} workers, DEBUG off, on 127.0.0.1), the clients being
threads in {result["processes"]} processes, each with its PP's API token on one keep-alive
connection (a sync worker closes it after each answer: the client opens another), on a fresh
database of its own (`blangkon_orders_bench`). Each order is
`POST /api/v1/orders` (a draft) → `/submit` by the PP → `/approve` by the OPD's PPK with the
PPK's token (the SP signature takes the stock), every request with a fresh `Idempotency-Key`.
Every {http["analyze_every_seconds"]:.0f} s the sampler analyses the tables the load writes,
standing in for autovacuum, which would first look after a minute: without it the statements
were planned for the empty tables the run starts with ({http["analyze_runs"]} runs,
{http["analyze_cpu_seconds"]:.1f} CPU-seconds, counted with PostgreSQL's). {mix}"""
    return f"""`bench/orders.py --in-process` runs without HTTP: {result["clients"]} buyers at
once, each a thread with its own PostgreSQL connection ({result["processes"]} processes), on a
fresh database of its own (`blangkon_orders_bench`). Each order is `cart_add` → `checkout` →
`order_submit` → `order_approve` by the OPD's PPK (the SP signature takes the stock), every move
behind `idempotency.once()`. {mix}"""


def _deferred(result: dict[str, Any]) -> str:
    deferred, signed = result["deferred"], max(1, result["signed"])
    if not deferred:
        return ""
    rows = "\n".join(f"| `{task}` | {n:,} |" for task, n in deferred["queued"].items())
    during = result["http"]["machine_busy_seconds"]
    after = deferred["machine_busy_seconds"]
    return f"""
Work the requests left to the background worker, run after the load by one `manage.py
db_worker --batch` with nothing else running (as `make run`'s worker runs it; {deferred["failed"]}
failed, {deferred["left"]} left):

| Task queued during the load | Tasks |
|---|---|
{rows}

It took {deferred["seconds"]:.1f} s, {deferred["worker_cpu_seconds"]:.1f} CPU-seconds in the
worker and {after:.1f} on the whole machine: **{1000 * after / signed:.0f} ms per signed SP**
on top of the {1000 * during / signed:.0f} ms the requests took, so
{1000 * (during + after) / signed:.0f} ms of machine CPU per signed SP in all.
"""


def _floors(result: dict[str, Any]) -> str:
    if not result["floors"]:
        return ""
    rows = "\n".join(
        f"| {floor['request']} | {floor['per_second']:,.0f} | {floor['gunicorn_ms']:.2f} |"
        for floor in result["floors"]
    )
    nproc = result["machine"]["nproc"]
    budget = 1000 * nproc / TARGET_SIGNED_PER_SECOND
    return f"""
The smallest requests on the same server right after the load (10 client threads for 10 s
each, gunicorn's CPU per request; a signed SP needs at least three requests, and {nproc} cores
at {TARGET_SIGNED_PER_SECOND} signed SPs a second leave {budget:.0f} ms of CPU for all three,
PostgreSQL's and the clients' included):

| Request | Requests per second | gunicorn CPU, ms per request |
|---|---|---|
{rows}
"""


def _where_time_goes(result: dict[str, Any]) -> str:
    if result["mode"] == "http":
        return f"""CPU used during the load (/proc; the last column divides by the signed SPs):

| Process | CPU seconds | ms per request | ms per signed SP |
|---|---|---|---|
{chr(10).join(_cpu_rows(result))}
{_deferred(result)}{_floors(result)}

What the benchmark database's backends were doing, sampled ten times a second from
`pg_stat_activity` (backend-seconds summed over the samples; "waiting" is a lock wait, by the
statement that waits):

| Backend state | Backend-seconds | Average backends | Share |
|---|---|---|---|
{chr(10).join(_wait_rows(result))}
"""
    return f"""Where the clients' time goes ({result["step_client_seconds"]:,.1f} client-seconds
inside the steps): seconds spent in each kind of statement, summed over the clients (the lock
statements are mostly waiting for another transaction; the rest of a step is Python and the
round trips counted above).

| Statement | Client-seconds | Share of the steps' time |
|---|---|---|
{chr(10).join(_lock_rows(result))}
"""


def section(result: dict[str, Any]) -> str:
    machine, server, size = result["machine"], result["server"], result["size"]
    opds = size["kab_kota"] * size["opds_per_kab_kota"]
    hot = f"{size['hot_products']} products of {size['hot_stock']} units"
    world = (
        f"{opds} OPDs in {size['kab_kota']} kab/kota, {result['clients']} PPs, {opds} PPKs,"
        f" {size['vendors']} vendors, {result['products']} live products"
    )
    checks = result["invariants"]
    invariant_rows = "\n".join(
        f"| {label} | **{checks[key]}** |"
        for key, label in (
            ("over_ceiling", "signed orders over the ceiling of their rules version"),
            ("oversold", "oversold products (below 0, or stock taken ≠ signed lines)"),
            ("unflagged_splits", "splits above the ceiling without a `split_justified` flag"),
            ("duplicates", "duplicates from replayed idempotency keys"),
        )
    )
    statuses = ", ".join(f"{status} {n:,}" for status, n in server["orders_by_status"].items())
    flags = ", ".join(f"{kind} {n:,}" for kind, n in server["flags_by_kind"].items())
    if result["mode"] == "http":
        step_head = "| Step | Requests | p50 / p95 / p99, ms | Answers |\n|---|---|---|---|"
    else:
        step_head = (
            "| Step | Calls | p50 / p95 / p99, ms | Statements per call | Outcomes |\n"
            "|---|---|---|---|---|"
        )
    return f"""## Ordering under load

{_method(result, hot)} Set-up: migrate {result["setup_seconds"]["migrate"]:.1f} s, world
({world}, through the services)
{result["setup_seconds"]["world"]:.1f} s.

Measured on {result["date"]} on {machine["cpu"]}, `nproc` = {machine["nproc"]}, {machine["memory"]}
RAM, Python {machine["python"]}, PostgreSQL {server["server_version"]} (shared_buffers
{server["shared_buffers"]}, synchronous_commit {server["synchronous_commit"]}); load average
{machine["load_before"]:.2f} before the run, {machine["load_after"]:.2f} after (a shared machine).

| | Result | Goal |
|---|---|---|
{chr(10).join(_headline_rows(result))}

{step_head}
{chr(10).join(_step_rows(result))}

Orders at the end: {statuses}. Flags: {flags}.

Invariants, checked from the database after the load (`check_invariants`):

| Invariant | Violations |
|---|---|
{invariant_rows}

{_where_time_goes(result)}
"""


def profile(orders: int, seed: int) -> None:
    """One client in this process, under cProfile, each statement timed: where
    an order's time goes without any other client to wait for."""
    import cProfile
    import pstats
    import re
    from collections import Counter, defaultdict

    from django.db import connection

    from bench.order_load import Client, Size, build_world

    world = build_world(Size(clients=1))
    count: Counter[str] = Counter()
    seconds: dict[str, float] = defaultdict(float)

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            shape = re.sub(r"\b\d+\b", "N", sql)[:160]
            count[shape] += 1
            seconds[shape] += time.perf_counter() - started

    client = Client(world, 0, seed)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(watch):
        profiler.enable()
        client.run(orders=orders, until=None)
        profiler.disable()
    elapsed = time.perf_counter() - started
    say(f"{orders} orders by one client in {elapsed:.1f} s, {sum(count.values())} statements")
    for shape, spent in sorted(seconds.items(), key=lambda item: -item[1])[:25]:
        say(f"{1000 * spent:8.0f} ms {count[shape]:5}× {shape}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"blangkon|django/db", 45)


def wsgi(args: argparse.Namespace) -> None:
    """One client, in this process, over the WSGI application (bench/order_wsgi.py)."""
    url = database_url(DATABASE)
    recreate_database(url)
    django_setup(url, profile="development")
    from bench.order_http import issue_tokens
    from bench.order_load import Size, build_world
    from bench.order_wsgi import report
    from bench.order_wsgi import run as run_wsgi

    world = build_world(Size(clients=1, vendors=args.vendors))
    buyer = issue_tokens(world)[0]
    result = run_wsgi(world, buyer, orders=args.orders or 150, seed=args.seed, reads=args.reads)
    say(report(result))
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "orders-wsgi.json").write_text(json.dumps(result, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=DEFAULT_CLIENTS)
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS)
    parser.add_argument("--orders", type=int, default=0, help="orders per client instead of time")
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--vendors", type=int, default=DEFAULT_VENDORS)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--http", dest="http", action="store_true", default=True, help="over gunicorn (default)"
    )
    mode.add_argument(
        "--in-process", dest="http", action="store_false", help="the services called directly"
    )
    parser.add_argument("--workers", type=int, default=2 * len(os.sched_getaffinity(0)) + 1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--profile", action="store_true", help="one client, profiled")
    parser.add_argument(
        "--wsgi",
        action="store_true",
        help="one client over the WSGI application in this process: CPU and statements per step",
    )
    parser.add_argument("--reads", type=int, default=200, help="--wsgi: order reads after")
    args = parser.parse_args()
    if args.wsgi:
        wsgi(args)
        return
    if args.profile:
        url = database_url(DATABASE)
        recreate_database(url)
        django_setup(url)
        profile(args.orders or 50, args.seed)
        return
    result = run(args)
    text = section(result)
    say(text)
    for error in result["errors"]:
        say(f"Error: {error}")
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "orders.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
        write_section("orders", text)
        say(f"Wrote {DOC.relative_to(ROOT)} and bench/results/orders.json")


if __name__ == "__main__":
    main()
