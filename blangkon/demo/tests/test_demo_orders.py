"""The demo orders: the small scale's orders in every state, each visible to
the demo roles that should see it, and the bulk-written history on a reduced
scale with the seed scale's invariants (the full seed scale is checked in
test_seed_demo.py).

The small scale is seeded once per module (conftest.py), each test in a
savepoint of it.
"""

import dataclasses
import datetime
import hashlib
import io
import random

import pytest
from django.db import transaction
from PIL import Image
from pypdf import PdfReader

from blangkon.accounts.models import User
from blangkon.audit.models import AuditEvent
from blangkon.demo.scales import PROVINCE_CODE, SCALES
from blangkon.demo.seeders.order_history import seed_order_history
from blangkon.demo.seeders.order_paying import PAST_DAYS
from blangkon.demo.seeders.products import REFERENCE_DAY
from blangkon.demo.tests.order_invariants import assert_order_history
from blangkon.documents.storage import file_read
from blangkon.orders.models import Order
from blangkon.orders.order_access import may_read
from blangkon.orders.order_lists import queue_orders
from blangkon.orders.order_selectors import next_actions
from blangkon.orders.order_services import orders_time_out_overdue
from blangkon.orders.status import BastParty, FlagKind, PaymentChannel
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import ORDER_MACHINE
from blangkon.paperwork.models import IssuedDocument, PaperKind
from blangkon.payments.models import (
    BankCallback,
    CallbackOutcome,
    Invoice,
    Payment,
    VirtualAccount,
)
from blangkon.payments.payment_clock import payment_due_on
from blangkon.ratings.models import OpdRating, RatingReply, VendorRating

FEATURED = {"batang": "33.25", "kendal": "33.24"}
# Who reads every order of their kab/kota's Setda, and who reads all of them.
KAB_KOTA_READERS = ["pp", "ppk", "bendahara", "admin.opd", "admin"]
EVERY_READER = ["pemilik.vendor", "staf.vendor", "auditor.provinsi", "admin.provinsi"]


def orders_of(slug: str) -> list[Order]:
    return list(
        Order.objects.filter(opd__region_id=FEATURED[slug], opd__parent__isnull=False)
        .select_related("opd", "vendor")
        .order_by("id")
    )


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.parametrize("slug", list(FEATURED))
def test_every_state_is_there_for_each_featured_kab_kota(demo, slug) -> None:
    statuses = {order.status for order in orders_of(slug)}

    assert statuses == set(S.values)


@pytest.mark.parametrize("slug", list(FEATURED))
def test_each_demo_role_reads_the_orders_of_its_kab_kota_only(demo, slug) -> None:
    other = next(s for s in FEATURED if s != slug)
    orders = orders_of(slug)
    readers = [user(f"{prefix}.{slug}") for prefix in KAB_KOTA_READERS]
    readers += [user(username) for username in EVERY_READER]
    strangers = [user(f"{prefix}.{other}") for prefix in KAB_KOTA_READERS]
    strangers += [user(f"pendamping.{slug}"), user("penyedia.kendal")]

    for order in orders:
        for reader in readers:
            assert may_read(reader, order), (reader.username, order.status)
        for stranger in strangers:
            assert not may_read(stranger, order), (stranger.username, order.status)


def test_each_role_has_something_to_act_on(demo) -> None:
    batang = {order.status: order for order in orders_of("batang")}
    ppk = user("ppk.batang")

    # The PP's draft and the PPK's signature wait for the demo users themselves.
    assert batang[S.DRAFT].created_by == user("pp.batang")
    assert batang[S.MENUNGGU_PERSETUJUAN].approved_by is None
    # The received order carries the vendor's BAST signature: the PPK's is next.
    parties = set(batang[S.DITERIMA].bast_signatures.values_list("party", flat=True))
    assert parties == {BastParty.VENDOR}
    signed = batang[S.BAST_DITANDATANGANI]
    assert {s.party for s in signed.bast_signatures.all()} == set(BastParty.values)
    assert signed.approved_by == ppk
    # The dispute is the kab/kota admin's to resolve.
    assert batang[S.SENGKETA].dispute_reason


def test_a_provincial_opds_dispute_waits_for_the_province_admin(demo) -> None:
    provincial = Order.objects.filter(opd__region_id=PROVINCE_CODE)
    dispute = provincial.get()
    assert dispute.status == S.SENGKETA
    assert dispute.dispute_reason
    admin = user("admin.provinsi")

    assert "resolve-dispute" in next_actions(admin, dispute, signed_by=[])
    assert dispute in queue_orders(admin, "sengketa")
    for username in ("admin.batang", "admin.kendal"):
        assert not may_read(user(username), dispute), username
        assert dispute not in queue_orders(user(username), "sengketa")
    # And the kab/kota disputes are not the province admin's to resolve.
    for order in Order.objects.filter(status=S.SENGKETA).exclude(pk=dispute.pk):
        assert "resolve-dispute" not in next_actions(admin, order, signed_by=[])


def test_the_orders_went_through_the_services(demo) -> None:
    provincial = list(Order.objects.filter(opd__region_id=PROVINCE_CODE))
    for order in orders_of("batang") + orders_of("kendal") + provincial:
        changes = list(order.status_changes.order_by("at", "id"))
        previous = ""
        for change in changes:
            assert change.from_status == previous
            assert previous == "" or ORDER_MACHINE.can_move(previous, change.to_status)
            previous = change.to_status
        assert previous == order.status
        audited = AuditEvent.objects.filter(object_type="orders.order", object_id=str(order.pk))
        # One audit row per move (the bendahara's choice of channel is audited too, not a move).
        moves = [f"order.{status}" for status in S.values]
        assert audited.filter(action__in=moves).count() == len(changes)
        # Stock is held from the PPK's signature until the order ends without delivery.
        taken = sum(order.lines.values_list("stock_taken", flat=True))
        assert order.stock_held == (taken > 0)
        ended = order.status in (S.DIBATALKAN, S.DITOLAK, S.BATAL_OTOMATIS)
        assert not (ended and order.stock_held)


def test_near_ceiling_and_justified_splitting_are_flagged(demo) -> None:
    flagged = {flag.kind: flag.order for order in orders_of("batang") for flag in order.flags.all()}

    assert set(flagged) == {FlagKind.NEAR_CEILING, FlagKind.SPLIT_JUSTIFIED}
    assert flagged[FlagKind.NEAR_CEILING].total >= 45_000_000
    split = flagged[FlagKind.SPLIT_JUSTIFIED]
    assert split.split_justification
    assert split.status == S.MENUNGGU_KONFIRMASI


def test_waiting_orders_are_not_timed_out_after_seeding(demo) -> None:
    assert orders_time_out_overdue() == 0


def test_bulk_history_on_a_reduced_scale_keeps_the_invariants(demo) -> None:
    # The seed scale's rules on the small world: three transacting kab/kota,
    # whose few caterers limit what the figures can be.
    scale = dataclasses.replace(
        SCALES["small"], orders=80, transacted_rupiah=400_000_000, top_category_rupiah=80_000_000
    )
    reference = REFERENCE_DAY["small"]

    orders = seed_order_history(scale, reference, random.Random(7))

    assert 50 <= len(orders) <= 130
    assert_order_history(orders, scale, reference)


def test_bulk_history_is_deterministic(demo) -> None:
    scale = dataclasses.replace(
        SCALES["small"], orders=30, transacted_rupiah=150_000_000, top_category_rupiah=40_000_000
    )

    def run() -> list[tuple[str, int, str]]:
        with transaction.atomic():
            orders = seed_order_history(scale, REFERENCE_DAY["small"], random.Random(3))
            result = [(o.number, o.total, str(o.approved_at)) for o in orders]
            transaction.set_rollback(True)
        return result

    assert run() == run()


# --- paying: invoiced, paid by each channel, completed, rated, documented --------------

CHANNELS = list(PaymentChannel.values)


@pytest.mark.parametrize("slug", list(FEATURED))
def test_every_paying_state_is_there_on_every_channel(demo, slug) -> None:
    there = {(order.status, order.payment_channel) for order in orders_of(slug)}

    for status in (S.DITAGIH, S.DIBAYAR, S.SELESAI):
        for channel in CHANNELS:
            assert (status, channel) in there, (status, channel)


@pytest.mark.parametrize("slug", list(FEATURED))
def test_invoiced_orders_wait_for_the_bendahara(demo, slug) -> None:
    invoiced = [order for order in orders_of(slug) if order.status == S.DITAGIH]

    for order in invoiced:
        invoice = Invoice.objects.get(order=order)
        assert invoice.net_to_vendor == invoice.price - invoice.withheld
        assert not Payment.objects.filter(order=order).exists()
    va_order = next(o for o in invoiced if o.payment_channel == PaymentChannel.VA)
    va = VirtualAccount.objects.get(order=va_order)
    assert va.paid_at is None
    assert va.amount == va_order.invoice.net_to_vendor


@pytest.mark.parametrize("slug", list(FEATURED))
def test_each_channel_paid_the_invoices_net(demo, slug) -> None:
    paid = [o for o in orders_of(slug) if o.status in (S.DIBAYAR, S.SELESAI)]
    payments = {(p.order.status, p.channel): p for p in Payment.objects.filter(order__in=paid)}

    assert set(payments) == {(s, c) for s in (S.DIBAYAR, S.SELESAI) for c in CHANNELS}
    bendahara = user(f"bendahara.{slug}")
    for (_status, channel), payment in payments.items():
        assert payment.amount == payment.order.invoice.net_to_vendor
        if channel == PaymentChannel.VA:
            # Paid by the bank's signed message, verified like any bank's.
            assert payment.recorded_by is None
            callback = BankCallback.objects.get(va_number=payment.reference)
            assert callback.outcome == CallbackOutcome.PAID
            assert callback.virtual_account is not None
            assert callback.virtual_account.paid_at is not None
        else:
            assert payment.recorded_by == bendahara
        if channel == PaymentChannel.TRANSFER:
            assert payment.proof is not None
            proof = Image.open(io.BytesIO(file_read(payment.proof.path)))
            assert proof.format == "PNG"
            assert proof.size == (320, 160)
        if channel == PaymentChannel.LS_SP2D:
            assert payment.sp2d_date is not None
            assert payment.sp2d_date <= payment.paid_on


@pytest.mark.parametrize("slug", list(FEATURED))
def test_two_orders_are_paid_late_weeks_after_their_bast(demo, slug) -> None:
    payments = Payment.objects.filter(order__in=orders_of(slug)).select_related("order")
    late = [p for p in payments if p.days_from_bast > 0]

    assert sorted(p.order.status for p in late) == [S.DIBAYAR, S.SELESAI]
    for payment in late:
        order = payment.order
        assert payment.days_from_bast == PAST_DAYS
        # The payment clock judged it late: paid after the deadline's day.
        assert payment.late
        assert payment.paid_on > payment_due_on(order)
        # The back-dated stamps and history rows agree, the BAST's signatures too.
        bast_move = order.status_changes.get(to_status=S.BAST_DITANDATANGANI)
        assert order.bast_signed_at is not None
        # (the service stamps them in one transaction, a few microseconds apart)
        assert abs(bast_move.at - order.bast_signed_at) < datetime.timedelta(seconds=1)
        last_signature = order.bast_signatures.order_by("-signed_at").first()
        assert last_signature is not None
        assert abs(last_signature.signed_at - order.bast_signed_at) < datetime.timedelta(seconds=1)
        invoiced = order.status_changes.get(to_status=S.DITAGIH)
        assert (invoiced.at - order.bast_signed_at).days >= PAST_DAYS - 1
    assert all(p.days_from_bast == 0 and not p.late for p in payments if p not in late)


def test_completed_orders_are_rated_by_both_sides_or_one(demo) -> None:
    completed = [o for s in FEATURED for o in orders_of(s) if o.status == S.SELESAI]
    ppk_rated = VendorRating.objects.filter(order__in=completed)
    vendor_rated = OpdRating.objects.filter(order__in=completed)

    assert len(completed) == 8
    both = set(ppk_rated.values_list("order_id", flat=True)) & set(
        vendor_rated.values_list("order_id", flat=True)
    )
    assert both
    assert all(r.published_at is not None for r in ppk_rated.filter(order_id__in=both))
    assert ppk_rated.exclude(order_id__in=both).filter(published_at__isnull=True).exists()
    assert RatingReply.objects.filter(rating__order__in=completed).exists()


def test_completed_orders_have_every_document_as_a_pdf(demo) -> None:
    completed = [o for s in FEATURED for o in orders_of(s) if o.status == S.SELESAI]

    for order in completed:
        documents = {d.kind: d for d in IssuedDocument.objects.filter(order=order)}
        assert set(documents) == set(PaperKind.values)
        for document in documents.values():
            content = bytes(document.content)
            assert content.startswith(b"%PDF")
            assert hashlib.sha256(content).hexdigest() == document.sha256
            assert len(PdfReader(io.BytesIO(content)).pages) >= 1
