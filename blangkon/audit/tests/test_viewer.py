from django.urls import reverse

from blangkon.accounts import services
from conftest import World


def make_events(world: World) -> None:
    services.opd_create(actor=world.user("admin.batang"), pemda_id=world.batang.pk, name="Dinas A")
    services.opd_create(actor=world.user("admin.kendal"), pemda_id=world.kendal.pk, name="Dinas B")


def test_the_auditor_sees_every_kab_kota_and_can_filter(client_for, world: World) -> None:
    make_events(world)
    client = client_for(world.user("auditor.provinsi"))
    page = client.get(reverse("audit:list")).content.decode()
    assert "Dinas A" in page
    assert "Dinas B" in page
    filtered = client.get(reverse("audit:list"), {"actor": "admin.kendal"}).content.decode()
    assert "Dinas B" in filtered
    assert "Dinas A" not in filtered
    by_action = client.get(reverse("audit:list"), {"action": "opd."}).content.decode()
    assert "2 peristiwa" in by_action


def test_a_kab_kota_admin_sees_only_their_own_kab_kota(client_for, world: World) -> None:
    make_events(world)
    page = client_for(world.user("admin.batang")).get(reverse("audit:list")).content.decode()
    assert "Dinas A" in page
    assert "Dinas B" not in page


def test_officials_and_vendors_cannot_open_the_audit_log(client_for, world: World) -> None:
    for name in ("pp.batang", "pemilik.vendor", "admin.opd.batang"):
        assert client_for(world.user(name)).get(reverse("audit:list")).status_code == 404


def test_htmx_filtering_returns_only_the_rows(client_for, world: World) -> None:
    make_events(world)
    client = client_for(world.user("auditor.provinsi"))
    response = client.get(
        reverse("audit:list"), {"actor": "admin.batang"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.content.decode()
    assert "Dinas A" in response.content.decode()
