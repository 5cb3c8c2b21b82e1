"""GET /api/v1/notifications and POST /api/v1/notifications/{id}/read."""

import pytest
from django.test import Client

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.notifications.models import Notification
from blangkon.notifications.services import notify
from conftest import World

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    _token, raw = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _notify(user: User, url: str) -> Notification:
    (row,) = notify(recipients=[user], code="vendor.submitted", params={"vendor": "CV A"}, url=url)
    return row


def test_the_list_is_the_callers_own_paginated_unread_first(world: World) -> None:
    admin = world.user("admin.batang")
    first, second = _notify(admin, "/a/"), _notify(admin, "/b/")
    _notify(world.user("admin.kendal"), "/c/")
    Notification.objects.filter(pk=second.pk).update(read_at="2026-01-01T00:00:00Z")
    body = api(admin).get("/api/v1/notifications", {"limit": 1}).json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [first.pk]
    assert body["items"][0]["text"] == "CV A mengajukan pendaftarannya untuk diverifikasi."
    assert api(admin).get("/api/v1/notifications", {"limit": 101}).status_code == 400


def test_marking_read_is_the_recipients_alone(world: World) -> None:
    row = _notify(world.user("admin.batang"), "/a/")
    refused = api(world.user("admin.kendal")).post(f"/api/v1/notifications/{row.pk}/read")
    assert refused.status_code == 404
    answer = api(world.user("admin.batang")).post(f"/api/v1/notifications/{row.pk}/read")
    assert answer.status_code == 200
    assert answer.json()["read_at"] is not None


def test_the_list_needs_a_token(client) -> None:
    assert client.get("/api/v1/notifications").status_code == 401
