"""Every paginated page refuses a page number out of bounds with the 400
page, in Bahasa Indonesia, naming the page number; within bounds, a number
past the data shows the last page."""

from collections.abc import Callable

import pytest
from django.test import Client

from blangkon.accounts.models import User
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, make_product

PAGES = [
    ("/produk/saya/", "pemilik.vendor"),
    ("/produk/kurasi/", "admin.batang"),
    ("/audit/", "auditor.provinsi"),
    ("/penyedia/{vendor}/toko/", None),
]


@pytest.mark.parametrize(("path", "username"), PAGES)
@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("0", "Halaman dimulai dari 1"),
        ("dua", "Masukkan nomor halaman"),
        (str(2**63), "Hanya 201 halaman pertama"),
    ],
)
def test_a_page_number_out_of_bounds_gets_the_400_page(
    client_for: Callable[[User], Client],
    client: Client,
    market: Market,
    path: str,
    username: str | None,
    number: str,
    says: str,
) -> None:
    make_product(market, ProductStatus.TAYANG)
    browser = client_for(market.user(username)) if username else client
    if "{vendor}" in path:
        # The storefront lists at most 500 products, 48 a page: 11 pages.
        path = path.format(vendor=market.batang_vendor.pk)
        says = says.replace("201", "209")
    response = browser.get(f"{path}?page={number}")
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert "Traceback" not in page


@pytest.mark.parametrize(("path", "username"), PAGES)
def test_a_page_number_past_the_data_shows_the_last_page(
    client_for: Callable[[User], Client],
    client: Client,
    market: Market,
    path: str,
    username: str | None,
) -> None:
    browser = client_for(market.user(username)) if username else client
    response = browser.get(f"{path.format(vendor=market.batang_vendor.pk)}?page=201")
    assert response.status_code == 200
