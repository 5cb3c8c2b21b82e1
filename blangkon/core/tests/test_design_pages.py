"""The designed error pages and the living style page, through the real URLconf."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.accounts.models import User
from conftest import World


@pytest.mark.parametrize(
    ("language", "heading", "step", "search"),
    [
        ("id", "Halaman tidak ditemukan", "Periksa alamatnya", "Cari produk"),
        ("en", "Page not found", "Check the address", "Search products"),
    ],
)
def test_a_missing_page_helps_the_visitor_on_in_their_language(
    client: Client, db: None, language: str, heading: str, step: str, search: str
) -> None:
    client.cookies["django_language"] = language
    response = client.get("/tidak/ada/")
    page = response.content.decode()
    assert response.status_code == 404
    assert heading in page
    assert step in page
    # A search box into the catalog and the way home.
    assert 'action="/katalog/"' in page
    assert search in page
    assert 'href="/"' in page


def test_a_refused_page_says_so_and_offers_the_way_on(
    client_for: Callable[[User], Client], world: World
) -> None:
    response = client_for(world.user("pemilik.vendor")).get(reverse("style-guide"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in page
    assert "Galat 403" in page
    assert reverse("accounts:home") in page


def test_the_server_error_page_needs_no_request(client: Client, db: None) -> None:
    from blangkon.core.views import server_error

    request = client.get("/").wsgi_request
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in page
    assert 'action="/katalog/"' in page


def test_the_style_page_asks_anonymous_visitors_to_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse("style-guide"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_style_page_shows_every_component_with_its_markup(
    client_for: Callable[[User], Client], world: World
) -> None:
    page = client_for(world.user("admin.batang")).get(reverse("style-guide")).content.decode()
    for component in (
        'class="button"',
        "button-secondary",
        "button-danger",
        "alert-error",
        "badge-warning",
        "empty-state",
        "stat-tiles",
        "table-stack",
        "error-summary",
        "checklist",
        "thumb-placeholder",
        "gallery",
        "action-bar",
        "drawer",
    ):
        assert f"{component}" in page, component
    # The markup is shown escaped beside the rendered example.
    assert "&lt;table class=&quot;table-stack&quot;&gt;" in page
    assert "Panduan gaya" in page


@pytest.mark.parametrize(("name", "linked"), [("admin.provinsi", True), ("ppk.batang", False)])
def test_only_the_platforms_owner_is_offered_the_style_guide_in_the_footer(
    client_for: Callable[[User], Client], world: World, name: str, linked: bool
) -> None:
    """It shows how pages are built: for whoever runs the product, not for
    the officials buying through it (the page itself stays open to them)."""
    home = client_for(world.user(name)).get("/").content.decode()
    assert (f'href="{reverse("style-guide")}"' in home) is linked
