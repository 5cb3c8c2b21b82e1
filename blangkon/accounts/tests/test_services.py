"""Every state-changing service writes exactly one audit row in its transaction."""

import datetime

import pytest
from django.db import DatabaseError, transaction

from blangkon.accounts import services
from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, Forbidden, NotFound
from conftest import World


def audit_rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_opd_create_writes_the_opd_and_an_audit_row(world: World) -> None:
    admin = world.user("admin.batang")
    opd = services.opd_create(actor=admin, pemda_id=world.batang.pk, name="  Dinas   Sosial ")
    assert opd.name == "Dinas Sosial"
    assert opd.parent == world.batang
    (row,) = audit_rows("opd.create")
    assert (row.actor, row.object_id, row.organisation) == (admin, str(opd.pk), opd)


def test_opd_create_refuses_a_duplicate_name_and_writes_nothing(world: World) -> None:
    admin = world.user("admin.batang")
    with pytest.raises(DomainError) as error:
        services.opd_create(actor=admin, pemda_id=world.batang.pk, name="dinas koperasi dan ukm")
    assert error.value.code == "duplicate"
    assert audit_rows("opd.create") == []


def test_an_official_cannot_create_an_opd(world: World) -> None:
    with pytest.raises(Forbidden):
        services.opd_create(actor=world.user("pp.batang"), pemda_id=world.batang.pk, name="X")


def test_delivery_address_add_validates_and_audits(world: World) -> None:
    admin = world.user("admin.opd.batang")
    with pytest.raises(DomainError) as error:
        services.delivery_address_add(
            actor=admin,
            opd_id=world.opd_batang.pk,
            label="Gudang",
            street="Jl. Pemuda 3",
            kab_kota_code="33",
            postal_code="512",
        )
    assert set(error.value.fields) == {"kab_kota", "postal_code"}
    address = services.delivery_address_add(
        actor=admin,
        opd_id=world.opd_batang.pk,
        label="Gudang",
        street="Jl. Pemuda 3",
        kab_kota_code="33.25",
        postal_code="51211",
    )
    (row,) = audit_rows("opd.address_add")
    assert row.object_id == str(address.pk)


def test_the_opd_admin_of_kendal_cannot_add_an_address_in_batang(world: World) -> None:
    with pytest.raises(NotFound):
        services.delivery_address_add(
            actor=world.user("admin.opd.kendal"),
            opd_id=world.opd_batang.pk,
            label="Gudang",
            street="Jl. Pemuda 3",
            kab_kota_code="33.25",
            postal_code="51211",
        )


def test_user_create_sends_a_set_password_mail_after_commit(
    world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    admin = world.user("admin.opd.batang")
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            actor=admin,
            organisation_id=world.opd_batang.pk,
            username="ppk2.batang",
            email="ppk2@test.blangkon.invalid",
            full_name="Siti Rahayu",
            role=Role.PPK,
        )
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Siti", "Rahayu")
    assert len(audit_rows("user.create")) == 1
    assert len(mailoutbox) == 1
    assert "ppk2.batang" in mailoutbox[0].body
    assert "/akun/atur-sandi/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("actor", "role"),
    [("admin.opd.batang", Role.KAB_KOTA_ADMIN), ("admin.opd.batang", Role.VENDOR_OWNER)],
)
def test_user_create_refuses_roles_that_do_not_fit(world: World, actor: str, role: str) -> None:
    with pytest.raises(DomainError) as error:
        services.user_create(
            actor=world.user(actor),
            organisation_id=world.opd_batang.pk,
            username="baru",
            email="baru@test.blangkon.invalid",
            full_name="Baru",
            role=role,
        )
    assert error.value.code == "role_mismatch"
    assert not User.objects.filter(username="baru").exists()


def test_a_kab_kota_admin_cannot_create_a_province_admin(world: World) -> None:
    with pytest.raises(DomainError):
        services.user_create(
            actor=world.user("admin.batang"),
            organisation_id=world.batang.pk,
            username="naik.pangkat",
            email="x@test.blangkon.invalid",
            full_name="X",
            role=Role.PROVINCE_ADMIN,
        )


def test_user_deactivation_is_idempotent(world: World) -> None:
    admin = world.user("admin.opd.batang")
    target = world.user("pp.batang")
    services.user_set_active(actor=admin, user_id=target.pk, active=False)
    services.user_set_active(actor=admin, user_id=target.pk, active=False)
    target.refresh_from_db()
    assert target.is_active is False
    assert len(audit_rows("user.deactivate")) == 1


def test_only_province_admins_record_joining_dates(world: World) -> None:
    with pytest.raises(Forbidden):
        services.pemda_set_joined(
            actor=world.user("admin.kendal"),
            pemda_id=world.kendal.pk,
            joined_on=datetime.date(2023, 5, 1),
        )
    services.pemda_set_joined(
        actor=world.user("admin.provinsi"),
        pemda_id=world.kendal.pk,
        joined_on=datetime.date(2023, 5, 1),
    )
    world.kendal.refresh_from_db()
    assert world.kendal.joined_on == datetime.date(2023, 5, 1)
    (row,) = audit_rows("pemda.set_joined")
    assert row.details == {"acted_as": acted_as(row.actor), "from": None, "to": "2023-05-01"}


def test_audit_record_refuses_to_run_outside_a_transaction(world: World) -> None:
    # pytest-django wraps each test in a transaction; leave it to check the guard.
    connection = transaction.get_connection()
    connection.in_atomic_block, saved = False, connection.in_atomic_block
    try:
        with pytest.raises(transaction.TransactionManagementError):
            audit_record(actor=None, action="x", object_type="y")
    finally:
        connection.in_atomic_block = saved


def test_audit_rows_cannot_be_changed_or_deleted(world: World) -> None:
    services.opd_create(actor=world.user("admin.batang"), pemda_id=world.batang.pk, name="Z")
    row = AuditEvent.objects.get(action="opd.create")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
