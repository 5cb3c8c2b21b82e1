"""The ordering load in one process, without a server (`bench/orders.py --wsgi`):
one buyer's requests, the same as over HTTP (`order_http.HttpClient`), handed
straight to the product's WSGI application, and what each step costs.

Why: on a shared 2-core machine the HTTP load's throughput moves by a quarter
from one hour to the next, more than most code changes move it. One client in
one process, measured per request, is steady enough to compare two versions of
the code run alternately (`--wsgi` in two checkouts, one after the other, twice
each): its figures are this process's CPU (Python: the middleware, the API,
the services, the ORM, psycopg), the CPU of the PostgreSQL backend serving its
connection (from /proc, so only on the same machine), and the statements,
per step.

The settings are the served ones (`development`: tasks queued for the worker,
DEBUG off); the connection and its prepared statements persist as under
gunicorn, for the whole run instead of CONN_MAX_AGE's minute.
"""

import io
import os
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.order_http import API, HttpBuyer, HttpClient, Transport
from bench.order_load import BenchWorld

TICKS = os.sysconf("SC_CLK_TCK")


class WsgiTransport:
    """Requests handed to the WSGI application in this thread."""

    def __init__(self) -> None:
        from django.core.wsgi import get_wsgi_application

        self.application = get_wsgi_application()

    def request(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in headers.items():
            key = name.upper().replace("-", "_")
            environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
        answered: list[str] = []

        def start_response(status: str, _headers: Any, _exc_info: Any = None) -> Any:
            answered.append(status)
            return lambda _data: None

        result = self.application(environ, start_response)
        try:
            data = b"".join(result)
        finally:
            result.close()  # request_finished: as a server does after the answer
        return int(answered[0].split(" ", 1)[0]), data

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        return self.request("POST", path, body, headers)

    def close(self) -> None:
        pass


def backend_cpu() -> tuple[int, float]:
    """The PostgreSQL backend behind Django's connection: its pid and CPU seconds."""
    from django.db import connection

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return pid, (int(fields[11]) + int(fields[12])) / TICKS


class Meter:
    """Per step: calls, this process's CPU, the backend's CPU, statements."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.python: dict[str, float] = defaultdict(float)
        self.postgres: dict[str, float] = defaultdict(float)
        self.statements: Counter[str] = Counter()
        self.reconnects = 0  # requests whose backend changed: PostgreSQL's CPU not counted
        self.step = ""

    def count_statement(self, execute: Any, sql: str, params: Any, many: bool, ctx: Any) -> Any:
        self.statements[self.step] += 1
        return execute(sql, params, many, ctx)

    def measure(self, step: str, call: Any) -> Any:
        self.step = step
        python, (backend, postgres) = time.process_time(), backend_cpu()
        try:
            return call()
        finally:
            self.calls[step] += 1
            self.python[step] += time.process_time() - python
            after, spent = backend_cpu()
            if after == backend:
                self.postgres[step] += spent - postgres
            else:
                self.reconnects += 1


class MeteredTransport:
    """A transport whose every request is measured under the client's current step."""

    def __init__(self, inner: WsgiTransport, meter: Meter) -> None:
        self.inner = inner
        self.meter = meter
        self.step = "?"

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        return self.meter.measure(self.step, lambda: self.inner.post(path, body, headers))

    def close(self) -> None:
        self.inner.close()


class WsgiClient(HttpClient):
    """The HTTP benchmark's buyer, its requests going to the WSGI application."""

    def __init__(
        self, world: BenchWorld, buyer: HttpBuyer, seed: int, transport: MeteredTransport
    ) -> None:
        super().__init__(world, buyer, 0, seed, port=0)
        self.metered = transport
        self.transport: Transport = transport

    def _timed(self, step: str, token: str, path: str, body: dict[str, Any], key: str) -> Any:
        self.metered.step = step
        return super()._timed(step, token, path, body, key)


def run(world: BenchWorld, buyer: HttpBuyer, *, orders: int, seed: int, reads: int) -> dict:
    """`orders` orders by one client, then `reads` reads of one of its orders."""
    from django.db import connection

    meter = Meter()
    inner = WsgiTransport()
    client = WsgiClient(world, buyer, seed, MeteredTransport(inner, meter))
    # One backend for the whole run: a connection older than CONN_MAX_AGE is
    # replaced between two requests, and the new backend's CPU would be
    # subtracted from the old one's.
    max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = None
    connection.close_at = None  # the open connection's own deadline
    try:
        with connection.execute_wrapper(meter.count_statement):
            tally = client.run(orders=orders, until=None)
            _read_one(inner, meter, buyer, reads)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = max_age
    steps = {
        step: {
            "calls": calls,
            "python_ms": 1000 * meter.python[step] / calls,
            "postgres_ms": 1000 * meter.postgres[step] / calls,
            "statements": meter.statements[step] / calls,
        }
        for step, calls in sorted(meter.calls.items())
    }
    ordering = [step for step in steps if step != "GET one order"]
    return {
        "orders": orders,
        "signed": tally.signed,
        "errors": tally.errors,
        "reconnects": meter.reconnects,
        "outcomes": {f"{step}: {outcome}": n for (step, outcome), n in tally.outcomes.items()},
        "steps": steps,
        "per_signed_sp": {
            "requests": sum(meter.calls[step] for step in ordering) / max(1, tally.signed),
            "python_ms": 1000 * sum(meter.python[s] for s in ordering) / max(1, tally.signed),
            "postgres_ms": 1000 * sum(meter.postgres[s] for s in ordering) / max(1, tally.signed),
        },
    }


def _read_one(inner: WsgiTransport, meter: Meter, buyer: HttpBuyer, reads: int) -> None:
    """The smallest authenticated request of the API: the PP reads its first order."""
    path = f"{API}/orders/{_first_order(buyer)}"
    headers = {"Authorization": f"Bearer {buyer.pp_token}"}
    for _ in range(reads):
        meter.measure("GET one order", lambda: inner.request("GET", path, b"", headers))


def _first_order(buyer: HttpBuyer) -> int:
    from blangkon.orders.models import Order

    order_id = (
        Order.objects.filter(delivery_address_id=buyer.address_id)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    assert order_id is not None, "the client created no order"
    return order_id


def report(result: dict) -> str:
    lines = [
        f"{result['orders']} orders by one client over the WSGI application, "
        f"{result['signed']} signed",
        "",
        "| Step | Calls | Python ms | PostgreSQL ms | Statements |",
        "|---|---|---|---|---|",
    ]
    for step, figures in result["steps"].items():
        lines.append(
            f"| {step} | {figures['calls']} | {figures['python_ms']:.1f} "
            f"| {figures['postgres_ms']:.1f} | {figures['statements']:.1f} |"
        )
    per = result["per_signed_sp"]
    lines += [
        "",
        f"Per signed SP: {per['requests']:.2f} requests, {per['python_ms']:.1f} ms of Python, "
        f"{per['postgres_ms']:.1f} ms of PostgreSQL",
    ]
    if result["reconnects"]:
        reconnected = result["reconnects"]
        lines.append(f"PostgreSQL's CPU not counted for {reconnected} requests (reconnected)")
    for error in result["errors"]:
        lines.append(f"Error: {error}")
    return "\n".join(lines)
