"""A password reset or change, a deactivation and a role change end every
sign-in of the account: its sessions and its API tokens."""

from urllib.parse import urlparse

from django.test import Client
from django.urls import reverse

from blangkon.accounts.models import ApiToken, User
from blangkon.accounts.services import api_token_issue, user_set_active
from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.vendors.tests.test_views import SIGN_UP
from conftest import PASSWORD, World

HOME = reverse("accounts:home")
NEW_PASSWORD = "sandi-baru-yang-panjang-42"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(HOME).status_code == 200
    return client


def still_signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def token_works(raw: str) -> bool:
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    return response.status_code == 200


def reset_password_by_mail(client: Client, email: str, mailoutbox) -> None:
    client.post(reverse("accounts:password-reset"), {"email": email})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/akun/atur-sandi/" in line)
    form_page = client.get(urlparse(link.strip()).path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302


def test_a_password_reset_ends_the_account_s_sessions_and_tokens(
    client, world: World, mailoutbox
) -> None:
    user = world.user("pp.batang")
    session = signed_in(user)
    _token, raw = api_token_issue(user=user)

    reset_password_by_mail(client, user.email, mailoutbox)

    assert not still_signed_in(session)
    assert not token_works(raw)
    event = AuditEvent.objects.get(action="auth.sign_ins_ended")
    assert event.details == {
        "acted_as": acted_as(event.actor),
        "reason": "password_reset",
        "tokens_revoked": 1,
    }
    assert AuditEvent.objects.filter(action="user.password_set", object_id=str(user.pk)).exists()


def test_changing_the_password_ends_the_other_sessions_and_the_tokens(world: World) -> None:
    user = world.user("pp.batang")
    other_session = signed_in(user)
    _token, raw = api_token_issue(user=user)
    this_session = signed_in(user)

    response = this_session.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert still_signed_in(this_session)
    assert not still_signed_in(other_session)
    assert not token_works(raw)
    ended = AuditEvent.objects.get(action="auth.sign_ins_ended")
    assert ended.details == {
        "acted_as": acted_as(ended.actor),
        "reason": "password_change",
        "tokens_revoked": 1,
    }


def test_a_wrong_old_password_changes_nothing(world: World) -> None:
    user = world.user("pp.batang")
    session = signed_in(user)
    response = session.post(
        reverse("accounts:password-change"),
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "salah" in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.sign_ins_ended").exists()


def test_deactivation_ends_sessions_and_tokens_for_good(world: World) -> None:
    admin, user = world.user("admin.opd.batang"), world.user("pp.batang")
    session = signed_in(user)
    _token, raw = api_token_issue(user=user)

    user_set_active(actor=admin, user_id=user.pk, active=False)
    user_set_active(actor=admin, user_id=user.pk, active=True)

    assert not still_signed_in(session)
    assert not token_works(raw)
    assert ApiToken.objects.get().revoked_at is not None
    event = AuditEvent.objects.get(action="auth.sign_ins_ended")
    assert event.actor == admin
    assert event.details == {
        "acted_as": acted_as(event.actor),
        "reason": "deactivated",
        "tokens_revoked": 1,
    }


def test_a_role_change_ends_the_sessions_even_without_a_service(world: World) -> None:
    user = world.user("pp.batang")
    session = signed_in(user)
    User.objects.filter(pk=user.pk).update(role="ppk")
    assert not still_signed_in(session)


def test_a_signed_in_operator_who_registers_a_vendor_keeps_this_session_only(
    world: World,
) -> None:
    operator = User.objects.create_superuser("operator", "op@test.blangkon.invalid", PASSWORD)
    other_session = signed_in(operator)
    _token, raw = api_token_issue(user=operator)
    this_session = signed_in(operator)

    # The form asks for a new account's details too; a signed-in user keeps theirs.
    response = this_session.post(reverse("vendors:register"), SIGN_UP)

    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.role == "vendor_owner"
    assert still_signed_in(this_session)
    assert not still_signed_in(other_session)
    assert not token_works(raw)
    ended = AuditEvent.objects.get(action="auth.sign_ins_ended")
    assert ended.details == {
        "acted_as": acted_as(ended.actor),
        "reason": "role_change",
        "tokens_revoked": 1,
    }


def test_a_token_stops_working_when_the_password_changes_around_the_services(
    world: World,
) -> None:
    # What `manage.py changepassword` does: no service, no revocation.
    user = world.user("pp.batang")
    _token, raw = api_token_issue(user=user)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert not token_works(raw)
