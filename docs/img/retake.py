"""Retake the screenshots README.md shows, from the demo data.

    make run                  # in one terminal: the demo data on http://127.0.0.1:8000
    make screenshots          # in another: overwrites docs/img/*.png

or `uv run --frozen python docs/img/retake.py --base-url http://127.0.0.1:8000`.

Every image README.md references under docs/img/ must have a scene below (the
script refuses to run otherwise), so a new README image comes with the way
to retake it. Desktop scenes are one 1280×800 screen; phone scenes are the
whole page at 360 pixels wide. The demo accounts sign in through the real
sign-in page with the demo password (`manage.py seed_demo` prints both).
"""

import argparse
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, sync_playwright

IMG = Path(__file__).resolve().parent
README = IMG.parent.parent / "README.md"
DEMO_PASSWORD = "blangkon-demo-2022"  # blangkon/demo/seeders/context.py
CHROMIUM = "/usr/bin/chromium"  # Debian's (`make chromium`), as in the browser tests

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}

SEARCH = "/katalog/?q=kretas+hvs"  # a typo the search corrects, as the README says


@dataclass(frozen=True)
class Scene:
    username: str | None  # a demo account; None: not signed in
    viewport: ViewportSize
    # Navigates to the page to shoot, given the browser and the server's address.
    show: Callable[[Page, str], None]

    @property
    def full_page(self) -> bool:
        return self.viewport["width"] < DESKTOP["width"]


def at(path: str) -> Callable[[Page, str], None]:
    return lambda page, base_url: goto(page, base_url + path)


def goto(page: Page, url: str) -> None:
    response = page.goto(url)
    if response is None or response.status != 200:
        raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")


def product_links(page: Page, base_url: str, count: int) -> list[str]:
    goto(page, base_url + SEARCH)
    paths: list[str] = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => new URL(a.href).pathname)"
    )
    found = list(dict.fromkeys(p for p in paths if re.fullmatch(r"/produk/\d+/", p)))
    if len(found) < count:
        raise SystemExit(f"{SEARCH} lists fewer than {count} products: is the demo data loaded?")
    return found[:count]


def first_product(page: Page, base_url: str) -> None:
    goto(page, base_url + product_links(page, base_url, 1)[0])


def compare_first_two(page: Page, base_url: str) -> None:
    ids = [re.findall(r"\d+", path)[0] for path in product_links(page, base_url, 2)]
    goto(page, base_url + "/katalog/bandingkan/?" + "&".join(f"id={i}" for i in ids))


def first_order(query: str, suffix: str = "") -> Callable[[Page, str], None]:
    """The first order of the signed-in user's list (/pesanan/?`query`), or
    one of its pages (`suffix`: "surat-pesanan/")."""

    def show(page: Page, base_url: str) -> None:
        goto(page, f"{base_url}/pesanan/?{query}")
        paths: list[str] = page.eval_on_selector_all(
            "main a[href]", "links => links.map(a => new URL(a.href).pathname)"
        )
        found = [p for p in paths if re.fullmatch(r"/pesanan/\d+/", p)]
        if not found:
            raise SystemExit(f"/pesanan/?{query} lists no order: is the demo data loaded?")
        goto(page, base_url + found[0] + suffix)

    return show


SCENES: dict[str, Scene] = {
    "landing.png": Scene(None, DESKTOP, at("/")),
    "home-province-admin.png": Scene("admin.provinsi", DESKTOP, at("/akun/beranda/")),
    "curation-queue.png": Scene("admin.batang", DESKTOP, at("/produk/kurasi/")),
    "search-phone.png": Scene("pp.kendal", PHONE, at(SEARCH)),
    "compare-phone.png": Scene("pp.kendal", PHONE, compare_first_two),
    "product-phone.png": Scene("pp.kendal", PHONE, first_product),
    "home-opd-admin-phone.png": Scene("admin.opd.batang", PHONE, at("/akun/beranda/")),
    "orders-ppk.png": Scene("ppk.batang", DESKTOP, at("/pesanan/")),
    "order-vendor-phone.png": Scene("pemilik.vendor", PHONE, first_order("status=diproses")),
    "surat-pesanan-phone.png": Scene(
        "pemilik.vendor", PHONE, first_order("status=diproses", "surat-pesanan/")
    ),
}


def readme_images() -> list[str]:
    return sorted(set(re.findall(r"docs/img/([\w.-]+\.png)", README.read_text())))


def sign_in(page: Page, base_url: str, username: str) -> None:
    goto(page, base_url + "/akun/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/akun/beranda/"))


def check_serving(base_url: str) -> None:
    try:
        urllib.request.urlopen(base_url + "/", timeout=10).close()  # noqa: S310 (http only)
    except (urllib.error.URLError, OSError) as error:
        sys.exit(f"Nothing answers at {base_url} ({error}). Start `make run` first.")


def retake(base_url: str, names: list[str], out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name in names:
            scene = SCENES[name]
            # A fresh context per scene: its own cookies, language and viewport.
            context = browser.new_context(viewport=scene.viewport, locale="id-ID")
            page = context.new_page()
            if scene.username:
                sign_in(page, base_url, scene.username)
            scene.show(page, base_url)
            page.screenshot(path=str(out / name), full_page=scene.full_page)
            print(f"{out / name}: {page.url}")  # noqa: T201 (a command-line tool)
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=IMG, help="folder to write to")
    parser.add_argument("names", nargs="*", help="only these images (default: all)")
    args = parser.parse_args()

    referenced = readme_images()
    missing = [name for name in referenced if name not in SCENES]
    if missing:
        sys.exit(f"README.md shows {missing} but docs/img/retake.py has no scene for them.")
    names = args.names or referenced
    unknown = [name for name in names if name not in SCENES]
    if unknown:
        sys.exit(f"No scene for {unknown}; known: {sorted(SCENES)}")
    check_serving(args.base_url.rstrip("/"))
    args.out.mkdir(parents=True, exist_ok=True)
    retake(args.base_url.rstrip("/"), names, args.out)


if __name__ == "__main__":
    main()
