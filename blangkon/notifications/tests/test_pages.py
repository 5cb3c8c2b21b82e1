"""The notification page, the header's count, marking read and the preference form."""

import pytest
from django.urls import reverse

from blangkon.notifications.models import EmailMode, Notification, NotificationPreference
from blangkon.notifications.services import notify
from conftest import World

pytestmark = pytest.mark.django_db

LIST = "/notifikasi/"


def _notify(user, url="/penyedia/verifikasi/1/") -> Notification:
    (row,) = notify(recipients=[user], code="vendor.submitted", params={"vendor": "CV A"}, url=url)
    return row


def _bell(html: str) -> str:
    start = html.index(f'href="{LIST}"')
    return html[start : html.index("</a>", start)]


def test_the_header_shows_the_unread_count_to_a_signed_in_user(world: World, client_for) -> None:
    admin = world.user("admin.batang")
    _notify(admin)
    _notify(admin, url="/penyedia/verifikasi/2/")
    client = client_for(admin)
    assert '<span class="badge badge-warning">2</span>' in _bell(client.get("/").text)
    Notification.objects.update(read_at="2026-01-01T00:00:00Z")
    assert '<span class="badge">0</span>' in _bell(client.get("/").text)


def test_an_anonymous_visitor_has_no_bell(client) -> None:
    assert f'href="{LIST}"' not in client.get("/").text


def test_the_list_shows_the_users_own_notifications_only(world: World, client_for) -> None:
    _notify(world.user("admin.batang"))
    notify(
        recipients=[world.user("admin.kendal")],
        code="vendor.submitted",
        params={"vendor": "UD Lain"},
        url="/x/",
    )
    page = client_for(world.user("admin.batang")).get(LIST)
    assert page.status_code == 200
    assert "CV A" in page.text
    assert "UD Lain" not in page.text


def test_an_empty_list_says_so(world: World, client_for) -> None:
    page = client_for(world.user("pp.batang")).get(LIST)
    assert 'class="empty-state"' in page.text


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(
    world: World, client_for
) -> None:
    admin = world.user("admin.batang")
    row = _notify(admin)
    answer = client_for(admin).post(reverse("notifications:read", args=[row.pk]), {"open": "1"})
    assert answer.status_code == 302
    assert answer["Location"] == row.url
    row.refresh_from_db()
    assert row.read_at is not None


def test_another_users_notification_is_not_found(world: World, client_for) -> None:
    row = _notify(world.user("admin.batang"))
    answer = client_for(world.user("admin.kendal")).post(
        reverse("notifications:read", args=[row.pk])
    )
    assert answer.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read(world: World, client_for) -> None:
    admin = world.user("admin.batang")
    _notify(admin)
    _notify(admin, url="/b/")
    answer = client_for(admin).post(reverse("notifications:read-all"))
    assert answer.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_preference_form_saves_the_choice(world: World, client_for) -> None:
    user = world.user("pp.batang")
    client = client_for(user)
    assert 'value="immediate" required id="id_email_mode_0" checked' in client.get(LIST).text
    answer = client.post(reverse("notifications:preference"), {"email_mode": "daily_digest"})
    assert answer.status_code == 302
    assert NotificationPreference.objects.get(user=user).email_mode == EmailMode.DAILY_DIGEST
    assert 'value="daily_digest" required id="id_email_mode_1" checked' in client.get(LIST).text
    refused = client.post(reverse("notifications:preference"), {"email_mode": "hourly"})
    assert refused.status_code == 400
    assert 'class="field field-error"' in refused.text
    assert NotificationPreference.objects.get(user=user).email_mode == EmailMode.DAILY_DIGEST


def test_writes_need_a_post(world: World, client_for) -> None:
    client = client_for(world.user("pp.batang"))
    assert client.get(reverse("notifications:read-all")).status_code == 405
