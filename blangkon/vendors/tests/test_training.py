"""Training events and attendance; attendees get the trained badge."""

import datetime

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.catalog.product_selectors import storefront_get
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.vendors import services
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import make_vendor
from conftest import World


def test_the_kab_kota_admin_records_a_training_and_its_attendees(world: World) -> None:
    admin = world.user("admin.batang")
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    event = services.training_event_create(
        actor=admin, held_on=datetime.date(2026, 3, 10), place="Aula Dinkop", topic="Unggah produk"
    )
    assert event.pemda == world.batang
    services.training_attendance_add(actor=admin, event_id=event.pk, vendor_ids=[vendor.pk])
    services.training_attendance_add(actor=admin, event_id=event.pk, vendor_ids=[vendor.pk])
    assert list(event.attendees.all()) == [vendor]
    assert AuditEvent.objects.filter(action="training.attendance_add").count() == 1
    assert storefront_get(vendor_id=vendor.pk).trained is True


def test_a_vendor_of_another_kab_kota_cannot_be_added(world: World) -> None:
    admin = world.user("admin.batang")
    kendal_vendor = make_vendor(region="33.24", status=VendorStatus.VERIFIED)
    event = services.training_event_create(
        actor=admin, held_on=datetime.date(2026, 3, 10), place="Aula", topic="Unggah produk"
    )
    with pytest.raises(NotFound):
        services.training_attendance_add(
            actor=admin, event_id=event.pk, vendor_ids=[kendal_vendor.pk]
        )
    assert not event.attendees.exists()


def test_another_kab_kotas_event_is_not_found(world: World) -> None:
    event = services.training_event_create(
        actor=world.user("admin.batang"), held_on=datetime.date(2026, 3, 10), place="A", topic="B"
    )
    vendor = make_vendor(region="33.24")
    with pytest.raises(NotFound):
        services.training_attendance_add(
            actor=world.user("admin.kendal"), event_id=event.pk, vendor_ids=[vendor.pk]
        )


@pytest.mark.parametrize("username", ["auditor.provinsi", "pendamping.batang", "pp.batang"])
def test_only_admins_record_training(world: World, username: str) -> None:
    with pytest.raises(Forbidden):
        services.training_event_create(
            actor=world.user(username), held_on=datetime.date(2026, 3, 10), place="A", topic="B"
        )


def test_a_training_needs_place_and_topic(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        services.training_event_create(
            actor=world.user("admin.batang"), held_on=datetime.date(2026, 3, 10), place="", topic=""
        )
    assert set(caught.value.fields) == {"place", "topic"}
