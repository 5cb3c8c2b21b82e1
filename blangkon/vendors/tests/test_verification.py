"""Verification decisions, who may take them, and sanctions."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.notifications.messages import message_text
from blangkon.notifications.models import Notification
from blangkon.vendors import selectors, services
from blangkon.vendors.models import Vendor, VendorStatusChange
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tasks import lift_expired_sanctions_task
from blangkon.vendors.tests.factories import attach_documents, make_vendor
from conftest import World


def test_the_kab_kota_admin_approves_a_vendor_of_their_kab_kota(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    attach_documents(vendor)
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    assert approved.status == VendorStatus.VERIFIED
    assert approved.verified_at is not None
    assert AuditEvent.objects.filter(action="vendor.verified").count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [vendor.email]


def test_the_province_admin_may_verify_any_kab_kota(world: World) -> None:
    vendor = make_vendor(region="33.24", status=VendorStatus.SUBMITTED)
    attach_documents(vendor)
    services.vendor_approve(actor=world.user("admin.provinsi"), vendor_id=vendor.pk)
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.VERIFIED


def test_the_batang_admin_cannot_see_a_kendal_vendor(world: World) -> None:
    vendor = make_vendor(region="33.24", status=VendorStatus.SUBMITTED)
    with pytest.raises(NotFound):
        services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    with pytest.raises(NotFound):
        selectors.vendor_get_for_user(user=world.user("admin.batang"), vendor_id=vendor.pk)
    assert vendor.pk not in [
        v.pk for v in selectors.verification_queue(user=world.user("admin.batang"))
    ]
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUBMITTED


@pytest.mark.parametrize("username", ["auditor.provinsi", "pendamping.batang", "pemilik.vendor"])
def test_roles_that_never_verify_cannot_approve(world: World, username: str) -> None:
    vendor = make_vendor(
        status=VendorStatus.SUBMITTED,
        organisation=world.vendor if username == "pemilik.vendor" else None,
    )
    if username == "pendamping.batang":
        Vendor.objects.filter(pk=vendor.pk).update(registered_by=world.user(username))
    with pytest.raises(Forbidden):
        services.vendor_approve(actor=world.user(username), vendor_id=vendor.pk)
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUBMITTED
    assert not AuditEvent.objects.exists()


def test_a_pp_does_not_even_see_the_vendor(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    with pytest.raises(NotFound):
        services.vendor_approve(actor=world.user("pp.batang"), vendor_id=vendor.pk)


def test_a_revision_request_names_the_fields_to_fix(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    revised = services.vendor_request_revision(
        actor=world.user("admin.batang"),
        vendor_id=vendor.pk,
        fields_to_fix=["nik", "document_ktp"],
        note="Foto KTP buram.",
    )
    assert revised.status == VendorStatus.REVISION_REQUESTED
    assert revised.fields_to_fix == ["nik", "document_ktp"]
    assert revised.status_reason == "Foto KTP buram."
    change = VendorStatusChange.objects.get()
    assert change.details["fields"]["fields_to_fix"] == ["nik", "document_ktp"]


@pytest.mark.parametrize("fields", [[], ["not_a_field"]])
def test_a_revision_request_needs_known_fields(world: World, fields: list[str]) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    with pytest.raises(DomainError) as caught:
        services.vendor_request_revision(
            actor=world.user("admin.batang"), vendor_id=vendor.pk, fields_to_fix=fields
        )
    assert "fields_to_fix" in caught.value.fields
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.SUBMITTED


def test_a_rejection_needs_a_reason(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    with pytest.raises(DomainError) as caught:
        services.vendor_reject(actor=world.user("admin.batang"), vendor_id=vendor.pk, reason=" ")
    assert "reason" in caught.value.fields
    rejected = services.vendor_reject(
        actor=world.user("admin.batang"), vendor_id=vendor.pk, reason="Data palsu."
    )
    assert (rejected.status, rejected.status_reason) == (VendorStatus.REJECTED, "Data palsu.")


def test_approving_a_draft_is_an_invalid_transition(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT)
    with pytest.raises(DomainError) as caught:
        services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    assert caught.value.code == "invalid_transition"


def test_approving_twice_writes_one_history_row(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    attach_documents(vendor)
    services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    services.vendor_approve(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    assert VendorStatusChange.objects.count() == 1


def test_a_suspension_needs_a_reason_code_and_an_end_date(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    with pytest.raises(DomainError) as caught:
        services.vendor_suspend(
            actor=world.user("admin.batang"),
            vendor_id=vendor.pk,
            reason_code="nope",
            until=datetime.date(2000, 1, 1),
        )
    assert set(caught.value.fields) == {"reason_code", "until"}
    assert Vendor.objects.get(pk=vendor.pk).status == VendorStatus.VERIFIED


def test_suspension_and_ban_record_reason_and_end_and_lifting_clears_them(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    admin = world.user("admin.batang")
    until = timezone.localdate() + datetime.timedelta(days=30)
    suspended = services.vendor_suspend(
        actor=admin, vendor_id=vendor.pk, reason_code="non_delivery", until=until
    )
    assert (suspended.status, suspended.sanction_reason, suspended.sanction_until) == (
        VendorStatus.SUSPENDED,
        "non_delivery",
        until,
    )
    banned = services.vendor_ban(
        actor=admin, vendor_id=vendor.pk, reason_code="false_data", until=None
    )
    assert (banned.status, banned.sanction_until) == (VendorStatus.BANNED, None)
    lifted = services.vendor_lift_sanction(actor=admin, vendor_id=vendor.pk, note="Banding.")
    assert (lifted.status, lifted.sanction_reason, lifted.sanction_until) == (
        VendorStatus.VERIFIED,
        "",
        None,
    )


def test_changing_a_running_sanction_is_recorded_and_asking_again_is_not(world: World) -> None:
    # Given a suspended vendor
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    admin = world.user("admin.batang")
    until = timezone.localdate() + datetime.timedelta(days=30)
    services.vendor_suspend(
        actor=admin, vendor_id=vendor.pk, reason_code="non_delivery", until=until
    )
    # When the admin extends it and gives another reason
    later = until + datetime.timedelta(days=60)
    extended = services.vendor_suspend(
        actor=admin, vendor_id=vendor.pk, reason_code="price_markup", until=later, note="Ulang."
    )
    # Then the change has its history row and its audit row, with the new values
    assert (extended.status, extended.sanction_reason, extended.sanction_until) == (
        VendorStatus.SUSPENDED,
        "price_markup",
        later,
    )
    change = VendorStatusChange.objects.latest("id")
    assert (change.from_status, change.to_status) == ("suspended", "suspended")
    assert change.details["fields"] == {
        "sanction_reason": "price_markup",
        "sanction_until": later.isoformat(),
        "status_reason": "Ulang.",
    }
    event = AuditEvent.objects.latest("id")
    assert event.action == "vendor.suspended"
    assert event.details["fields"]["sanction_until"] == later.isoformat()
    # And the same request again writes nothing
    rows = (VendorStatusChange.objects.count(), AuditEvent.objects.count())
    services.vendor_suspend(
        actor=admin, vendor_id=vendor.pk, reason_code="price_markup", until=later, note="Ulang."
    )
    assert (VendorStatusChange.objects.count(), AuditEvent.objects.count()) == rows


def test_a_ban_for_good_replacing_a_dated_ban_is_recorded(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    admin = world.user("admin.batang")
    until = timezone.localdate() + datetime.timedelta(days=30)
    services.vendor_ban(actor=admin, vendor_id=vendor.pk, reason_code="collusion", until=until)
    services.vendor_ban(actor=admin, vendor_id=vendor.pk, reason_code="collusion", until=None)
    vendor.refresh_from_db()
    assert vendor.sanction_until is None
    changes = list(VendorStatusChange.objects.values_list("from_status", "to_status"))
    assert changes == [("verified", "banned"), ("banned", "banned")]
    assert VendorStatusChange.objects.latest("id").details["fields"] == {"sanction_until": None}


def test_lifting_a_vendor_without_sanction_is_refused(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    with pytest.raises(DomainError) as caught:
        services.vendor_lift_sanction(actor=world.user("admin.batang"), vendor_id=vendor.pk)
    assert caught.value.code == "invalid_transition"


def test_ended_sanctions_are_lifted_by_the_daily_job(world: World) -> None:
    today = datetime.date(2026, 6, 1)
    ended = make_vendor(
        name="A", status=VendorStatus.SUSPENDED, sanction_until=datetime.date(2026, 5, 31)
    )
    last_day = make_vendor(name="B", status=VendorStatus.BANNED, sanction_until=today)
    forever = make_vendor(name="C", status=VendorStatus.BANNED, sanction_until=None)
    assert services.lift_expired_sanctions(today=today) == 1
    assert Vendor.objects.get(pk=ended.pk).status == VendorStatus.VERIFIED
    assert Vendor.objects.get(pk=ended.pk).sanction_until is None
    assert Vendor.objects.get(pk=last_day.pk).status == VendorStatus.BANNED
    assert Vendor.objects.get(pk=forever.pk).status == VendorStatus.BANNED
    change = VendorStatusChange.objects.get()
    assert (change.actor, change.to_status) == (None, VendorStatus.VERIFIED)
    assert services.lift_expired_sanctions(today=today) == 0


def test_the_command_and_the_task_lift_ended_sanctions(world: World) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    by_command = make_vendor(name="A", status=VendorStatus.SUSPENDED, sanction_until=yesterday)
    call_command("lift_expired_sanctions", stdout=StringIO())
    assert Vendor.objects.get(pk=by_command.pk).status == VendorStatus.VERIFIED
    by_task = make_vendor(name="B", status=VendorStatus.SUSPENDED, sanction_until=yesterday)
    result = lift_expired_sanctions_task.enqueue()
    assert result.return_value == 1
    assert Vendor.objects.get(pk=by_task.pk).status == VendorStatus.VERIFIED


def test_the_queue_is_oldest_first_with_waiting_days(world: World) -> None:
    now = timezone.now()
    newer = make_vendor(name="Baru", status=VendorStatus.SUBMITTED)
    older = make_vendor(name="Lama", status=VendorStatus.SUBMITTED)
    Vendor.objects.filter(pk=newer.pk).update(submitted_at=now - datetime.timedelta(days=1))
    Vendor.objects.filter(pk=older.pk).update(submitted_at=now - datetime.timedelta(days=5))
    make_vendor(name="Draf", status=VendorStatus.DRAFT)
    queue = list(selectors.verification_queue(user=world.user("admin.batang")))
    assert [v.pk for v in queue] == [older.pk, newer.pk]
    assert [getattr(v, "waiting_days") for v in queue] == [5, 1]  # noqa: B009


def test_only_officials_have_a_queue(world: World) -> None:
    with pytest.raises(Forbidden):
        selectors.verification_queue(user=world.user("pemilik.vendor"))


def test_each_decision_reaches_the_owners_bell_with_one_mail(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED, owner="pemilik.siti")
    owner = User.objects.get(username="pemilik.siti")
    admin = world.user("admin.batang")
    until = timezone.localdate() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.vendor_request_revision(
            actor=admin, vendor_id=vendor.pk, fields_to_fix=["nik"], note="Foto KTP buram."
        )
    attach_documents(vendor)
    Vendor.objects.filter(pk=vendor.pk).update(status=VendorStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.vendor_approve(actor=admin, vendor_id=vendor.pk)
        services.vendor_suspend(
            actor=admin, vendor_id=vendor.pk, reason_code="non_delivery", until=until
        )
        services.vendor_lift_sanction(actor=admin, vendor_id=vendor.pk)
    notes = list(Notification.objects.filter(recipient=owner).order_by("id"))
    assert [note.code for note in notes] == [
        "vendor.revision_requested",
        "vendor.verified",
        "vendor.suspended",
        "vendor.sanction_lifted",
    ]
    assert all(note.url == reverse("vendors:dashboard") for note in notes)
    with translation.override("id"):
        assert message_text(notes[2].code, notes[2].params) == (
            f"Katering Bu Siti ditangguhkan sampai dengan {date_format(until)}: "
            "pembeli tidak melihat produknya."
        )
    # One mail per decision (the status mail, to the contact and the owner), not two.
    assert len(mailoutbox) == 4
    assert all(owner.email in mail.to and vendor.email in mail.to for mail in mailoutbox)
    assert all(note.emailed_at is not None for note in notes)  # the digest skips them
