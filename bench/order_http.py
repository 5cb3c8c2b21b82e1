"""The ordering benchmark over HTTP: gunicorn serving the product's API, the
buyers as HTTP clients with bearer tokens, and what the server side spends.

- `Server` starts gunicorn as `make run` does (config.wsgi, DEBUG off, the
  development profile: tasks go to the database queue) on a free port of
  127.0.0.1, against the benchmark's database.
- `issue_tokens` gives every PP and PPK of the world an API token through
  `api_token_issue` (the clients send `Authorization: Bearer …`).
- `HttpClient` is one buyer on one keep-alive connection (`http.client`; a
  sync worker closes it after each answer and the client opens another):
  `POST /api/v1/orders` (a DRAFT), `/submit` by the PP, `/approve` by the
  OPD's PPK, each with a fresh `Idempotency-Key`; about 5 % of the requests
  are sent again with the same key and must get the same answer. The mix of
  what is ordered is the in-process one (`order_load.pick_lines`).
- `Sampler` looks at the benchmark database's backends ten times a second
  (pg_stat_activity, as the owner, who sees every statement): what the
  waiting ones wait on, classified like the in-process statement timer,
  and the CPU time of every backend and gunicorn worker (/proc).

Imported after Django is set up (bench/orders.py); the client processes are
forked from the benchmark and never touch the ORM.
"""

import datetime
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import psycopg

from bench.order_load import JUSTIFY_SHARE, REPLAY_SHARE, BenchWorld, Tally, _sql_kind, pick_lines

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.1
API = "/api/v1"


@dataclass(frozen=True)
class HttpBuyer:
    """One client: the PP's token, the PPK's token (shared by the OPD's PPs), the address."""

    pp_token: str
    ppk_token: str
    address_id: int


def issue_tokens(world: BenchWorld) -> list[HttpBuyer]:
    """An API token for every PP and one for each PPK, through the service."""
    from blangkon.accounts.models import User
    from blangkon.accounts.services import api_token_issue

    tokens: dict[int, str] = {}

    def token(user_id: int) -> str:
        if user_id not in tokens:
            tokens[user_id] = api_token_issue(user=User.objects.get(pk=user_id))[1]
        return tokens[user_id]

    return [
        HttpBuyer(token(buyer.pp_id), token(buyer.ppk_id), buyer.address_id)
        for buyer in world.buyers
    ]


# --- the server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn serving config.wsgi on 127.0.0.1:<free port> until stopped."""

    def __init__(self, database_url: str, workers: int, worker_class: str, threads: int) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        env = dict(os.environ, DATABASE_URL=self.database_url, DEBUG="false")
        env["BLANGKON_ENV"] = "development"  # as `make run`: tasks queued, not run inline
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--backlog",
            "2048",
            "--no-control-socket",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command)
            command, cwd=ROOT, env=env, preexec_fn=_die_with_parent
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        """Until every worker has booted: the API answers (401 without a token)."""
        deadline = time.monotonic() + 180  # workers boot slowly on a busy machine
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", f"{API}/orders")
                connection.getresponse().read()
                connection.close()
                if len(self.worker_pids()) >= self.workers:
                    time.sleep(1.0)  # the last worker finishes loading the URLconf
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 180 s")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        return children(self.process.pid)

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _die_with_parent() -> None:
    """gunicorn gets SIGTERM when the benchmark dies, even killed (Linux's
    PR_SET_PDEATHSIG), instead of serving on as an orphan."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process so far, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


# --- the sampler ------------------------------------------------------------------------

# autovacuum analyses a table once 50 rows and a tenth of it have changed, and
# looks once a minute (autovacuum_naptime). The benchmark's tables grow from
# nothing to thousands of rows within its minute, so without help its
# statements were planned for empty tables: the splitting sum walked every
# line of a category through a nested loop (14 ms instead of 0.6), and those
# plans took two thirds of PostgreSQL's CPU. A database in service has months
# of rows and statistics that describe them; the sampler stands in for
# autovacuum by analysing the tables the load writes every ANALYZE_SECONDS,
# and its CPU for that is counted with the backends'.
ANALYZE_SECONDS = 10.0
WRITTEN_TABLES = (
    "orders_order",
    "orders_orderline",
    "orders_orderflag",
    "orders_orderstatuschange",
    "orders_idempotencykey",
    "catalog_product",
    "notifications_notification",
    "audit_auditevent",
    "transparency_countedorder",
    "transparency_dailytotals",
    "red_flags_redflag",
    "django_tasks_database_dbtaskresult",
)

BACKENDS = """
SELECT pid, state, wait_event_type, query FROM pg_stat_activity
WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


def _waiting_on(query: str) -> str:
    """The in-process mode's kinds of statement; any other by verb and table."""
    kind = _sql_kind(query)
    if " " in kind:
        return kind
    table = re.search(r'(?:INTO|FROM|UPDATE)\s+"(\w+)"', query)
    return f"{kind} {table.group(1)}" if table else kind


def _state(state: str | None, wait: str | None, query: str) -> str | None:
    if state == "active":
        if wait == "Lock":
            return f"waiting: {_waiting_on(query)}"
        return "running a statement (CPU or I/O)"
    if state == "idle in transaction":
        return "idle in transaction (the worker's Python between statements)"
    return None


@dataclass
class Usage:
    """What the server side did during the load."""

    backend_seconds: dict[str, float] = field(default_factory=dict)  # by state, summed
    samples: int = 0
    postgres_cpu: float = 0.0  # the ANALYZE runs' included
    analyze_every: float = ANALYZE_SECONDS
    analyze_cpu: float = 0.0
    analyze_runs: int = 0
    gunicorn_cpu: float = 0.0
    machine_busy: float = 0.0
    machine_total: float = 0.0


class Sampler(threading.Thread):
    """Samples the benchmark database's backends and the processes' CPU until stopped."""

    def __init__(self, owner_url: str, server: Server) -> None:
        super().__init__(daemon=True)
        self.owner_url = owner_url
        self.server = server
        self.stop = threading.Event()
        self.usage = Usage()
        self.first: dict[int, float] = {}  # pid → CPU seconds when first seen
        self.last: dict[int, float] = {}
        self.workers: dict[int, float] = {}

    def run(self) -> None:
        busy, total = machine_busy()
        self.workers = {pid: cpu_seconds(pid) or 0.0 for pid in self.server.worker_pids()}
        with psycopg.connect(self.owner_url, autocommit=True) as connection:
            own = connection.execute("SELECT pg_backend_pid()").fetchone()
            assert own is not None
            self._analyze(connection, own[0])
            analysed = time.monotonic()
            self._backends(connection, first=True)
            while not self.stop.wait(SAMPLE_SECONDS):
                self._backends(connection, first=False)
                if time.monotonic() - analysed >= ANALYZE_SECONDS:
                    self._analyze(connection, own[0])
                    analysed = time.monotonic()
        now_busy, now_total = machine_busy()
        self.usage.machine_busy, self.usage.machine_total = now_busy - busy, now_total - total
        self.usage.postgres_cpu = self.usage.analyze_cpu + sum(
            spent - self.first.get(pid, 0.0) for pid, spent in self.last.items()
        )
        self.usage.gunicorn_cpu = sum(
            (cpu_seconds(pid) or 0.0) - before for pid, before in self.workers.items()
        )

    def _analyze(self, connection: psycopg.Connection[Any], own_pid: int) -> None:
        before = cpu_seconds(own_pid) or 0.0
        connection.execute(f"ANALYZE {', '.join(WRITTEN_TABLES)}")
        self.usage.analyze_cpu += (cpu_seconds(own_pid) or 0.0) - before
        self.usage.analyze_runs += 1

    def _backends(self, connection: psycopg.Connection[Any], *, first: bool) -> None:
        rows = connection.execute(BACKENDS).fetchall()
        for pid, state, wait, query in rows:
            spent = cpu_seconds(pid)
            if spent is None:
                continue
            if first:
                self.first[pid] = spent
            self.last[pid] = spent
            if not first:
                kind = _state(state, wait, query or "")
                if kind:
                    seconds = self.usage.backend_seconds.get(kind, 0.0) + SAMPLE_SECONDS
                    self.usage.backend_seconds[kind] = seconds
        if not first:
            self.usage.samples += 1


# --- the clients ---------------------------------------------------------------------------


class Transport(Protocol):
    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]: ...

    def close(self) -> None: ...


class HttpTransport:
    """POSTs on one keep-alive connection to the server on 127.0.0.1:`port`."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.connection.request("POST", path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed meanwhile: once
                # more on a new one (the key makes a resend harmless).
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


class HttpClient:
    """One buyer ordering over the API in a loop, through its transport (over
    HTTP, its own connection; bench/order_wsgi.py swaps in the WSGI application)."""

    def __init__(
        self, world: BenchWorld, buyer: HttpBuyer, index: int, seed: int, port: int
    ) -> None:
        self.world = world
        self.buyer = buyer
        self.rng = random.Random(seed * 1000 + index)  # noqa: S311 (a reproducible mix)
        self.transport: Transport = HttpTransport(port)
        self.tally = Tally()
        # A week ahead: after "today" in Asia/Jakarta whatever the UTC date.
        today = datetime.datetime.now(datetime.UTC).date()
        self.arrival = (today + datetime.timedelta(days=7)).isoformat()

    def _send(self, token: str, path: str, body: dict[str, Any], key: str) -> tuple[int, Any]:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        status, data = self.transport.post(f"{API}{path}", json.dumps(body).encode(), headers)
        return status, json.loads(data) if data else None

    def _timed(self, step: str, token: str, path: str, body: dict[str, Any], key: str) -> Any:
        started = time.perf_counter()
        try:
            status, answer = self._send(token, path, body, key)
        except (OSError, http.client.HTTPException) as error:
            status, answer = 0, {"code": type(error).__name__}
            if len(self.tally.errors) < 5:
                self.tally.errors.append(f"{step}: {error!r}")
        self.tally.latency.setdefault(step, []).append(time.perf_counter() - started)
        if 200 <= status < 300:
            outcome = "ok"
        else:
            code = answer.get("code", "?") if isinstance(answer, dict) else "?"
            outcome = f"{status} {code}"
            if status >= 500 and len(self.tally.errors) < 5:
                self.tally.errors.append(f"{step}: HTTP {status} {answer!r}"[:300])
        self.tally.outcomes[(step, outcome)] += 1
        return outcome, answer

    def _once(self, step: str, token: str, path: str, body: dict[str, Any]) -> tuple[str, Any]:
        """A request with a fresh key; about 5 % are sent again with the same
        key, which must get the first answer (a refusal stored nothing)."""
        key = uuid.uuid4().hex
        outcome, answer = self._timed(step, token, path, body, key)
        if self.rng.random() < REPLAY_SHARE:
            self.tally.replays += 1
            again, repeated = self._timed(f"{step} (replayed)", token, path, body, key)
            if outcome == "ok" and (again != "ok" or repeated != answer):
                self.tally.replay_mismatches += 1
        return outcome, answer

    def order_once(self) -> None:
        self.tally.attempts += 1
        lines = pick_lines(self.rng, self.world)
        draft = {
            "lines": [{"product_id": item.product_id, "quantity": q} for item, q in lines],
            "delivery_address_id": self.buyer.address_id,
            "kode_rup": "12345678",
            "budget_line": "5.1.02.01.01.0024",
            "funding_source": "APBD",
            "requested_arrival": self.arrival,
            "accepted_prices": True,
        }
        outcome, order = self._once("create", self.buyer.pp_token, "/orders", draft)
        if outcome != "ok":
            return
        self.tally.checkouts += 1
        order_id = order["id"]
        outcome, _ = self._once("submit", self.buyer.pp_token, f"/orders/{order_id}/submit", {})
        if outcome != "ok":
            return
        approve = f"/orders/{order_id}/approve"
        outcome, _ = self._once("approve", self.buyer.ppk_token, approve, {})
        if outcome.endswith(" split_suspected") and self.rng.random() < JUSTIFY_SHARE:
            reason = {"split_justification": "Kebutuhan kegiatan yang berbeda, anggaran terpisah."}
            outcome, _ = self._once("approve_justified", self.buyer.ppk_token, approve, reason)
        self.tally.signed += outcome == "ok"

    def run(self, *, orders: int | None, until: float | None) -> Tally:
        try:
            while True:
                if orders is not None and self.tally.attempts >= orders:
                    break
                if until is not None and time.monotonic() >= until:
                    break
                self.order_once()
        finally:
            self.transport.close()
        return self.tally


def run_http_clients(
    world: BenchWorld,
    buyers: list[HttpBuyer],
    indexes: list[int],
    *,
    port: int,
    seed: int,
    orders_each: int | None,
    seconds: float | None,
    start_at: float,
) -> Tally:
    """The clients `indexes` as threads of this process, released at `start_at`."""
    tallies: list[Tally] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        worker = HttpClient(world, buyers[index], index, seed, port)
        time.sleep(max(0.0, start_at - time.time()))
        until = time.monotonic() + seconds if seconds is not None else None
        tally = worker.run(orders=orders_each, until=until)
        with lock:
            tallies.append(tally)

    threads = [threading.Thread(target=client, args=(index,)) for index in indexes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


# --- after the load ------------------------------------------------------------------------

QUEUED = """
SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult
WHERE status = 'READY' GROUP BY task_path ORDER BY count(*) DESC
"""


def drain_queue(database_url: str) -> dict[str, Any]:
    """Run what the requests left to the worker (the SP documents, the mails,
    the red-flag refreshes), as `make run`'s worker would, once the load is
    over: one `db_worker --batch` with nothing else running. Its CPU and the
    machine's (PostgreSQL's for the worker included) belong to the signed SPs
    as much as the requests' do."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        queued = {path.rsplit(".", 1)[-1]: n for path, n in connection.execute(QUEUED)}
    env = dict(os.environ, DATABASE_URL=database_url, DEBUG="false")
    env["BLANGKON_ENV"] = "development"  # the console mail backend: mails are printed, dropped
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    busy, _ = machine_busy()
    started = time.perf_counter()
    worker = subprocess.Popen(  # noqa: S603 (a fixed command)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, preexec_fn=_die_with_parent
    )
    _, status, usage = os.wait4(worker.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"db_worker --batch exited with {status}")
    with psycopg.connect(database_url, autocommit=True) as connection:
        left = connection.execute(QUEUED).fetchall()
        failed = connection.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
        ).fetchone()
    return {
        "queued": queued,
        "seconds": seconds,
        "worker_cpu_seconds": usage.ru_utime + usage.ru_stime,
        "machine_busy_seconds": machine_busy()[0] - busy,
        "left": sum(n for _, n in left),
        "failed": failed[0] if failed else 0,
    }


def request_floor(
    server: Server, token: str, order_id: int, *, seconds: float = 10.0, threads: int = 10
) -> list[dict[str, Any]]:
    """What the smallest requests cost on the same server: refused for want of
    a token (the middleware and the router alone), and one order read by its
    PP (a token, the order, its lines, history, flags): gunicorn's CPU per
    request, from client threads on keep-alive connections as in the load."""
    floors = []
    for label, path, bearer in (
        ("no token: 401", f"{API}/orders", None),
        ("GET one order by its PP", f"{API}/orders/{order_id}", token),
    ):
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        pids = server.worker_pids()
        before = sum(cpu_seconds(pid) or 0.0 for pid in pids)
        started = time.perf_counter()
        done = max(1, _hammer(server.port, path, headers, seconds=seconds, threads=threads))
        elapsed = time.perf_counter() - started
        spent = sum(cpu_seconds(pid) or 0.0 for pid in pids) - before
        floors.append(
            {
                "request": label,
                "requests": done,
                "per_second": done / elapsed,
                "gunicorn_ms": 1000 * spent / done,
            }
        )
    return floors


def _hammer(port: int, path: str, headers: dict[str, str], *, seconds: float, threads: int) -> int:
    """GET `path` from `threads` clients for `seconds`; the answers received."""
    counts: list[int] = []
    until = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        done = 0
        while time.monotonic() < until:
            try:
                connection.request("GET", path, headers=headers)
                connection.getresponse().read()
                done += 1
            except (OSError, http.client.HTTPException):
                connection.close()
        counts.append(done)
        connection.close()

    clients = [threading.Thread(target=client) for _ in range(threads)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    return sum(counts)
