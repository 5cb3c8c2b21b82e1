import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.accounts.models import User
from conftest import World

ROOT = Path(__file__).resolve().parents[3]


def test_the_landing_page_is_indonesian_by_default(client: Client, world: World) -> None:
    page = client.get("/").content.decode()
    assert '<html lang="id">' in page
    assert "Masuk" in page
    assert "Kabupaten Batang" in page
    assert "24 Jan 2022" in page


def test_the_language_switch_turns_the_site_english_and_back(client: Client, world: World) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "24 Jan 2022" in page
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Masuk" in client.get("/").content.decode()


def test_unknown_urls_get_a_friendly_indonesian_404(client: Client, db: None) -> None:
    response = client.get("/tidak/ada/halaman/ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_security_headers_are_set(client: Client, db: None) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("username", "marker"),
    [
        ("pp.batang", "Pejabat Pengadaan"),
        ("ppk.batang", "Pejabat Pembuat Komitmen"),
        ("bendahara.batang", "Bendahara"),
        ("admin.opd.batang", "Admin OPD"),
        ("admin.batang", "Admin kab/kota"),
        ("admin.provinsi", "Admin provinsi"),
        ("auditor.provinsi", "Auditor"),
        ("pemilik.vendor", "Pemilik penyedia"),
        ("staf.vendor", "Staf penyedia"),
        ("pendamping.batang", "Pendamping"),
    ],
)
def test_each_role_has_its_own_home_page(
    client_for: Callable[[User], Client], world: World, username: str, marker: str
) -> None:
    user = world.user(username)
    page = client_for(user).get(reverse("accounts:home")).content.decode()
    assert marker in page
    assert user.organisation is not None
    assert user.organisation.name in page


def test_an_english_browser_still_gets_indonesian_pages_until_it_switches(
    client: Client, db: None
) -> None:
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="id">' in page


@pytest.mark.urls("blangkon.core.tests.urls_failing")
def test_a_crash_shows_a_friendly_page_without_the_traceback(client: Client, db: None) -> None:
    client.raise_request_exception = False
    page = client.get("/boom/")
    assert page.status_code == 500
    assert "Terjadi kesalahan" in page.content.decode()
    assert "secret internal detail" not in page.content.decode()
    api = client.get("/api/v1/boom/")
    assert api.status_code == 500
    assert api.json()["code"] == "server_error"
    assert "secret" not in api.content.decode()


def test_a_worker_loads_every_view_before_its_first_request() -> None:
    # gunicorn imports config.wsgi as each worker boots: the views (and the
    # libraries they import, openpyxl among them) are loaded there, not in
    # the first buyer's request, and kept out of the garbage collector's
    # full passes.
    probe = (
        "import gc, sys; import config.wsgi;"
        " print('blangkon.api.routers.bulk' in sys.modules, 'openpyxl' in sys.modules,"
        " gc.get_freeze_count() > 10000)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=dict(os.environ, BLANGKON_ENV="test"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
