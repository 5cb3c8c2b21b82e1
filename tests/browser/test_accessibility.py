"""axe-core (WCAG 2.1 A and AA) on every main page of every demo role, on a
desktop and on a 360-pixel phone, with a full-page screenshot of each.

One test per role: the demo data is seeded once for the role (seeding is most
of the cost), then each of its main pages is opened on both viewports. The
test fails on any serious or critical violation of any of them, and names
every page, viewport, rule, element and help page at once. Whatever axe found,
blocking or not, is written next to the screenshot:

    test-artifacts/screenshots/<role>/<page>-<viewport>.png
    test-artifacts/axe/<role>/<page>-<viewport>.json
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import TRANSACTIONAL
from tests.browser.axe import axe_scan, blocking, report, save_json, violations_from
from tests.browser.demo_session import seed_demo, sign_in_as
from tests.browser.main_pages import ROLES, VIEWPORTS, DemoRole, MainPage

pytestmark = [pytest.mark.browser, TRANSACTIONAL]


def scan(
    page: Page, base_url: str, artifacts: Path, role: DemoRole, main_page: MainPage, viewport: str
) -> str | None:
    """Open one page at one viewport, keep its screenshot and axe's findings,
    and return the report of its blocking violations (None when there are none)."""
    page.set_viewport_size(VIEWPORTS[viewport])
    path = main_page.open(page, base_url)
    name = f"{main_page.name}-{viewport}"
    page.screenshot(path=str(artifacts / "screenshots" / role.slug / f"{name}.png"), full_page=True)
    raw = axe_scan(page)
    save_json(artifacts / "axe" / role.slug / f"{name}.json", path, raw)
    serious = blocking(violations_from(raw))
    if not serious:
        return None
    return report(f"{role.slug} {main_page.name} ({path}) on {viewport}", serious)


@pytest.mark.parametrize("role", ROLES, ids=[role.slug for role in ROLES])
def test_no_main_page_of_a_role_has_a_serious_accessibility_violation(
    page: Page, live_server, artifacts: Path, role: DemoRole
) -> None:
    seed_demo()
    if role.username is not None:
        sign_in_as(page, live_server.url, role.username)

    reports = [
        found
        for main_page in role.pages
        for viewport in VIEWPORTS
        if (found := scan(page, live_server.url, artifacts, role, main_page, viewport))
    ]

    assert not reports, "\n\n".join(reports)


def test_the_harness_fails_a_page_with_an_image_without_alternative_text(page: Page) -> None:
    page.set_content(
        '<!doctype html><html lang="id"><title>Uji</title>'
        '<main><h1>Uji</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>'
    )
    serious = blocking(violations_from(axe_scan(page)))

    assert [violation.rule for violation in serious] == ["image-alt"]
    assert "image-alt" in report("a page", serious)
    assert "https://dequeuniversity.com/rules/axe/" in report("a page", serious)
