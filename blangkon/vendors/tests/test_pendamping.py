"""A pendamping registers a vendor for its owner; the owner confirms by e-mail."""

import re
from typing import cast

import pytest
from django.core import signing

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError, Forbidden
from blangkon.vendors import selectors, services
from blangkon.vendors.fields import VendorData
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import attach_documents, perorangan_data
from conftest import PASSWORD, World

ASSISTED: VendorData = {
    "kind": "perorangan",
    "name": "Batik Bu Rahayu",
    "kab_kota": "33.25",
    "person_name": "Sri Rahayu",
    "username": "sri.rahayu",
    "email": "sri@test.blangkon.invalid",
    "phone": "081298765432",
}


def _token_from(mail_body: str) -> str:
    match = re.search(r"/penyedia/konfirmasi/([^/\s]+)/", mail_body)
    assert match, mail_body
    return match.group(1)


def test_the_owner_confirms_through_the_emailed_link_and_the_vendor_can_then_be_submitted(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    pendamping = world.user("pendamping.batang")
    with django_capture_on_commit_callbacks(execute=True):
        vendor = services.vendor_register_assisted(pendamping=pendamping, data=ASSISTED)
    owner = User.objects.get(username="sri.rahayu")
    assert not owner.has_usable_password()
    assert vendor.registered_by == pendamping
    assert vendor.owner_confirmed_at is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sri@test.blangkon.invalid"]
    token = _token_from(mailoutbox[0].body)

    # The pendamping fills in the rest, but cannot submit before the owner confirms.
    services.vendor_update_draft(
        actor=pendamping, vendor_id=vendor.pk, data=cast(VendorData, perorangan_data())
    )
    attach_documents(vendor)
    with pytest.raises(DomainError) as caught:
        services.vendor_submit(actor=pendamping, vendor_id=vendor.pk)
    assert caught.value.code == "owner_not_confirmed"

    services.vendor_owner_confirm(token=token, password=PASSWORD)
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert Vendor.objects.get(pk=vendor.pk).owner_confirmed_at is not None
    assert AuditEvent.objects.filter(action="vendor.owner_confirm", actor=owner).exists()

    submitted = services.vendor_submit(actor=owner, vendor_id=vendor.pk)
    assert submitted.status == VendorStatus.SUBMITTED

    # The link works once.
    with pytest.raises(DomainError) as again:
        services.vendor_owner_confirm(token=token, password=PASSWORD)
    assert again.value.code == "already_confirmed"


def test_a_tampered_link_is_refused(world: World) -> None:
    vendor = services.vendor_register_assisted(
        pendamping=world.user("pendamping.batang"), data=ASSISTED
    )
    owner = User.objects.get(username="sri.rahayu")
    token = services.owner_confirmation_token(vendor.pk, owner.pk)
    with pytest.raises(DomainError) as tampered:
        services.vendor_owner_confirm(token=token + "x", password=PASSWORD)
    assert tampered.value.code == "invalid_link"
    forged = signing.dumps({"vendor": vendor.pk, "owner": owner.pk}, salt="another-purpose")
    with pytest.raises(DomainError) as other_purpose:
        services.vendor_owner_confirm(token=forged, password=PASSWORD)
    assert other_purpose.value.code == "invalid_link"
    assert Vendor.objects.get(pk=vendor.pk).owner_confirmed_at is None


def test_an_expired_link_gets_its_own_message(world: World, monkeypatch) -> None:
    vendor = services.vendor_register_assisted(
        pendamping=world.user("pendamping.batang"), data=ASSISTED
    )
    owner = User.objects.get(username="sri.rahayu")
    token = services.owner_confirmation_token(vendor.pk, owner.pk)
    monkeypatch.setattr("blangkon.vendors.services.registration.OWNER_LINK_MAX_AGE", -1)
    with pytest.raises(DomainError) as caught:
        services.vendor_owner_confirm(token=token, password=PASSWORD)
    assert caught.value.code == "expired_link"


def test_a_pendamping_registers_only_in_their_own_kab_kota(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        services.vendor_register_assisted(
            pendamping=world.user("pendamping.batang"), data={**ASSISTED, "kab_kota": "33.24"}
        )
    assert "kab_kota" in caught.value.fields
    assert not Vendor.objects.exists()


def test_only_a_pendamping_registers_on_behalf(world: World) -> None:
    with pytest.raises(Forbidden):
        services.vendor_register_assisted(pendamping=world.user("admin.batang"), data=ASSISTED)


def test_the_pendamping_sees_the_vendors_they_helped_and_no_others(world: World) -> None:
    services.vendor_register_assisted(pendamping=world.user("pendamping.batang"), data=ASSISTED)
    assisted = list(selectors.vendors_assisted_by(pendamping=world.user("pendamping.batang")))
    assert [v.organisation.name for v in assisted] == ["Batik Bu Rahayu"]
    assert getattr(assisted[0], "document_count") == 0  # noqa: B009
    assert list(selectors.vendors_assisted_by(pendamping=world.user("admin.batang"))) == []


def test_the_link_can_be_sent_again(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    pendamping = world.user("pendamping.batang")
    vendor = services.vendor_register_assisted(pendamping=pendamping, data=ASSISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.vendor_owner_link_resend(pendamping=pendamping, vendor_id=vendor.pk)
    assert len(mailoutbox) == 1
    services.vendor_owner_confirm(token=_token_from(mailoutbox[0].body), password=PASSWORD)
