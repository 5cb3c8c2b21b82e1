"""The vendor verification table, every pair: allowed moves write history and
audit; others write nothing."""

import datetime
import itertools

import pytest

from blangkon.audit.models import AuditEvent
from blangkon.lifecycles.testing import check_move
from blangkon.vendors.models import VendorStatusChange
from blangkon.vendors.status import ALLOWED, VendorStatus
from blangkon.vendors.tests.factories import make_vendor
from blangkon.vendors.transitions import VENDOR_MACHINE, vendor_transition
from conftest import World

PAIRS = list(itertools.product(VendorStatus.values, VendorStatus.values))


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_pair_of_the_transition_table(world: World, source: str, target: str) -> None:
    vendor = make_vendor(status=source)
    actor = world.user("admin.batang")
    # A self-loop (a running sanction changed) is a move only when a field changes.
    fields = {"sanction_until": datetime.date(2030, 1, 1)} if source == target else {}
    check_move(
        VENDOR_MACHINE,
        vendor,
        source=source,
        target=target,
        actor=actor,
        move=lambda: vendor_transition(
            vendor_id=vendor.pk, to=target, actor=actor, reason="uji", fields=fields
        ),
    )
    if target in ALLOWED[source]:
        change = VendorStatusChange.objects.latest("id")
        assert change.reason == "uji"
        assert AuditEvent.objects.latest("id").organisation_id == vendor.organisation_id


@pytest.mark.parametrize("status", sorted(VendorStatus.values))
def test_asking_for_the_current_status_again_writes_nothing(world: World, status: str) -> None:
    vendor = make_vendor(status=status)
    vendor_transition(vendor_id=vendor.pk, to=status, actor=world.user("admin.batang"))
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
