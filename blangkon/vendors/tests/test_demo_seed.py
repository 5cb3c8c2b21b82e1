"""The vendor demo seeder (not yet registered in SEEDERS; the lead wires it)."""

from io import StringIO

import pytest

from blangkon.accounts.models import Organisation, User
from blangkon.demo.scales import SCALES
from blangkon.demo.seeders.context import SeedContext
from blangkon.demo.seeders.organisations import DEMO_VENDOR_NAME, seed_organisations
from blangkon.demo.seeders.people import seed_people
from blangkon.demo.seeders.vendors import seed_vendors
from blangkon.vendors.identity import validate_nib, validate_nik, validate_npwp
from blangkon.vendors.models import TrainingEvent, Vendor, VendorStatusChange
from blangkon.vendors.selectors import vendor_duplicates
from blangkon.vendors.status import VendorStatus

pytestmark = pytest.mark.django_db


def _seed(scale: str) -> SeedContext:
    ctx = SeedContext(scale=SCALES[scale], scale_name=scale, password="x", stdout=StringIO())
    for seeder in (seed_organisations, seed_people, seed_vendors):
        seeder(ctx)
    return ctx


def test_small_seeds_both_kinds_in_every_state_with_valid_identities() -> None:
    ctx = _seed("small")
    vendors = list(Vendor.objects.select_related("organisation"))
    assert len(vendors) == 50
    assert sum(v.kind == "perorangan" for v in vendors) == 25
    assert {v.status for v in vendors} == set(VendorStatus.values)
    assert len({v.organisation.region_id for v in vendors}) >= 3
    for vendor in vendors:
        validate_nik(vendor.nik)
        if vendor.npwp:
            validate_npwp(vendor.npwp)
        if vendor.nib:
            validate_nib(vendor.nib)
        assert vendor.scale
        assert User.objects.filter(organisation=vendor.organisation, role="vendor_owner").exists()
    # Every non-draft vendor has its history, ending in its status.
    for vendor in vendors:
        last = VendorStatusChange.objects.filter(vendor=vendor).last()
        assert (last.to_status if last else VendorStatus.DRAFT) == vendor.status
    demo = Vendor.objects.get(organisation__name=DEMO_VENDOR_NAME)
    assert (demo.status, demo.kind, demo.legal_form) == ("verified", "badan_usaha", "cv")
    assert User.objects.get(username="pemilik.vendor").organisation == demo.organisation
    featured = {a.username for a in ctx.accounts}
    assert {"penyedia.draf", "penyedia.diajukan", "penyedia.revisi", "penyedia.kendal"} <= featured
    submitted = Vendor.objects.get(organisation__members__username="penyedia.diajukan")
    assert (submitted.status, submitted.organisation.region_id) == ("submitted", "33.25")
    assert [d.field for d in vendor_duplicates(vendor=submitted)] == ["bank_account_number"]
    assert TrainingEvent.objects.exists()
    assert Organisation.objects.filter(kind="vendor").count() == 50


def test_seed_scale_matches_the_march_2022_figures() -> None:
    _seed("seed")
    assert Vendor.objects.filter(kind="perorangan").count() == 1_244
    assert Vendor.objects.filter(kind="badan_usaha").count() == 1_204
    trained = Vendor.objects.filter(training_events__isnull=False).distinct().count()
    assert 450 <= trained <= 550
    assert Vendor.objects.filter(status="verified").count() > 2_300
