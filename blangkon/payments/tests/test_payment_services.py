"""The bendahara's three payment channels and the completion of a paid order,
through the services, on a real database and real files."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.catalog.models import Product
from blangkon.catalog.tests.bulk_fixtures import private_media
from blangkon.catalog.tests.factories import Market, market
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.documents import storage
from blangkon.documents.access import can_read_file
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.tests import samples
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.orders.tests.order_factories import (
    buyer,
    live_product,
    make_order,
    ppk,
    vendor_user,
)
from blangkon.payments.models import Payment
from blangkon.payments.payment_services import (
    order_complete,
    orders_complete_overdue,
    payment_record_kkpd,
    payment_record_ls,
    payment_record_transfer,
)
from blangkon.payments.tests.payment_steps import (
    bendahara,
    channel_step,
    invoice_step,
    paid_long_ago,
)
from conftest import make_user

__all__ = ["market", "private_media"]

pytestmark = pytest.mark.django_db


def invoiced(market: Market, channel: str, product: Product | None = None) -> Order:
    """An order invoiced for payment through `channel`."""
    order = make_order(market, S.BAST_DITANDATANGANI, product or live_product(market))
    for step in (channel_step(channel), invoice_step):
        order = step(market, order)
    return order


def _transfer(
    user: User, order: Order, content: bytes | None = None, name: str = "bukti.pdf"
) -> Payment:
    proof = samples.upload(name, samples.pdf() if content is None else content)
    return payment_record_transfer(
        user=user,
        order_id=order.pk,
        paid_on=timezone.localdate(),
        reference="TRF-20260301-0001",
        proof_upload=proof,
    )


def _ls(user: User, order: Order) -> Payment:
    today = timezone.localdate()
    return payment_record_ls(
        user=user,
        order_id=order.pk,
        sp2d_number="00123/SP2D/LS/2026",
        sp2d_date=today,
        paid_on=today,
    )


def _kkpd(user: User, order: Order) -> Payment:
    return payment_record_kkpd(
        user=user, order_id=order.pk, paid_on=timezone.localdate(), card_reference="KKPD-778812"
    )


def _paid(order: Order) -> Order:
    order.refresh_from_db()
    assert order.status == S.DIBAYAR
    assert order.paid_at is not None
    return order


# --- each channel pays once ---------------------------------------------------------


def test_a_transfer_is_paid_once_with_its_proof_kept_for_the_orders_readers(
    market: Market, private_media: Path
) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    payment = _transfer(bendahara(market), order)

    _paid(order)
    assert payment.channel == PaymentChannel.TRANSFER
    assert payment.amount == order.invoice.net_to_vendor
    assert payment.reference == "TRF-20260301-0001"
    assert payment.recorded_by == bendahara(market)
    proof = payment.proof
    assert proof is not None
    assert (proof.kind, proof.owner_id) == (DocumentKind.PAYMENT_PROOF, order.opd_id)
    assert len(PdfReader(storage.private_root().parent / proof.path).pages) == 1
    # The order's readers read the proof: the vendor, the kab/kota admin, the
    # auditor and the OPD's members; another vendor or OPD does not.
    world = market.world
    for name in ("pemilik.vendor", "admin.batang", "auditor.provinsi", "pp.batang"):
        assert can_read_file(world.user(name), proof), name
    for name in ("pemilik.kendal", "pp.kendal", "admin.kendal", "pendamping.batang"):
        assert not can_read_file(User.objects.get(username=name), proof), name

    with pytest.raises(DomainError) as again:
        _transfer(bendahara(market), order)
    assert again.value.code == "already_paid"
    assert Payment.objects.filter(order=order).count() == 1
    assert StoredFile.objects.filter(kind=DocumentKind.PAYMENT_PROOF).count() == 1


def test_a_kkpd_payment_is_recorded_once(market: Market) -> None:
    order = invoiced(market, PaymentChannel.KKPD)
    payment = _kkpd(bendahara(market), order)

    _paid(order)
    assert (payment.channel, payment.reference) == (PaymentChannel.KKPD, "KKPD-778812")
    assert payment.proof is None
    with pytest.raises(DomainError) as again:
        _kkpd(bendahara(market), order)
    assert again.value.code == "already_paid"


def test_an_ls_payment_keeps_its_sp2d(market: Market) -> None:
    order = invoiced(market, PaymentChannel.LS_SP2D)
    payment = _ls(bendahara(market), order)

    _paid(order)
    assert payment.reference == "00123/SP2D/LS/2026"
    assert payment.sp2d_date == timezone.localdate()
    assert payment.amount == order.invoice.net_to_vendor
    with pytest.raises(DomainError) as again:
        _ls(bendahara(market), order)
    assert again.value.code == "already_paid"


def test_an_sp2d_dated_after_the_payment_is_refused(market: Market) -> None:
    order = invoiced(market, PaymentChannel.LS_SP2D)
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        payment_record_ls(
            user=bendahara(market),
            order_id=order.pk,
            sp2d_number="1/SP2D",
            sp2d_date=today,
            paid_on=today - datetime.timedelta(days=1),
        )
    assert refused.value.code == "invalid"
    assert "sp2d_date" in refused.value.fields


def test_a_payment_date_before_the_bast_or_after_today_is_refused(market: Market) -> None:
    order = invoiced(market, PaymentChannel.KKPD)
    for paid_on in (timezone.localdate() + datetime.timedelta(days=1), datetime.date(2020, 1, 1)):
        with pytest.raises(DomainError) as refused:
            payment_record_kkpd(
                user=bendahara(market), order_id=order.pk, paid_on=paid_on, card_reference="K-1"
            )
        assert refused.value.fields.keys() == {"paid_on"}
    order.refresh_from_db()
    assert order.status == S.DITAGIH


# --- who may pay --------------------------------------------------------------------


def test_only_the_bendahara_of_the_ordering_opd_pays(market: Market) -> None:
    order = invoiced(market, PaymentChannel.LS_SP2D)
    world = market.world
    # Readers of the order who are not its bendahara: refused, not_allowed.
    for user in (buyer(market), ppk(market), vendor_user(market), world.user("admin.batang")):
        with pytest.raises(Forbidden) as refused:
            _ls(user, order)
        assert refused.value.code == "not_allowed"
    auditor = world.user("auditor.provinsi")
    with pytest.raises(Forbidden):
        _ls(auditor, order)
    # Another OPD's bendahara, another vendor: the order does not exist for them.
    other = make_user("bendahara.kendal", Role.BENDAHARA, world.opd_kendal)
    for stranger in (other, User.objects.get(username="pemilik.kendal")):
        with pytest.raises(NotFound):
            _ls(stranger, order)
    order.refresh_from_db()
    assert order.status == S.DITAGIH
    assert not Payment.objects.filter(order=order).exists()


def test_an_inactive_bendahara_gets_not_found(market: Market) -> None:
    order = invoiced(market, PaymentChannel.LS_SP2D)
    User.objects.filter(pk=bendahara(market).pk).update(is_active=False)
    with pytest.raises(NotFound):
        _ls(User.objects.get(username="bendahara.batang"), order)


# --- the channel, the state -----------------------------------------------------------


def test_another_channel_than_the_orders_is_refused(market: Market, private_media: Path) -> None:
    order = invoiced(market, PaymentChannel.LS_SP2D)
    for record in (_kkpd, lambda user, o: _transfer(user, o)):
        with pytest.raises(DomainError) as refused:
            record(bendahara(market), order)
        assert refused.value.code == "channel_mismatch"
    assert not StoredFile.objects.filter(kind=DocumentKind.PAYMENT_PROOF).exists()
    order.refresh_from_db()
    assert order.status == S.DITAGIH


def test_kkpd_needs_an_invoice_made_for_kkpd(market: Market) -> None:
    """An order switched to KKPD after its invoice (taxes withheld for a
    bendahara) cannot be paid by card."""
    order = invoiced(market, PaymentChannel.LS_SP2D)
    Order.objects.filter(pk=order.pk).update(payment_channel=PaymentChannel.KKPD)
    with pytest.raises(DomainError) as refused:
        _kkpd(bendahara(market), order)
    assert refused.value.code == "channel_mismatch"


def test_paying_without_the_bast_or_the_invoice_is_refused(market: Market) -> None:
    product = live_product(market)
    received = make_order(market, S.DITERIMA, product)
    signed = make_order(market, S.BAST_DITANDATANGANI, product)
    for order in (received, signed):
        channel_step(PaymentChannel.LS_SP2D)(market, order)
        with pytest.raises(DomainError) as refused:
            _ls(bendahara(market), order)
        assert refused.value.code == "invalid_transition"
    assert not Payment.objects.exists()


# --- the proof ------------------------------------------------------------------------


def test_a_fake_pdf_is_refused_and_nothing_is_kept(market: Market, private_media: Path) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    with pytest.raises(DomainError) as refused:
        _transfer(bendahara(market), order, content=samples.EXE, name="bukti.pdf")
    assert refused.value.code == "invalid_file"
    assert "proof" in refused.value.fields
    with pytest.raises(DomainError) as scripted:
        _transfer(bendahara(market), order, content=samples.pdf_with_javascript())
    assert scripted.value.code == "invalid_file"
    order.refresh_from_db()
    assert order.status == S.DITAGIH
    assert not StoredFile.objects.filter(kind=DocumentKind.PAYMENT_PROOF).exists()
    assert not [path for path in private_media.rglob("*") if path.is_file()]


def test_a_transfer_without_proof_or_reference_is_refused(market: Market) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    with pytest.raises(DomainError) as no_proof:
        payment_record_transfer(
            user=bendahara(market),
            order_id=order.pk,
            paid_on=timezone.localdate(),
            reference="TRF-1",
            proof_upload=None,
        )
    assert no_proof.value.fields.keys() == {"proof"}
    with pytest.raises(DomainError) as no_reference:
        payment_record_kkpd(
            user=bendahara(market),
            order_id=order.pk,
            paid_on=timezone.localdate(),
            card_reference="  ",
        )
    assert no_reference.value.fields.keys() == {"reference"}


def test_a_photo_is_a_proof_too(market: Market, private_media: Path) -> None:
    order = invoiced(market, PaymentChannel.TRANSFER)
    payment = _transfer(bendahara(market), order, content=samples.jpeg(), name="struk.jpg")
    assert payment.proof is not None
    assert payment.proof.content_type == "image/jpeg"


# --- completion -----------------------------------------------------------------------


def test_the_vendor_completes_a_paid_order_once(market: Market) -> None:
    order = make_order(market, S.DIBAYAR, live_product(market))
    done = order_complete(user=vendor_user(market), order_id=order.pk)
    assert done.status == S.SELESAI
    assert done.completed_at is not None
    again = order_complete(user=market.world.user("staf.vendor"), order_id=order.pk)
    assert again.completed_at == done.completed_at
    assert order.status_changes.filter(to_status=S.SELESAI).count() == 1


def test_only_the_vendor_completes(market: Market) -> None:
    product = live_product(market)
    order = make_order(market, S.DIBAYAR, product)
    for user in (bendahara(market), ppk(market), market.world.user("auditor.provinsi")):
        with pytest.raises(Forbidden):
            order_complete(user=user, order_id=order.pk)
    with pytest.raises(NotFound):
        order_complete(user=User.objects.get(username="pemilik.kendal"), order_id=order.pk)
    invoiced_only = invoiced(market, PaymentChannel.LS_SP2D, product)
    with pytest.raises(DomainError) as refused:
        order_complete(user=vendor_user(market), order_id=invoiced_only.pk)
    assert refused.value.code == "invalid_transition"


def test_the_job_completes_orders_paid_long_ago_once(market: Market) -> None:
    product = live_product(market)
    old = make_order(market, S.DIBAYAR, product)
    recent = make_order(market, S.DIBAYAR, product)
    paid_long_ago(Order.objects.filter(pk=old.pk))

    assert orders_complete_overdue() == 1
    assert orders_complete_overdue() == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (S.SELESAI, S.DIBAYAR)
    change = old.status_changes.get(to_status=S.SELESAI)
    assert change.actor is None
    # Weeks later, the recent one is due too.
    later = timezone.now() + datetime.timedelta(days=30)
    assert orders_complete_overdue(now=later) == 1
    recent.refresh_from_db()
    assert recent.status == S.SELESAI
