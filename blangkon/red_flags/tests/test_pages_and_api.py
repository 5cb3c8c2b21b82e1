"""Who reads the indicators (pages /indikator/ and GET /api/v1/red-flags), the
auditor's review with a note, and bad input."""

import datetime
from typing import Any

import pytest
from django.test import Client

from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.catalog.tests.factories import Market, market
from blangkon.red_flags.models import FlagStatus, RedFlag
from blangkon.red_flags.refresh import red_flags_refresh
from blangkon.red_flags.tests.planting import package, satker, signed_order

__all__ = ["market"]

URL = "/api/v1/red-flags"
DAY = datetime.date(2025, 3, 3)
M = 1_000_000


@pytest.fixture
def planted(market: Market) -> dict[str, Any]:
    """Batang: a split purchase (two orders, the second near the ceiling).
    Kendal: one order near the ceiling. INAPROC (a satker in Kendal): one."""
    first = signed_order(market, 10 * M, DAY)
    second = signed_order(market, 46 * M, DAY + datetime.timedelta(days=5))
    kendal = signed_order(
        market, 47 * M, DAY, opd=market.world.opd_kendal, vendor=market.kendal_vendor
    )
    package(satker("Dinas PU", region="33.24"), "V-9", 49 * M, DAY, "01HINAPROC")
    red_flags_refresh()
    return {"first": first, "second": second, "kendal": kendal}


def api(client: Client, user: Any, **query: Any) -> Any:
    _token, raw = api_token_issue(user=user)
    return client.get(URL, query, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_lists_flags_with_their_evidence(client: Client, planted, market) -> None:
    auditor = market.world.user("auditor.provinsi")
    response = api(client, auditor, kind="split_purchase")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    [flag] = body["results"]
    assert flag["kind"] == "split_purchase"
    assert flag["channel"] == "blangkon"
    assert flag["buyer"]["name"] == market.world.opd_batang.name
    assert flag["vendor"] == {
        "id": str(market.batang_vendor.pk),
        "name": market.batang_vendor.organisation.name,
    }
    assert flag["orders"] == [planted["first"].number, planted["second"].number]
    assert flag["value"] == 56 * M
    assert flag["status"] == "open"
    assert "Rp50.000.000" in flag["explanation"]
    near = api(client, auditor, kind="near_ceiling", channel="inaproc").json()
    assert near["count"] == 1
    assert near["results"][0]["orders"] == ["01HINAPROC"]
    assert near["results"][0]["vendor"] == {"id": "V-9", "name": "V-9"}
    assert api(client, auditor, status="reviewed").json() == {"count": 0, "results": []}
    page = api(client, auditor, limit=1, offset=1).json()
    assert page["count"] == 4
    assert len(page["results"]) == 1


def test_a_kab_kota_admin_reads_their_pemdas_buyers_only(client: Client, planted, market) -> None:
    body = api(client, market.world.user("admin.kendal")).json()
    assert body["count"] == 2
    assert {r["buyer"]["kab_kota"] for r in body["results"]} == {"33.24"}
    province = api(client, market.world.user("admin.provinsi")).json()
    assert province["count"] == 4


@pytest.mark.parametrize("user", ["pp.batang", "admin.opd.batang", "pemilik.vendor"])
def test_others_are_told_it_does_not_exist(client: Client, planted, market, user) -> None:
    assert api(client, market.world.user(user)).status_code == 404
    client.force_login(market.world.user(user))
    assert client.get("/indikator/").status_code == 404
    flag = RedFlag.objects.earliest("id")
    assert client.get(f"/indikator/{flag.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "fraud"}, "kind"),
        ({"channel": "lpse"}, "channel"),
        ({"status": "closed"}, "status"),
        ({"kab_kota": "99.99"}, "kab_kota"),
        ({"limit": "1000"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"limit": "abc"}, "limit"),
    ],
)
def test_bad_filters_are_400_naming_the_field(client: Client, planted, market, query, field):
    response = api(client, market.world.user("auditor.provinsi"), **query)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]


def test_the_pages_show_the_evidence_and_the_auditor_reviews(client: Client, planted, market):
    auditor = market.world.user("auditor.provinsi")
    client.force_login(auditor)
    listing = client.get("/indikator/", {"kind": "split_purchase"})
    assert listing.status_code == 200
    assert "Indikator" in listing.content.decode()
    flag = RedFlag.objects.get(kind="split_purchase")
    page = client.get(f"/indikator/{flag.pk}/").content.decode()
    assert f'href="/pesanan/{planted["first"].pk}/"' in page
    assert planted["second"].number in page
    for word in ("fraud", "korupsi", "kecurangan"):
        assert word not in page.lower()
    refused = client.post(f"/indikator/{flag.pk}/tinjau/", {"status": "reviewed", "note": " "})
    assert refused.status_code == 200
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    done = client.post(
        f"/indikator/{flag.pk}/tinjau/", {"status": "dismissed", "note": "Kebutuhan terpisah."}
    )
    assert done.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.review_note, flag.reviewed_by) == (
        FlagStatus.DISMISSED,
        "Kebutuhan terpisah.",
        auditor,
    )
    [change] = flag.status_changes.all()
    assert (change.from_status, change.to_status, change.actor) == ("open", "dismissed", auditor)
    assert AuditEvent.objects.filter(action="red_flag.dismissed").count() == 1
    assert "Kebutuhan terpisah." in client.get(f"/indikator/{flag.pk}/").content.decode()
    again = client.post(f"/indikator/{flag.pk}/tinjau/", {"status": "open", "note": "Dibuka lagi."})
    assert again.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_admins_read_but_do_not_review(client: Client, planted, market) -> None:
    flag = RedFlag.objects.get(kind="split_purchase")
    client.force_login(market.world.user("admin.batang"))
    assert client.get(f"/indikator/{flag.pk}/").status_code == 200
    answer = client.post(f"/indikator/{flag.pk}/tinjau/", {"status": "reviewed", "note": "x"})
    assert answer.status_code == 403
    client.force_login(market.world.user("admin.kendal"))
    assert client.get(f"/indikator/{flag.pk}/").status_code == 404
    assert (
        client.post(
            f"/indikator/{flag.pk}/tinjau/", {"status": "reviewed", "note": "x"}
        ).status_code
        == 404
    )  # noqa: E501
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_a_bad_filter_on_the_page_is_400(client: Client, planted, market) -> None:
    client.force_login(market.world.user("auditor.provinsi"))
    assert client.get("/indikator/", {"kind": "fraud"}).status_code == 400


def test_a_concentration_and_every_other_indicator_page_opens(
    client: Client, planted, market
) -> None:
    """A concentration's evidence counts the vendors where a shared contact
    lists them: the page shows the count and lists nobody."""
    for n in range(10):
        signed_order(market, 2 * M, DAY + datetime.timedelta(days=20 + n))
    red_flags_refresh()
    concentration = RedFlag.objects.get(kind="concentration")
    assert concentration.evidence["vendors"] == 1
    client.force_login(market.world.user("auditor.provinsi"))
    for flag in RedFlag.objects.all():
        page = client.get(f"/indikator/{flag.pk}/")
        assert page.status_code == 200, flag.kind
    shown = client.get(f"/indikator/{concentration.pk}/").content.decode()
    assert "data-evidence-vendors" not in shown
    assert market.batang_vendor.organisation.name in shown
