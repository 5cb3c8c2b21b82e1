"""Password-reset mails: sent to the account's address with a link on the
site's own domain, limited per address and per client, silently."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.models import MailLinkRequest
from blangkon.audit.models import AuditEvent
from conftest import World

RESET = reverse("accounts:password-reset")
DONE = reverse("accounts:password-reset-done")
EMAIL = "pp.batang@test.blangkon.invalid"


def ask(client, email: str, **extra: str):
    return client.post(RESET, {"email": email}, **extra)


def test_the_link_uses_the_site_domain_not_the_host_header(
    client, world: World, mailoutbox, settings
) -> None:
    settings.SITE_DOMAIN = "katalog.example.go.id"
    response = ask(client, EMAIL, HTTP_HOST="evil.example")
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    assert "http://katalog.example.go.id/akun/atur-sandi/" in mail.body
    assert "evil.example" not in mail.body


def test_in_production_the_link_is_https(client, world: World, mailoutbox, settings) -> None:
    settings.PRODUCTION = True
    settings.SITE_DOMAIN = "katalog.example.go.id"
    ask(client, EMAIL)
    assert "https://katalog.example.go.id/akun/atur-sandi/" in mailoutbox[0].body


def test_one_address_gets_at_most_three_mails_an_hour(client, world: World, mailoutbox) -> None:
    responses = [ask(client, EMAIL, REMOTE_ADDR=f"198.51.100.{n}") for n in range(10)]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, DONE)}
    assert len(mailoutbox) == 3
    assert AuditEvent.objects.filter(action="auth.mail_link_sent").count() == 3


def test_one_client_has_at_most_ten_requests_an_hour_acted_on(
    client, world: World, mailoutbox
) -> None:
    addresses = sorted(user.email for user in world.users.values())
    assert len(addresses) > 10
    for address in addresses:
        assert ask(client, address)["Location"] == DONE
    assert len(mailoutbox) == 10


def test_an_unknown_address_gets_the_same_answer_and_is_not_kept(
    client, world: World, mailoutbox
) -> None:
    known = ask(client, EMAIL)
    unknown = ask(client, "tidak.ada@test.blangkon.invalid")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mailoutbox) == 1
    assert sorted(MailLinkRequest.objects.values_list("recipient", flat=True)) == ["", EMAIL]


def test_the_limit_counts_the_last_hour_only(client, world: World, mailoutbox) -> None:
    for _ in range(4):
        ask(client, EMAIL)
    assert len(mailoutbox) == 3
    MailLinkRequest.objects.update(at=timezone.now() - timedelta(minutes=61))
    ask(client, EMAIL)
    assert len(mailoutbox) == 4
