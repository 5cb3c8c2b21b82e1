"""The seed scale's figures (Dinas Koperasi dan UKM Jateng, 25 March 2022;
docs/domain/README.md) as the public reads them: through GET /api/v1/stats/summary.

Seeds the whole seed scale (minutes), like the demo app's own test of it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_seed_figure_through_the_summary(client: Client) -> None:
    call_command("seed_demo", "--scale", "seed", stdout=StringIO())

    body = client.get("/api/v1/stats/summary").json()

    # 2.448 penyedia: 1.244 perorangan (non badan usaha) + 1.204 badan usaha.
    assert body["vendors"]["total"] == 2_448
    assert body["vendors"]["perorangan"] == 1_244
    assert body["vendors"]["badan_usaha"] == 1_204
    assert body["products"]["tayang"] == 55_082
    assert body["regions"] == {"total": 35, "joined": 18, "transacting": 10}
    # Rp15 miliar transacted by 25 March 2022, Rp4 miliar of it catering, the top category.
    assert body["transactions"]["value"] == 15_000_000_000
    top, second = body["by_category"][:2]
    assert (top["slug"], top["value"]) == ("katering", 4_000_000_000)
    assert second["value"] < top["value"]
    assert sum(item["value"] for item in body["by_category"]) == 15_000_000_000
    assert sum(item["value"] for item in body["by_kab_kota"]) == 15_000_000_000
    assert len(body["by_kab_kota"]) == 10
    assert max(body["by_month"], key=lambda m: m["value"])["month"] == "2021-12"
    assert body["by_month"][-1]["month"] <= "2022-03"
    count = body["transactions"]["count"]
    assert body["average_order_value"] == 15_000_000_000 // count
    assert sum(m["count"] for m in body["by_month"]) == count
    # The figures of fiscal 2022 are the first quarter's, a part of the whole.
    year_2022 = client.get("/api/v1/stats/summary", {"year": 2022}).json()
    year_2021 = client.get("/api/v1/stats/summary", {"year": 2021}).json()
    assert year_2021["transactions"]["value"] + year_2022["transactions"]["value"] == 15_000_000_000
    # The PDN share (nine in ten demo products are PDN) and a market of many vendors.
    assert 50 < body["pdn"]["percent"] < 100
    assert body["pdn"]["known_value"] == 15_000_000_000
    assert len(body["pdn"]["by_kab_kota"]) == 10
    concentration = body["concentration"]
    assert concentration["value"] == 15_000_000_000
    assert concentration["vendors"] > 100
    assert 0 < concentration["hhi"] < 1_500
    assert concentration["top10_percent"] < 100
