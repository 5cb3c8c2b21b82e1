"""Pages answer a request Django refuses to read with the friendly error page
(400, or 413 when too large), in Bahasa Indonesia, and do so at once."""

import datetime
import logging

import pytest
from django.test import Client, override_settings

from blangkon.vendors.services import training_event_create
from conftest import World

TOO_MANY_FIELDS = "&".join(["a="] * 1001)


@pytest.mark.parametrize("debug", [False, True])
def test_a_page_query_with_too_many_fields_gets_the_400_page(
    client: Client, db: None, caplog: pytest.LogCaptureFixture, debug: bool
) -> None:
    # With DEBUG on, every middleware layer used to render Django's technical
    # page, which read the query string again and failed again: seconds of
    # work and a bare 500. The query string is now parsed once.
    with override_settings(DEBUG=debug), caplog.at_level(logging.ERROR, "django.security"):
        response = client.get(f"/katalog/?{TOO_MANY_FIELDS}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Terlalu banyak isian" in page
    assert "paling banyak 1000" in page
    assert "Traceback" not in page
    refusals = [r for r in caplog.records if r.name == "django.security.TooManyFieldsSent"]
    assert len(refusals) == 1


def test_a_form_with_too_many_fields_gets_the_400_page(client: Client, db: None) -> None:
    data = {f"field{i}": "x" for i in range(1001)}
    response = client.post("/akun/masuk/", data)
    assert response.status_code == 400
    assert "paling banyak 1000" in response.content.decode()


@override_settings(ALLOWED_HOSTS=["katalog.example.go.id"])
def test_a_host_name_not_served_gets_the_400_page(client: Client, db: None) -> None:
    response = client.get("/", headers={"Host": "lain.example.com"})
    assert response.status_code == 400
    assert "nama host" in response.content.decode()


def test_a_nul_character_in_a_page_lookup_is_dropped(client: Client, world: World) -> None:
    # The unit list of the product form and the training page's vendor search
    # looked things up with it: PostgreSQL refused the text, a 500. Pages drop
    # it, as the catalog search does.
    client.force_login(world.user("pemilik.vendor"))
    units = client.get("/produk/saya/satuan/?category=atk%00")
    assert units.status_code == 200
    options = units.content.decode()
    assert 'value="lusin"' in options  # the units of ATK, and only those
    assert 'value="kotak"' not in options
    admin = world.user("admin.batang")
    event = training_event_create(
        actor=admin, held_on=datetime.date(2026, 3, 10), place="Aula Dinkop", topic="Unggah produk"
    )
    client.force_login(admin)
    training = client.get(f"/penyedia/pelatihan/{event.pk}/?q=CV%00")
    assert training.status_code == 200
