"""An auditor reads the audit log as sentences and narrows it with the filters
(HTMX swaps the rows), on a desktop and on a 360-pixel phone."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from blangkon.accounts import services
from conftest import PASSWORD, TRANSACTIONAL, World
from tests.browser.test_role_homes import sign_in

VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_auditor_filters_the_log_by_organisation_and_kind(
    page: Page, live_server, world: World, artifacts: Path, viewport: str
) -> None:
    services.opd_create(actor=world.user("admin.batang"), pemda_id=world.batang.pk, name="Dinas A")
    services.opd_create(actor=world.user("admin.kendal"), pemda_id=world.kendal.pk, name="Dinas B")
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, live_server.url, "auditor.provinsi", PASSWORD)
    page.goto(f"{live_server.url}/audit/")
    rows = page.locator("#audit-rows")
    expect(rows).to_contain_text("Admin kab/kota (Admin Uji) menambahkan OPD Dinas A.")
    expect(rows).to_contain_text("Dinas B")

    page.get_by_label("Organisasi").fill("Dinas A")
    page.get_by_label("Jenis tindakan").select_option(label="OPD dan pemda")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(rows).not_to_contain_text("Dinas B")
    expect(rows).to_contain_text("1 peristiwa")
    expect(rows).to_contain_text("menambahkan OPD Dinas A")
    # The filter is in the address, to share, and the export links carry it.
    assert parse_qs(urlsplit(page.url).query)["organisation"] == ["Dinas A"]
    csv_link = page.get_by_role("link", name="Ekspor ke CSV").get_attribute("href") or ""
    assert parse_qs(urlsplit(csv_link).query)["kind"] == ["organisations"]

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"], f"the audit log is {width}px wide"
    page.screenshot(path=str(artifacts / f"audit-log-{viewport}.png"), full_page=True)
