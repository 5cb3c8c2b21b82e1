"""notify, the mails it sends after commit, marking read, the preference and
the daily digest."""

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from blangkon.core.errors import DomainError, NotFound
from blangkon.notifications import services
from blangkon.notifications.models import EmailMode, Notification
from blangkon.notifications.selectors import notifications_for, unread_count
from conftest import World

pytestmark = pytest.mark.django_db

URL = "/penyedia/verifikasi/1/"


def _notify(*users, code="vendor.submitted", url=URL):
    return services.notify(
        recipients=users, code=code, params={"vendor": "CV Sumber Rejeki"}, url=url
    )


def test_notify_creates_one_row_per_recipient_and_mails_after_commit(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    admin, province = world.user("admin.batang"), world.user("admin.provinsi")
    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify(admin, province, admin)
        assert mailoutbox == []  # nothing before the commit
    assert sorted(n.recipient_id for n in rows) == sorted([admin.pk, province.pk])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([admin.email, province.email])
    mail = mailoutbox[0]
    assert "CV Sumber Rejeki" in mail.body
    assert f"http://{settings.SITE_DOMAIN}{URL}" in mail.body
    assert all(n.emailed_at for n in Notification.objects.all())


def test_a_rolled_back_transaction_notifies_nobody_and_sends_nothing(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    def failing_service() -> None:
        with transaction.atomic():
            _notify(world.user("admin.batang"))
            raise RuntimeError("the caller's service failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_service()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_the_same_unread_notification_is_not_repeated_within_minutes(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    admin = world.user("admin.batang")
    with django_capture_on_commit_callbacks(execute=True):
        assert len(_notify(admin)) == 1
        assert _notify(admin) == []  # retried: nothing new
        assert len(_notify(admin, url="/penyedia/verifikasi/2/")) == 1  # another page
    assert len(mailoutbox) == 2
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert len(_notify(admin)) == 1  # later, it is news again


def test_notify_refuses_an_unknown_code_or_an_outside_url(world: World) -> None:
    with pytest.raises(ValueError, match="code"):
        _notify(world.user("admin.batang"), code="no.such.code")
    with pytest.raises(ValueError, match="url"):
        _notify(world.user("admin.batang"), url="https://evil.example/")
    with pytest.raises(ValueError, match="url"):
        _notify(world.user("admin.batang"), url="//evil.example/")


def test_inactive_users_and_users_who_chose_no_mail(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    gone, quiet = world.user("admin.batang"), world.user("admin.provinsi")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    services.notification_preference_set(user=quiet, email_mode=EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify(gone, quiet)
    assert [n.recipient_id for n in rows] == [quiet.pk]
    assert mailoutbox == []
    assert unread_count(quiet) == 1


def test_an_immediate_mail_delivered_twice_is_sent_once(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _notify(world.user("admin.batang"))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_mail_deliver(row.pk) is False
    assert len(mailoutbox) == 1


def test_a_user_who_chose_the_digest_before_the_mail_went_gets_it_in_the_digest(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    admin = world.user("admin.batang")
    (row,) = _notify(admin)  # queued for an immediate mail (not run: no commit here)
    services.notification_preference_set(user=admin, email_mode=EmailMode.DAILY_DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_mail_deliver(row.pk) is False
        assert services.notifications_digest_send() == 1
    assert len(mailoutbox) == 1


def _digest_user(world: World, username: str = "admin.batang"):
    user = world.user(username)
    services.notification_preference_set(user=user, email_mode=EmailMode.DAILY_DIGEST)
    return user


def test_the_daily_digest_sends_one_mail_per_user_and_nothing_twice(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    admin, province = _digest_user(world), _digest_user(world, "admin.provinsi")
    immediate = world.user("admin.kendal")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(admin, province, immediate)
        _notify(admin, url="/penyedia/verifikasi/2/")
    assert [m.to for m in mailoutbox] == [[immediate.email]]  # digest users wait
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_digest_send() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([admin.email, province.email])
    admins = next(m for m in mailoutbox if m.to == [admin.email])
    assert admins.body.count("CV Sumber Rejeki") == 2
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_digest_send() == 0
    assert mailoutbox == []


def test_the_digest_leaves_out_read_and_older_notifications(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    admin = _digest_user(world)
    read, old = _notify(admin), _notify(admin, url="/penyedia/verifikasi/2/")
    services.notification_mark_read(user=admin, notification_id=read[0].pk)
    Notification.objects.filter(pk=old[0].pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_digest_send() == 0
    assert mailoutbox == []


def test_only_the_recipient_marks_a_notification_read(world: World) -> None:
    admin, other = world.user("admin.batang"), world.user("admin.kendal")
    (row,) = _notify(admin)
    with pytest.raises(NotFound):
        services.notification_mark_read(user=other, notification_id=row.pk)
    assert unread_count(admin) == 1
    first = services.notification_mark_read(user=admin, notification_id=row.pk).read_at
    assert first is not None
    assert services.notification_mark_read(user=admin, notification_id=row.pk).read_at == first
    assert unread_count(admin) == 0


def test_mark_all_read_touches_only_the_users_own(world: World) -> None:
    admin, other = world.user("admin.batang"), world.user("admin.kendal")
    _notify(admin)
    _notify(admin, url="/penyedia/verifikasi/2/")
    _notify(other)
    assert services.notifications_mark_all_read(user=admin) == 2
    assert unread_count(admin) == 0
    assert unread_count(other) == 1


def test_the_list_shows_unread_first_then_newest(world: World) -> None:
    admin = world.user("admin.batang")
    (older,) = _notify(admin, url="/a/")
    (newer,) = _notify(admin, url="/b/")
    services.notification_mark_read(user=admin, notification_id=newer.pk)
    assert list(notifications_for(admin)) == [older, newer]


def test_a_preference_outside_the_choices_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refusal:
        services.notification_preference_set(user=world.user("pp.batang"), email_mode="hourly")
    assert "email_mode" in refusal.value.fields


def test_the_sentence_is_rendered_in_the_readers_language(world: World) -> None:
    from django.utils import translation

    (row,) = _notify(world.user("admin.batang"))
    with translation.override("en"):
        english = row.text
    with translation.override("id"):
        indonesian = row.text
    assert "CV Sumber Rejeki" in english
    assert "CV Sumber Rejeki" in indonesian
    assert english == "CV Sumber Rejeki submitted its registration for verification."


def test_a_deadline_is_written_in_the_readers_language_as_the_pages_write_it(
    world: World,
) -> None:
    """A moment is stored as ISO text and written when read; one stored
    before, as text already written, is shown as it was."""
    from django.utils import translation

    from blangkon.core.moments import stored_moment

    deadline = timezone.make_aware(datetime.datetime(2026, 12, 10, 23, 59))
    (row,) = services.notify(
        recipients=[world.user("pemilik.vendor")],
        code="order.signed",
        params={"opd": "Dinas X", "number": "SP-1", "deadline": stored_moment(deadline)},
        url="/pesanan/",
    )
    with translation.override("id"):
        assert row.text.endswith("paling lambat 10 Des 2026 23.59."), row.text
    with translation.override("en"):
        assert row.text.endswith("by 10 Dec 2026 23:59."), row.text
    row.params["deadline"] = "10/12/2026 23:59"
    with translation.override("id"):
        assert row.text.endswith("10/12/2026 23:59."), row.text
