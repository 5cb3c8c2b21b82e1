"""The vendor verification table, every pair: allowed moves write history and
audit; others write nothing."""

import itertools

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.core.errors import DomainError
from blangkon.vendors.models import Vendor, VendorStatusChange
from blangkon.vendors.status import ALLOWED, VendorStatus
from blangkon.vendors.tests.factories import make_vendor
from blangkon.vendors.transitions import vendor_transition
from conftest import World

PAIRS = list(itertools.product(VendorStatus.values, VendorStatus.values))


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_pair_of_the_transition_table(world: World, source: str, target: str) -> None:
    vendor = make_vendor(status=source)
    actor = world.user("admin.batang")
    if source == target:
        # Idempotent: nothing changes and nothing is written.
        assert vendor_transition(vendor_id=vendor.pk, to=target, actor=actor).status == source
        assert not VendorStatusChange.objects.exists()
        assert not AuditEvent.objects.exists()
    elif target in ALLOWED[source]:
        moved = vendor_transition(vendor_id=vendor.pk, to=target, actor=actor, reason="uji")
        assert moved.status == target
        assert Vendor.objects.get(pk=vendor.pk).status == target
        change = VendorStatusChange.objects.get()
        assert (change.from_status, change.to_status, change.actor, change.reason) == (
            source,
            target,
            actor,
            "uji",
        )
        event = AuditEvent.objects.get()
        assert event.action == f"vendor.{target}"
        assert event.organisation_id == vendor.organisation_id
    else:
        with pytest.raises(DomainError) as caught:
            vendor_transition(vendor_id=vendor.pk, to=target, actor=actor)
        assert caught.value.code == "invalid_transition"
        assert Vendor.objects.get(pk=vendor.pk).status == source
        assert not VendorStatusChange.objects.exists()
        assert not AuditEvent.objects.exists()


def test_submitting_stamps_submitted_at(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT)
    moved = vendor_transition(vendor_id=vendor.pk, to=VendorStatus.SUBMITTED, actor=None)
    assert moved.submitted_at is not None
    assert moved.verified_at is None


def test_first_verification_is_stamped_and_lifting_a_sanction_keeps_the_date(
    world: World,
) -> None:
    vendor = make_vendor(status=VendorStatus.SUBMITTED)
    verified = vendor_transition(vendor_id=vendor.pk, to=VendorStatus.VERIFIED, actor=None)
    first = verified.verified_at
    assert first is not None
    vendor_transition(vendor_id=vendor.pk, to=VendorStatus.SUSPENDED, actor=None)
    lifted = vendor_transition(vendor_id=vendor.pk, to=VendorStatus.VERIFIED, actor=None)
    assert lifted.verified_at == first


def test_an_automatic_move_has_no_actor(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT)
    vendor_transition(vendor_id=vendor.pk, to=VendorStatus.SUBMITTED, actor=None)
    assert VendorStatusChange.objects.get().actor is None
    assert AuditEvent.objects.get().actor_username == ""
