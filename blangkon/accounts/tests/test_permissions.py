"""Object-level permissions: out-of-scope objects are 404, never 403."""

import pytest
from django.urls import reverse

from blangkon.accounts import selectors
from blangkon.accounts.access import manageable_organisations, readable_organisations
from blangkon.core.errors import NotFound
from conftest import World


def test_an_official_of_opd_a_gets_404_on_opd_b(client_for, world: World) -> None:
    client = client_for(world.user("pp.batang"))
    own = client.get(reverse("accounts:opd-detail", args=[world.opd_batang.pk]))
    other = client.get(reverse("accounts:opd-detail", args=[world.opd_kendal.pk]))
    assert own.status_code == 200
    assert other.status_code == 404
    assert "Dinas Kesehatan" not in other.content.decode()


def test_the_batang_admin_sees_batang_opds_but_not_kendal_ones(client_for, world: World) -> None:
    client = client_for(world.user("admin.batang"))
    assert client.get(reverse("accounts:opd-detail", args=[world.opd_batang.pk])).status_code == 200
    assert client.get(reverse("accounts:opd-detail", args=[world.opd_kendal.pk])).status_code == 404
    listing = client.get(reverse("accounts:opd-list")).content.decode()
    assert "Dinas Koperasi dan UKM" in listing
    assert "Dinas Kesehatan" not in listing


def test_the_batang_admin_cannot_add_an_opd_or_user_in_kendal(client_for, world: World) -> None:
    client = client_for(world.user("admin.batang"))
    create_opd = client.post(
        reverse("accounts:opd-create", args=[world.kendal.pk]), {"name": "Dinas Baru"}
    )
    create_user = client.get(reverse("accounts:user-create", args=[world.opd_kendal.pk]))
    assert create_opd.status_code == 404
    assert create_user.status_code == 404
    assert not world.kendal.children.filter(name="Dinas Baru").exists()


def test_the_province_admin_and_auditor_read_every_kab_kota(world: World) -> None:
    for name in ("admin.provinsi", "auditor.provinsi"):
        scope = readable_organisations(world.user(name))
        assert {world.opd_batang, world.opd_kendal, world.vendor} <= set(scope)


def test_an_auditor_reads_but_manages_nothing(client_for, world: World) -> None:
    auditor = world.user("auditor.provinsi")
    assert not manageable_organisations(auditor).exists()
    client = client_for(auditor)
    assert client.get(reverse("accounts:opd-detail", args=[world.opd_kendal.pk])).status_code == 200
    response = client.post(
        reverse("accounts:address-add", args=[world.opd_kendal.pk]),
        {"label": "x", "street": "y", "kab_kota": "33.24", "postal_code": "51311"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["pemilik.vendor", "pendamping.batang", "bendahara.batang"])
def test_people_outside_an_opd_cannot_see_it(world: World, name: str) -> None:
    user = world.user(name)
    target = world.opd_kendal
    with pytest.raises(NotFound):
        selectors.opd_get_for_user(user=user, opd_id=target.pk)


def test_pages_need_a_signed_in_user(client, world: World) -> None:
    response = client.get(reverse("accounts:opd-detail", args=[world.opd_batang.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
