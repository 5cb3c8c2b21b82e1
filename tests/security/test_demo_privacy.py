"""No personal data of the demo is on a public page or in a public API answer.

The access matrix (test_access_matrix.py) plants personal data in a small
estate and checks every route as every actor. This test reads what the site
publishes about realistic data instead: `seed_demo --scale small`, once per
module, then every page and API answer an anonymous visitor can reach
(tests/security/public_crawl.py) searched for every vendor's NIK, bank account,
phone and e-mail, every perorangan NPWP, and every account's full name, NIP,
phone and e-mail (tests/security/needles.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from blangkon.accounts.models import User
from blangkon.vendors.models import Vendor, VendorKind
from tests.security.access_matrix import ROUTES, Outcome
from tests.security.figures import PRIVACY_PROPERTY
from tests.security.needles import Matcher, Needle, collect_needles, count_by_kind
from tests.security.public_crawl import Crawl
from tests.security.routes import all_routes

# The small demo's personal data, at least (it has 50 vendors and 72 accounts):
# if seeding changes so that fewer are found, the test says so rather than
# passing on an emptier demo.
MINIMUM_NEEDLES = {
    "NIK": 45,
    "bank account": 45,
    "phone": 110,
    "e-mail": 110,
    "name": 60,
    "KTP name": 45,
    "NIP": 40,
    "NPWP": 3,
}
# Routes open to anonymous visitors that answer a stranger with no 200: a
# language switch by GET only redirects, and an owner's confirmation link
# (a capability sent to the owner, not a public page) is read with an
# invalid token, which is refused.
NOT_READ_AT_200 = frozenset({"set_language", "vendors:owner-confirm"})
# Anonymous answers of 200 the crawl must reach, at least: the start pages,
# product pages, storefronts, downloads, API answers.
MINIMUM_PUBLIC_ANSWERS = 120


@dataclass
class Scan:
    needles: list[Needle]
    crawl: Crawl


@pytest.fixture(scope="module")
def scanned(
    django_db_setup: None, django_db_blocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scan]:
    """Seeds the small demo inside a transaction rolled back when the module
    is done, and reads everything public once."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        needles = collect_needles()
        crawl = Crawl(Matcher(needles))
        crawl.run()
        yield Scan(needles, crawl)
        transaction.set_rollback(True)


@pytest.fixture
def scan(scanned: Scan, db: None) -> Scan:
    """The scan; each test in a savepoint of the seeded transaction. Every
    test of the scan asks for `db`, so pytest-django, which runs database
    tests first, keeps them together and the demo is seeded once."""
    return scanned


def test_the_demo_has_the_personal_data_the_scan_looks_for(scan: Scan) -> None:
    counts = count_by_kind(scan.needles)
    short = {kind: counts[kind] for kind, least in MINIMUM_NEEDLES.items() if counts[kind] < least}
    assert not short, f"fewer needles than expected: {short} (all: {dict(counts)})"


def test_no_public_answer_holds_personal_data(scan: Scan, record_property) -> None:
    crawl = scan.crawl
    figures = {
        "needles": len(scan.needles),
        "requests": len(crawl.answers),
        "public": len(crawl.public()),
        "public_routes": len(crawl.public_routes()),
        "refused_routes": len(crawl.refused_routes()),
        "leaks": len(crawl.leaks),
    }
    record_property(PRIVACY_PROPERTY, figures)
    leaks = [
        f"{needle} in\n    " + "\n    ".join(where[:5])
        for needle, where in sorted(scan.crawl.leaks.items(), key=lambda item: str(item[0]))
    ]
    assert not leaks, f"{len(leaks)} pieces of personal data are public:\n" + "\n".join(leaks)


def test_the_scan_reads_every_public_route(scan: Scan) -> None:
    crawl = scan.crawl
    assert len(crawl.public()) >= MINIMUM_PUBLIC_ANSWERS, (
        f"only {len(crawl.public())} public answers were read"
    )
    assert len(crawl.answers) < 3_000, "the crawl stopped at its limit: raise MAX_REQUESTS"
    # Routes the access table opens to anonymous visitors are read at 200
    # (a route whose demo fill is wrong would otherwise be read only as 404).
    routes = all_routes()
    public_by_table = {
        key
        for key, rule in ROUTES.items()
        if rule.access.get("anonymous") in (Outcome.OK, Outcome.INERT)
        and key in routes
        and "GET" in routes[key].methods
        and key not in NOT_READ_AT_200
    }
    unread = sorted(public_by_table - crawl.public_routes())
    assert not unread, f"public routes the scan never read at 200: {unread}"


def test_every_public_route_has_its_parameters_filled(scan: Scan) -> None:
    unfillable = scan.crawl.unfillable()
    assert not unfillable, "\n".join(unfillable)


def test_no_public_answer_fails(scan: Scan) -> None:
    assert not scan.crawl.errors, "\n".join(scan.crawl.errors)


def test_the_scan_finds_the_needles_where_they_may_be_shown(scan: Scan) -> None:
    """The verifier's page shows a vendor's registration data: the matcher
    finds it there, so its silence on the public pages means something."""
    batang = Vendor.objects.filter(kind=VendorKind.PERORANGAN, organisation__region_id="33.25")
    vendor = batang.order_by("pk").first()
    assert vendor is not None
    client = Client()
    client.force_login(User.objects.get(username="admin.batang"))
    page = client.get(reverse("vendors:verification-detail", args=[vendor.pk]))
    assert page.status_code == 200
    found = {(n.kind, n.value) for n in scan.crawl.matcher.find(page.content.decode())}
    for kind, value in (
        ("NIK", vendor.nik),
        ("bank account", vendor.bank_account_number),
        ("phone", vendor.phone),
        ("KTP name", vendor.person_name),
    ):
        assert (kind, value) in found, (kind, value)


def test_the_matcher_sees_through_formatting() -> None:
    needles = [
        Needle("phone", "081234567890", "a"),
        Needle("NPWP", "0123456789012000", "b"),
        Needle("bank account", "7130041829", "c"),
        Needle("name", "Wulan Prameswari", "d"),
        Needle("e-mail", "wulan@demo.blangkon.invalid", "e"),
    ]
    matcher = Matcher(needles)
    text = (
        "<p>Telp. +62 812-3456-7890</p><td>01.234.567.8-901.2000</td>"
        '<span>Rek. 713 004 1829</span> <b>WULAN</b>\n  prameswari <a href="mailto:'
        'Wulan&#64;Demo.Blangkon.invalid">surel</a>'
    )
    assert matcher.find(text) == set(needles)
    assert not matcher.find("Katering Bu Wulan, Rp1.234.567.890, 0812345678")
