"""The benchmarks' own databases, on the server of DATABASE_URL (or the
embedded PostgreSQL), so development data is never touched."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def database_url(database: str) -> str:
    """DATABASE_URL (or the embedded server's) with the database renamed."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        from blangkon.core.embedded_db import embedded_database_url

        url = embedded_database_url(Path(os.environ.get("BLANGKON_VAR_DIR", ROOT / "var")))
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def recreate_database(url: str) -> float:
    """Drop and create the database of `url`, then migrate it; seconds taken."""
    started = time.perf_counter()
    database = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    env = dict(os.environ, DATABASE_URL=url, BLANGKON_ENV="test")
    subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - started
