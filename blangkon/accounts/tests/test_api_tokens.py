"""Owners see and revoke their API tokens, on a page and through the API."""

import datetime

from django.urls import reverse
from django.utils import timezone

from blangkon.accounts.models import ApiToken
from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from conftest import World

PAGE = reverse("accounts:api-tokens")


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_the_page_lists_the_owner_s_working_tokens_only(client_for, world: World) -> None:
    user, other = world.user("pp.batang"), world.user("pp.kendal")
    mine, _ = api_token_issue(user=user)
    revoked, _ = api_token_issue(user=user)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    theirs, _ = api_token_issue(user=other)

    page = client_for(user).get(PAGE).content.decode()

    assert mine.prefix in page
    assert revoked.prefix not in page
    assert theirs.prefix not in page
    assert "Terakhir dipakai" in page
    assert "belum pernah" in page


def test_the_owner_revokes_a_token_from_the_page(client_for, world: World) -> None:
    user = world.user("pp.batang")
    token, raw = api_token_issue(user=user)
    client = client_for(user)

    response = client.post(reverse("accounts:api-token-revoke", args=[token.pk]))

    assert response["Location"] == PAGE
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert (event.actor, event.object_id) == (user, str(token.pk))


def test_another_user_s_token_is_not_found_on_the_page(client_for, world: World) -> None:
    token, raw = api_token_issue(user=world.user("pp.batang"))
    for intruder in ("pp.kendal", "admin.opd.batang", "admin.provinsi"):
        url = reverse("accounts:api-token-revoke", args=[token.pk])
        assert client_for(world.user(intruder)).post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_revoking_needs_a_post(client_for, world: World) -> None:
    token, _ = api_token_issue(user=world.user("pp.batang"))
    url = reverse("accounts:api-token-revoke", args=[token.pk])
    assert client_for(world.user("pp.batang")).get(url).status_code == 405


def test_the_api_lists_the_caller_s_tokens(client, world: World) -> None:
    user = world.user("pp.batang")
    older, _ = api_token_issue(user=user)
    token, raw = api_token_issue(user=user)
    api_token_issue(user=world.user("pp.kendal"))

    response = client.get("/api/v1/auth/tokens", headers=bearer(raw))

    assert response.status_code == 200
    body = response.json()
    assert [t["id"] for t in body] == [token.pk, older.pk]
    assert set(body[0]) == {"id", "prefix", "created_at", "expires_at", "last_used_at"}
    assert body[0]["prefix"] == token.prefix
    assert body[0]["last_used_at"] is not None  # this very call used it
    assert raw not in response.content.decode()


def test_the_api_revokes_a_token_and_another_user_s_is_404(client, world: World) -> None:
    token, raw = api_token_issue(user=world.user("pp.batang"))
    other, other_raw = api_token_issue(user=world.user("pp.kendal"))

    assert (
        client.delete(f"/api/v1/auth/tokens/{token.pk}", headers=bearer(other_raw)).status_code
        == 404
    )
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200

    assert (
        client.delete(f"/api/v1/auth/tokens/{other.pk}", headers=bearer(other_raw)).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=bearer(other_raw)).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_last_use_is_written_at_most_once_a_minute(client, world: World) -> None:
    token, raw = api_token_issue(user=world.user("pp.batang"))
    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first

    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=two_minutes_ago)
    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > two_minutes_ago
