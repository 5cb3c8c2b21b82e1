"""The management pages, driven through the test client as a browser would."""

from django.urls import reverse

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.audit.models import AuditEvent
from conftest import World


def test_the_opd_admin_adds_a_delivery_address(client_for, world: World) -> None:
    client = client_for(world.user("admin.opd.batang"))
    url = reverse("accounts:address-add", args=[world.opd_batang.pk])
    response = client.post(
        url,
        {"label": "Gudang", "street": "Jl. Pemuda 3", "kab_kota": "33.25", "postal_code": "51211"},
    )
    assert response.status_code == 302
    assert DeliveryAddress.objects.filter(opd=world.opd_batang, label="Gudang").exists()
    assert "Gudang" in client.get(response["Location"]).content.decode()


def test_a_bad_postal_code_is_explained_and_nothing_is_saved(client_for, world: World) -> None:
    client = client_for(world.user("admin.opd.batang"))
    url = reverse("accounts:address-add", args=[world.opd_batang.pk])
    response = client.post(
        url, {"label": "Gudang", "street": "Jl. Pemuda 3", "kab_kota": "33.25", "postal_code": "5A"}
    )
    assert response.status_code == 200
    assert "Kode pos harus terdiri atas tepat 5 angka" in response.content.decode()
    assert not DeliveryAddress.objects.filter(label="Gudang").exists()
    assert not AuditEvent.objects.filter(action="opd.address_add").exists()


def test_the_kab_kota_admin_creates_an_opd_and_a_duplicate_is_refused(
    client_for, world: World
) -> None:
    client = client_for(world.user("admin.batang"))
    url = reverse("accounts:opd-create", args=[world.batang.pk])
    assert client.post(url, {"name": "Dinas Sosial"}).status_code == 302
    again = client.post(url, {"name": "dinas sosial"})
    assert again.status_code == 200
    assert "sudah memiliki OPD dengan nama tersebut" in again.content.decode()
    assert (
        Organisation.objects.filter(parent=world.batang, name__iexact="dinas sosial").count() == 1
    )


def test_the_opd_admin_adds_a_user_and_deactivates_another(
    client_for, world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = client_for(world.user("admin.opd.batang"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user-create", args=[world.opd_batang.pk]),
            {
                "full_name": "Dewi Lestari",
                "username": "dewi.batang",
                "email": "dewi@test.blangkon.invalid",
                "role": "ppk",
            },
        )
    assert response.status_code == 302
    assert User.objects.get(username="dewi.batang").organisation == world.opd_batang
    assert len(mailoutbox) == 1
    target = world.user("pp.batang")
    client.post(reverse("accounts:user-deactivate", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active is False


def test_deactivation_needs_post_and_scope(client_for, world: World) -> None:
    target = world.user("pp.batang")
    url = reverse("accounts:user-deactivate", args=[target.pk])
    assert client_for(world.user("admin.opd.batang")).get(url).status_code == 405
    assert client_for(world.user("admin.opd.kendal")).post(url).status_code == 404
    target.refresh_from_db()
    assert target.is_active is True


def test_the_province_admin_records_a_joining_date(client_for, world: World) -> None:
    client = client_for(world.user("admin.provinsi"))
    url = reverse("accounts:pemda-joined", args=[world.kendal.pk])
    assert client.post(url, {"joined_on": "2023-05-01"}).status_code == 302
    world.kendal.refresh_from_db()
    assert str(world.kendal.joined_on) == "2023-05-01"
    assert "1 Mei 2023" in client.get(reverse("accounts:pemda-list")).content.decode()


def test_the_joining_date_form_shows_the_date_and_saving_it_unchanged_keeps_it(
    client_for, world: World
) -> None:
    """The browser's date picker takes an ISO value: in the Indonesian format
    it showed nothing, and saving the form unchanged erased the date."""
    client = client_for(world.user("admin.provinsi"))
    url = reverse("accounts:pemda-joined", args=[world.kendal.pk])
    client.post(url, {"joined_on": "2021-06-07"})
    page = client.get(url).content.decode()
    assert 'value="2021-06-07"' in page
    world.kendal.refresh_from_db()
    assert str(world.kendal.joined_on) == "2021-06-07"


def test_a_form_without_csrf_token_is_refused_in_indonesian(world: World) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("admin.batang"))
    response = client.post(reverse("accounts:opd-create", args=[world.batang.pk]), {"name": "X"})
    assert response.status_code == 403
    assert "Muat ulang halaman" in response.content.decode()
