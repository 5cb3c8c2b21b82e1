"""Forms that say everything at once, in a real browser: the category brings its
units and required specifications, one submit lists every problem with links
that put the focus on the field, the delivery checklist filters as one types,
and a chosen password survives a validation error.

Texts are the Indonesian ones (the default language); fields are found by name.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from conftest import PASSWORD, TRANSACTIONAL

pytestmark = [pytest.mark.browser, TRANSACTIONAL]

__all__ = ["market"]  # the fixture, imported for these tests


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def test_the_product_form_shows_the_category_rules_and_every_error_at_once(
    page: Page, live_server, market: Market, artifacts: Path
) -> None:
    # SKU ATK-001, delivered to Batang and Kendal: "all my kab/kota".
    existing = make_product(market, data=atk_input(coverage_codes=("33.25", "33.24")))
    sign_in(page, live_server.url, "pemilik.vendor")
    page.goto(f"{live_server.url}/produk/saya/baru/")

    # Before a category: no unit is picked, only the prompt.
    expect(page.locator("[name=unit] option")).to_have_count(1)
    expect(page.locator("[name=unit] option")).to_have_text("Pilih kategori dulu")
    expect(page.locator("[name=spec_ukuran]")).to_have_count(0)

    # Choosing the category swaps in its units and its required specifications.
    page.locator("[name=category]").select_option("kertas-bahan-cetak")
    expect(page.locator("[name=spec_gramatur]")).to_be_visible()
    expect(page.locator("[name=unit] option")).to_have_count(4)
    expect(page.locator("#category-fields")).to_contain_text("wajib")
    page.locator("[name=unit]").select_option("rim")
    page.locator("[name=spec_ukuran]").fill("A4")

    # The delivery checklist filters as one types, and the shortcut ticks all.
    items = page.locator("[data-checklist-item]")
    expect(items).to_have_count(35)
    page.get_by_label("Cari kab/kota").fill("kendal")
    expect(page.locator("[data-checklist-item]:visible")).to_have_count(1)
    expect(page.locator("[data-checklist-item]:visible")).to_contain_text("Kendal")
    page.get_by_label("Cari kab/kota").fill("")
    expect(page.locator("[data-checklist-item]:visible")).to_have_count(35)
    page.get_by_role("button", name="Seluruh Jawa Tengah").click()
    expect(page.locator("[name=coverage]:checked")).to_have_count(35)
    page.get_by_role("button", name="Semua kab/kota saya").click()
    expect(page.locator("[name=coverage]:checked")).to_have_count(2)  # Batang and Kendal

    # One submit: a duplicate SKU, a missing specification, no stock.
    page.locator("[name=name]").fill("Kertas HVS A4 80 gsm")
    page.locator("[name=sku]").fill(existing.sku)
    page.locator("[name=price]").fill("52.000")
    page.get_by_role("button", name="Simpan").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("h2")).to_be_focused()
    hrefs = summary.locator("a").evaluate_all("links => links.map(link => link.hash)")
    assert sorted(hrefs) == ["#id_sku", "#id_spec_gramatur", "#id_stock"]
    summary.locator("a[href='#id_spec_gramatur']").click()
    expect(page.locator("#id_spec_gramatur")).to_be_focused()
    summary.locator("a[href='#id_stock']").click()
    expect(page.locator("#id_stock")).to_be_focused()
    # What was typed stays.
    expect(page.locator("[name=spec_ukuran]")).to_have_value("A4")
    page.screenshot(path=str(artifacts / "forms-product-errors.png"), full_page=True)
    assert Product.objects.count() == 1


def test_a_category_chosen_before_htmx_is_ready_still_brings_its_units(
    page: Page, live_server, market: Market
) -> None:
    """On a slow phone the vendor may choose before HTMX has set itself up."""
    sign_in(page, live_server.url, "pemilik.vendor")
    held: list[Route] = []
    page.route(re.compile(r"htmx\.min\.js"), lambda route: held.append(route))  # held back
    page.goto(f"{live_server.url}/produk/saya/baru/", wait_until="commit")
    page.locator("[name=category]").select_option("kertas-bahan-cetak")
    expect(page.locator("[name=unit] option")).to_have_count(1)  # nothing has asked yet

    while not held:  # the script was asked for in <head>; its handler runs on the next wait
        page.wait_for_timeout(20)
    held[0].continue_()
    expect(page.locator("[name=unit] option")).to_have_count(4)
    expect(page.locator("[name=spec_gramatur]")).to_be_visible()


def test_a_chosen_password_survives_a_validation_error(page: Page, live_server, world) -> None:
    page.goto(f"{live_server.url}/penyedia/daftar/")
    page.locator("[name=kind][value=perorangan]").check()
    page.locator("[name=name]").fill("Katering Bu Siti")
    page.locator("[name=kab_kota]").select_option("33.25")
    page.locator("[name=full_name]").fill("Siti Aminah")
    page.locator("[name=username]").fill("siti.katering")
    page.locator("[name=email]").fill("bukan-email")
    page.locator("[name=password]").fill("Katering-Batang-1990")
    page.locator("[name=password_again]").fill("Katering-Batang-1990")
    page.get_by_role("button", name=re.compile("Buat akun")).click()

    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator("[name=password]")).to_have_value("Katering-Batang-1990")
    expect(page.locator("[name=password_again]")).to_have_value("Katering-Batang-1990")
    page.locator("[data-error-summary] a[href='#id_email']").click()
    expect(page.locator("#id_email")).to_be_focused()
