"""The matrix's personal-data check can fail: the values it looks for are on
the pages that may show them (so their absence elsewhere means something)."""

from django.urls import reverse

from tests.security.estate import PEOPLE, VENDOR_IDENTITY, Estate
from tests.security.probe import Keys, page_client


def actor(estate: Estate, name: str):
    return next(a for a in estate.actors if a.name == name)


def test_the_verifier_sees_the_vendor_identity_the_matrix_hides_from_others(
    estate: Estate, keys: Keys
) -> None:
    vendor = estate.sides["batang"].vendor
    page = page_client(keys, actor(estate, "admin.batang")).get(
        reverse("vendors:verification-detail", args=[vendor.pk])
    )
    assert page.status_code == 200
    for key, value in VENDOR_IDENTITY["batang"].items():
        assert value in page.content.decode(), key


def test_the_opd_page_shows_its_members_names_to_its_admin(estate: Estate, keys: Keys) -> None:
    opd = estate.sides["kendal"].opd
    page = page_client(keys, actor(estate, "admin.opd.kendal")).get(
        reverse("accounts:opd-detail", args=[opd.pk])
    )
    assert page.status_code == 200
    for username in ("pp.kendal", "ppk.kendal", "bendahara.kendal", "admin.opd.kendal"):
        assert PEOPLE[username][0] in page.content.decode(), username
