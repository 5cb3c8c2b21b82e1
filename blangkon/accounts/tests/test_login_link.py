"""The one-time sign-in link: how the owner of a username that guessers keep
slowed down still gets in, without the page telling anyone which accounts exist."""

import re
import time
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse

from blangkon.accounts.login_links import login_link_token
from blangkon.accounts.models import LoginFailure
from blangkon.audit.models import AuditEvent
from conftest import PASSWORD, World

ASK = reverse("accounts:login-link")
SENT = reverse("accounts:login-link-sent")


def link_in(mail) -> str:
    match = re.search(r"https?://\S+/akun/masuk/tautan/\S+/", mail.body)
    assert match, mail.body
    return match.group(0)


def ask_for_link(client, username: str, **extra: str):
    return client.post(ASK, {"username": username}, **extra)


def test_the_owner_gets_in_by_mail_while_guessers_keep_the_password_slowed(
    client, world: World, mailoutbox, settings
) -> None:
    settings.SITE_DOMAIN = "katalog.example.go.id"
    LoginFailure.objects.bulk_create(
        LoginFailure(username="admin.provinsi", ip_address=f"198.51.100.{n}") for n in range(30)
    )
    refused = client.post(
        reverse("accounts:login"), {"username": "admin.provinsi", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert ASK in refused.content.decode()

    assert ask_for_link(client, "admin.provinsi", HTTP_HOST="evil.example")["Location"] == SENT
    (mail,) = mailoutbox
    assert mail.to == ["admin.provinsi@test.blangkon.invalid"]
    link = link_in(mail)
    assert link.startswith("http://katalog.example.go.id/akun/masuk/tautan/")

    path = urlparse(link).path
    confirm = client.get(path)
    assert "admin.provinsi" in confirm.content.decode()
    assert "_auth_user_id" not in client.session  # opening the link alone does not sign in
    signed_in = client.post(path)
    assert signed_in["Location"] == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(world.user("admin.provinsi").pk)
    event = AuditEvent.objects.get(action="auth.login_link")
    assert event.actor_username == "admin.provinsi"
    assert event.ip_address == "127.0.0.1"


def test_a_link_works_once(client, world: World, mailoutbox) -> None:
    ask_for_link(client, "pp.batang")
    path = urlparse(link_in(mailoutbox[0])).path
    assert client.post(path).status_code == 302
    other = Client()
    again = other.post(path)
    assert again.status_code == 200
    assert "sudah digunakan" in again.content.decode()
    assert "_auth_user_id" not in other.session


def test_a_sign_in_with_the_password_spends_the_links_already_sent(
    client, world: World, mailoutbox
) -> None:
    ask_for_link(client, "pp.batang")
    path = urlparse(link_in(mailoutbox[0])).path
    Client().post(reverse("accounts:login"), {"username": "pp.batang", "password": PASSWORD})
    assert "sudah digunakan" in client.post(path).content.decode()


def test_a_link_expires_after_an_hour(client, world: World, monkeypatch) -> None:
    an_hour_ago = time.time() - 3601
    monkeypatch.setattr("django.core.signing.time.time", lambda: an_hour_ago)
    token = login_link_token(world.user("pp.batang"))
    monkeypatch.undo()
    response = client.post(reverse("accounts:login-link-open", args=[token]))
    assert "kedaluwarsa" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["x", "WzEsImFiYyJd:1vQ:abc", "a" * 300])
def test_a_garbled_link_is_explained(client, world: World, token: str) -> None:
    response = client.get(reverse("accounts:login-link-open", args=[token]))
    assert response.status_code == 200
    assert "tidak valid" in response.content.decode()


def test_a_deactivated_account_s_link_no_longer_works(client, world: World) -> None:
    user = world.user("pp.batang")
    token = login_link_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.post(reverse("accounts:login-link-open", args=[token]))
    assert "_auth_user_id" not in client.session
    assert "sudah digunakan" in response.content.decode()


def test_asking_does_not_reveal_whether_the_account_exists(
    client, world: World, mailoutbox
) -> None:
    known = ask_for_link(client, "pp.batang")
    unknown = ask_for_link(client, "tidak.ada")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mailoutbox) == 1
    page = client.get(SENT).content.decode()
    assert "Jika akun itu ada" in page


def test_links_and_resets_share_the_limit_of_three_mails_an_hour(
    client, world: World, mailoutbox
) -> None:
    for _ in range(2):
        client.post(
            reverse("accounts:password-reset"), {"email": "pp.batang@test.blangkon.invalid"}
        )
    for n in range(3):
        ask_for_link(client, "PP.Batang", REMOTE_ADDR=f"198.51.100.{n}")
    assert len(mailoutbox) == 3
