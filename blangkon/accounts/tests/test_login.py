from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.authentication import username_delay_seconds
from blangkon.accounts.models import LoginFailure
from blangkon.audit.models import AuditEvent
from config.env import parse_networks
from conftest import PASSWORD, World

LOGIN = reverse("accounts:login")


def post_login(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_user_signs_in_and_lands_on_the_home_page(client, world: World) -> None:
    response = post_login(client, "pp.batang", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor_username == "pp.batang"
    assert event.organisation == world.opd_batang
    assert event.ip_address == "127.0.0.1"


def test_a_wrong_password_gets_a_clear_indonesian_message(client, world: World) -> None:
    response = post_login(client, "pp.batang", "salah")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert LoginFailure.objects.filter(username="pp.batang").count() == 1


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_five_failures_lock_that_client_out_even_for_the_right_password(
    client, world: World
) -> None:
    for _ in range(5):
        post_login(client, "pp.batang", "salah")
    response = post_login(client, "pp.batang", PASSWORD)
    assert response.status_code == 200
    assert "dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="auth.locked_out", object_id="pp.batang")
    assert event.details == {"limits": ["pair"]}
    # Another user from the same address is not affected.
    other = post_login(client, "ppk.batang", PASSWORD)
    assert other.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_five_bad_passwords_from_a_stranger_do_not_lock_the_owner_out(client, world: World) -> None:
    for _ in range(5):
        post_login(client, "admin.provinsi", "salah")  # from 127.0.0.1
    owner = client.post(
        LOGIN, {"username": "admin.provinsi", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert owner.status_code == 302


def failures_from_many_addresses(username: str, count: int, *, minutes_ago: int) -> None:
    LoginFailure.objects.bulk_create(
        LoginFailure(username=username, ip_address=f"198.51.100.{n}") for n in range(count)
    )
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=minutes_ago))


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_LOCKOUT_MINUTES=15)
def test_a_username_guessed_from_many_addresses_is_slowed_down_not_locked(
    client, world: World
) -> None:
    failures_from_many_addresses("pp.batang", 20, minutes_ago=0)
    response = post_login(client, "pp.batang", PASSWORD)
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Coba lagi dalam 15 menit" in page
    # Once the delay after the latest failure has passed, the next try is checked.
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert post_login(client, "pp.batang", PASSWORD).status_code == 302


def test_the_delay_for_a_username_doubles_up_to_the_lockout(settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    delays = [username_delay_seconds(n) for n in range(0, 18)]
    assert delays == [0] * 6 + [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]


@override_settings(LOGIN_FAILURE_IP_LIMIT=3, LOGIN_FAILURE_LIMIT=100)
def test_many_usernames_from_one_address_lock_the_address(client, world: World) -> None:
    for name in ("a", "b", "c"):
        post_login(client, name, "salah")
    response = post_login(client, "ppk.batang", PASSWORD)
    assert "dikunci" in response.content.decode()


def test_a_successful_login_clears_earlier_failures(client, world: World) -> None:
    post_login(client, "pp.batang", "salah")
    post_login(client, "pp.batang", PASSWORD)
    assert not LoginFailure.objects.filter(username="pp.batang").exists()


def test_a_deactivated_user_cannot_sign_in(client, world: World) -> None:
    user = world.user("pp.batang")
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = post_login(client, "pp.batang", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_ends_the_session(client, world: World) -> None:
    client.force_login(world.user("pp.batang"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, world: World, mailoutbox
) -> None:
    response = client.post(
        reverse("accounts:password-reset"), {"email": "pp.batang@test.blangkon.invalid"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/akun/atur-sandi/" in line)
    form_page = client.get(urlparse(link.strip()).path, follow=True)
    assert form_page.status_code == 200
    # Django swaps the token for a session marker and redirects to the form.
    set_url = form_page.redirect_chain[-1][0]
    new_password = "sandi-baru-yang-panjang-42"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert post_login(client, "pp.batang", new_password).status_code == 302


@pytest.mark.parametrize("size", [3_000_000])
def test_an_oversized_login_body_is_refused_politely(client, world: World, size: int) -> None:
    response = client.post(LOGIN, {"username": "x" * size, "password": "y"})
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()


@override_settings(
    TRUSTED_PROXIES=parse_networks("TRUSTED_PROXIES", "10.0.0.0/8"),
    LOGIN_FAILURE_IP_LIMIT=3,
    LOGIN_FAILURE_LIMIT=100,
)
def test_behind_the_proxy_one_client_s_failures_do_not_lock_out_another(
    client, world: World
) -> None:
    def via_proxy(client_address: str) -> dict[str, str]:
        return {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": client_address}

    for name in ("a", "b", "c", "d"):
        client.post(LOGIN, {"username": name, "password": "x"}, **via_proxy("198.51.100.1"))
    response = client.post(
        LOGIN, {"username": "ppk.batang", "password": PASSWORD}, **via_proxy("198.51.100.2")
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.login")
    assert event.ip_address == "198.51.100.2"
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
