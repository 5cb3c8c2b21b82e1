"""Certificates: saving, expiry (renewal request + product take-down) and renewal."""

import datetime
import itertools
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import Product
from blangkon.core.errors import DomainError, NotFound
from blangkon.lifecycles.testing import check_move
from blangkon.vendors import services
from blangkon.vendors.events import certificate_renewed
from blangkon.vendors.models import CertificateStatusChange, VendorCertificate
from blangkon.vendors.status import CertificateStatus, VendorStatus
from blangkon.vendors.tests.factories import make_product, make_vendor, png_upload
from blangkon.vendors.transitions import CERTIFICATE_MACHINE, certificate_transition
from conftest import World

TODAY = datetime.date(2026, 6, 1)
STATUSES = list(CertificateStatus.values)


def _halal(vendor, expires_on: datetime.date) -> VendorCertificate:
    return VendorCertificate.objects.create(
        vendor=vendor, kind="halal", number="ID33110000123", expires_on=expires_on
    )


def _renew_halal(vendor) -> VendorCertificate:
    """Siti renews the halal certificate with a new number and scan."""
    return services.certificate_save(
        actor=User.objects.get(username="siti"),
        vendor_id=vendor.pk,
        kind="halal",
        number="ID33110000999",
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
        upload=png_upload("halal.png"),
    )


def test_an_expired_certificate_asks_for_renewal_and_takes_down_dependent_products(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, owner="siti")
    certificate = _halal(vendor, expires_on=datetime.date(2026, 5, 31))
    halal_food = make_product(vendor, required_certificate="halal")
    soap = make_product(vendor, name="Sabun", sku="SBN-1")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_certificates(today=TODAY) == 1
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    assert certificate.renewal_requested_at is not None
    assert Product.objects.get(pk=halal_food.pk).status == "turun_tayang"
    assert Product.objects.get(pk=halal_food.pk).takedown_reason == "expired_certificate"
    assert Product.objects.get(pk=soap.pk).status == "tayang"
    event = AuditEvent.objects.get(action="certificate.expired")
    assert event.details["from"] == CertificateStatus.VALID
    change = CertificateStatusChange.objects.get(certificate=certificate)
    assert (change.from_status, change.to_status, change.actor) == ("valid", "expired", None)
    assert len(mailoutbox) == 1
    assert "1" in mailoutbox[0].body  # the number of products taken down
    assert set(mailoutbox[0].to) == {vendor.email, "siti@test.blangkon.invalid"}
    # Asked once: the next run changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_certificates(today=TODAY) == 0
    assert len(mailoutbox) == 1


def test_a_certificate_valid_through_today_is_not_expired(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    _halal(vendor, expires_on=TODAY)
    VendorCertificate.objects.create(vendor=vendor, kind="pirt", number="P-1", expires_on=None)
    assert services.expire_certificates(today=TODAY) == 0


def test_the_command_runs_the_expiry(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    _halal(vendor, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    out = StringIO()
    call_command("expire_certificates", stdout=out)
    assert "1" in out.getvalue()


def test_renewing_clears_the_request_and_sends_products_back_to_curation(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, owner="siti")
    _halal(vendor, expires_on=datetime.date(2026, 5, 31))
    product = make_product(vendor, required_certificate="halal")
    services.expire_certificates(today=TODAY)
    renewed = _renew_halal(vendor)
    assert renewed.status == CertificateStatus.VALID
    assert renewed.renewed_at is not None
    assert renewed.document is not None
    assert VendorCertificate.objects.filter(vendor=vendor).count() == 1
    assert Product.objects.get(pk=product.pk).status == "submitted"
    renewal = AuditEvent.objects.get(action="certificate.valid")
    assert renewal.details["fields"]["number"] == "ID33110000999"
    assert renewal.details["from"] == CertificateStatus.EXPIRED


def test_an_already_expired_certificate_cannot_be_added(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.DRAFT, owner="siti")
    with pytest.raises(DomainError) as caught:
        services.certificate_save(
            actor=User.objects.get(username="siti"),
            vendor_id=vendor.pk,
            kind="halal",
            number="X",
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "expires_on" in caught.value.fields
    assert not VendorCertificate.objects.exists()


def test_another_vendor_cannot_add_a_certificate(world: World) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    with pytest.raises(NotFound):
        services.certificate_save(
            actor=world.user("pemilik.vendor"),
            vendor_id=vendor.pk,
            kind="halal",
            number="X",
            expires_on=None,
        )


@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_every_pair_of_the_certificate_table(world: World, source: str, target: str) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED)
    certificate = _halal(vendor, expires_on=datetime.date(2030, 1, 1))
    VendorCertificate.objects.filter(pk=certificate.pk).update(status=source)
    certificate.refresh_from_db()
    # A self-loop (a valid certificate updated early) is a move only when a field changes.
    fields = {"number": "BARU-1"} if source == target else {}
    check_move(
        CERTIFICATE_MACHINE,
        certificate,
        source=source,
        target=target,
        move=lambda: certificate_transition(
            certificate_id=certificate.pk, to=target, actor=None, fields=fields
        ),
    )


def test_updating_a_valid_certificate_early_is_recorded_and_restores_nothing(
    world: World,
) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, owner="siti")
    _halal(vendor, expires_on=datetime.date(2030, 1, 1))
    product = make_product(vendor, required_certificate="halal")
    owner = User.objects.get(username="siti")
    save = partial(
        services.certificate_save,
        actor=owner,
        vendor_id=vendor.pk,
        kind="halal",
        number="ID33110000124",
        expires_on=datetime.date(2031, 1, 1),
    )
    save()
    change = CertificateStatusChange.objects.get()
    assert (change.from_status, change.to_status) == ("valid", "valid")
    assert change.details["fields"] == {"number": "ID33110000124", "expires_on": "2031-01-01"}
    assert Product.objects.get(pk=product.pk).status == "tayang"
    # The same details again: nothing written.
    save()
    assert CertificateStatusChange.objects.count() == 1


class ReactionFailed(Exception):
    pass


def test_a_renewal_that_rolls_back_keeps_no_scan_on_disk(world: World, media_root) -> None:
    vendor = make_vendor(status=VendorStatus.VERIFIED, owner="siti")
    _halal(vendor, expires_on=datetime.date(2026, 5, 31))
    services.expire_certificates(today=TODAY)

    def failing_reaction(**_kwargs: object) -> None:
        raise ReactionFailed

    certificate_renewed.connect(failing_reaction, dispatch_uid="test-failing-reaction")
    try:
        with pytest.raises(ReactionFailed):
            _renew_halal(vendor)
    finally:
        certificate_renewed.disconnect(dispatch_uid="test-failing-reaction")
    assert [path for path in media_root.rglob("*") if path.is_file()] == []
    assert VendorCertificate.objects.get(vendor=vendor).status == CertificateStatus.EXPIRED
