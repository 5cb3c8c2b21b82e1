"""`make run` serves the demo with DEBUG off: a missing page answers with the
designed 404, never Django's technical page that lists the URL patterns.

The test reads the commands make would run (`make -n`), so it follows the
Makefile as it is: set DEBUG=true in the run target (or drop DEBUG=false, the
development default being on) and it fails."""

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(
    subprocess.run(["make", "--version"], capture_output=True, check=False).returncode != 0,
    reason="make is not installed",
)


def _command_of(target: str, program: str) -> list[str]:
    """The words of the command `make target` runs for `program`, with the
    variable assignments in front of it."""
    dry_run = subprocess.run(
        ["make", "-n", target, "UV=uv"],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    for line in dry_run.splitlines():
        for segment in line.replace("&", ";").split(";"):
            words = shlex.split(segment)
            if program in " ".join(words):
                return words
    raise AssertionError(f"`make {target}` runs no {program}:\n{dry_run}")


def _environment(**extra: str) -> dict[str, str]:
    """The caller's environment as a developer's shell would have it: no DEBUG,
    no test profile (make run uses the default, development)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "BLANGKON_ENV"}}
    return {**env, **extra}


def _assignments(words: list[str]) -> dict[str, str]:
    env = {}
    for word in words:
        name, equals, value = word.partition("=")
        if not equals or not name.isidentifier():
            break
        env[name] = value
    return env


def _debug_under(assignments: dict[str, str]) -> str:
    probe = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=_environment(DJANGO_SETTINGS_MODULE="config.settings", **assignments),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_serves_with_debug_off_and_make_dev_with_it_on() -> None:
    assert _debug_under(_assignments(_command_of("run", "gunicorn config.wsgi"))) == "False"
    assert _debug_under(_assignments(_command_of("dev", "manage.py runserver"))) == "True"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_server_make_run_starts_answers_a_missing_page_with_the_designed_404() -> None:
    words = _command_of("run", "gunicorn config.wsgi")
    env = _assignments(words)
    command = words[len(env) :]
    port = _free_port()
    # Bind a free port, one worker, and no control socket (a second server's).
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "1"
    socket_at = command.index("--control-socket")
    del command[socket_at : socket_at + 2]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=_environment(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        body, status = _get_when_up(f"http://127.0.0.1:{port}/tidak/ada/halaman/ini/", server)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert status == 404
    assert "Halaman tidak ditemukan" in body
    assert 'class="error-page"' in body
    assert "Using the URLconf" not in body  # Django's technical 404
    assert "/static/css/blangkon.css" in body


def _get_when_up(url: str, server: subprocess.Popen[bytes]) -> tuple[str, int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode() if server.stderr else "exited")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode(), response.status
        except urllib.error.HTTPError as error:
            return error.read().decode(), error.code
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the server did not answer within a minute")
