"""Every job of the schedule runs twice safely: a job may be delivered twice, or
run again after a scheduler restart. Each case gives the job some work, runs
it twice, and checks that the second run found nothing left to do.

A job added to config/schedule.py without a case here fails the first test.
"""

import datetime
import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from blangkon.accounts.models import LoginFailure, MailLinkKind, MailLinkRequest
from blangkon.audit.services import audit_record
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.bulk.services import bulk_upload_create
from blangkon.catalog.status import BulkUploadStatus
from blangkon.catalog.tests.bulk_fixtures import owner, private_media, vendor, xlsx_upload
from blangkon.catalog.transitions import bulk_upload_transition
from blangkon.documents.storage import private_root
from blangkon.scheduling.models import ScheduledRun
from blangkon.scheduling.rules import Job
from blangkon.scheduling.services import job_task
from blangkon.vendors.models import Vendor, VendorCertificate
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import make_vendor
from config.schedule import JOBS

__all__ = ["owner", "private_media", "vendor"]  # fixtures of the bulk upload case

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)

# Each case prepares work and returns what the first and the second run return.
Case = Callable[[pytest.FixtureRequest], tuple[Any, Any]]


def stalled_bulk_upload(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    owner = request.getfixturevalue("owner")
    request.getfixturevalue("queued_tasks")  # queued, not run: the worker "died"
    upload = bulk_upload_create(actor=owner, upload=xlsx_upload(sample_rows(2).content))
    bulk_upload_transition(upload_id=upload.pk, to=BulkUploadStatus.RUNNING, actor=owner)
    return {"resumed": 1, "failed": 0}, {"resumed": 0, "failed": 0}


def ended_sanction(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("world")
    make_vendor(status=VendorStatus.SUSPENDED, sanction_until=YESTERDAY)
    return 1, 0


def expired_certificate(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("world")
    vendor: Vendor = make_vendor(status=VendorStatus.VERIFIED)
    VendorCertificate.objects.create(
        vendor=vendor, kind="halal", number="ID33110000123", expires_on=YESTERDAY
    )
    return 1, 0


def yesterdays_tie_order(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_state SET seed = 0")
    return True, False


def combinations(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    from blangkon.search.services import track_combinations

    tracked = track_combinations()  # the synonym phrases, with no products
    return tracked, tracked


def orphaned_file(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    orphan = private_root() / "1" / "lost.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4 left by a rolled-back upload")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(orphan, (two_hours_ago, two_hours_ago))
    return 1, 0


def old_scheduler_record(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    ScheduledRun.objects.create(
        job="vendors.lift_expired_sanctions", slot=timezone.now() - datetime.timedelta(days=60)
    )
    return 1, 0


def old_sign_in_records(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    LoginFailure.objects.create(username="pp.batang", ip_address="198.51.100.1")
    MailLinkRequest.objects.create(kind=MailLinkKind.LOGIN_LINK, ip_address="198.51.100.1")
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(days=2))
    MailLinkRequest.objects.update(at=timezone.now() - datetime.timedelta(hours=2))
    LoginFailure.objects.create(username="pp.batang", ip_address="198.51.100.2")  # still counts
    return {"login_failures": 1, "mail_requests": 1}, {"login_failures": 0, "mail_requests": 0}


def audit_rows(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    with transaction.atomic():
        audit_record(actor=None, action="opd.create")
        audit_record(actor=None, action="opd.address_add")
    checked = {"rows": 2, "head": 2}  # it only reads: the same answer twice
    return checked, checked


def missing_holiday(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("db")
    from blangkon.procurement.models import HolidayDate
    from blangkon.procurement.services import holidays_import

    year = timezone.localdate().year
    holidays_import([year, year + 1])  # whatever the migration did not load
    HolidayDate.objects.filter(date__year=year + 1).earliest("date").delete()
    return 1, 0


def digest_notifications(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    world = request.getfixturevalue("world")
    from blangkon.notifications.models import EmailMode
    from blangkon.notifications.services import notification_preference_set, notify

    admin = world.user("admin.batang")
    notification_preference_set(user=admin, email_mode=EmailMode.DAILY_DIGEST)
    notify(recipients=[admin], code="vendor.submitted", params={"vendor": "CV A"}, url="/a/")
    return 1, 0  # one mail, then none


def overdue_order(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    market = request.getfixturevalue("market")
    from blangkon.orders.models import Order
    from blangkon.orders.status import OrderStatus
    from blangkon.orders.tests.order_factories import live_product, make_order

    order = make_order(market, OrderStatus.MENUNGGU_PERSETUJUAN, live_product(market), 1)
    Order.objects.filter(pk=order.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    return 1, 0  # cancelled once, then nothing left


def unanswered_negotiation(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    market = request.getfixturevalue("market")
    from blangkon.orders.negotiation_models import Negotiation
    from blangkon.orders.negotiation_services import ProposedLine, negotiation_open
    from blangkon.orders.status import OrderStatus
    from blangkon.orders.tests.order_factories import buyer, live_product, make_order

    order = make_order(market, OrderStatus.DRAFT, live_product(market), 2)
    line = order.lines.get()
    negotiation = negotiation_open(
        user=buyer(market),
        order_id=order.pk,
        lines=[ProposedLine(line.pk, line.unit_price - 1_000, 2)],
    )
    Negotiation.objects.filter(pk=negotiation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return 1, 0  # expired once, then nothing left


def unpaid_invoice(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    market = request.getfixturevalue("market")
    from blangkon.payments.tests.payment_factories import invoiced_order

    invoiced_order(market, timezone.localdate() - datetime.timedelta(days=60))
    # Long past its deadline: marked late and the bendahara told once.
    return {"reminded": 0, "overdue": 1}, {"reminded": 0, "overdue": 0}


def paid_order_unconfirmed(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    market = request.getfixturevalue("market")
    from blangkon.orders.models import Order
    from blangkon.orders.status import OrderStatus
    from blangkon.orders.tests.order_factories import live_product, make_order
    from blangkon.payments.tests.payment_steps import paid_long_ago

    order = make_order(market, OrderStatus.DIBAYAR, live_product(market), 1)
    paid_long_ago(Order.objects.filter(pk=order.pk))
    return 1, 0  # completed once, then nothing left


def rating_past_its_window(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    market = request.getfixturevalue("market")
    from blangkon.orders.models import Order
    from blangkon.orders.status import OrderStatus
    from blangkon.orders.tests.order_factories import live_product, make_order, ppk
    from blangkon.ratings.services import rating_by_ppk

    order = make_order(market, OrderStatus.SELESAI, live_product(market))
    rating_by_ppk(user=ppk(market), order_id=order.pk, quality=4, timeliness=5, conformity=4)
    Order.objects.filter(pk=order.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=15)
    )
    return 1, 0  # the PPK's rating published once, then nothing left


def signed_order_to_publish(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    request.getfixturevalue("private_media")
    market = request.getfixturevalue("market")
    from blangkon.orders.status import OrderStatus
    from blangkon.orders.tests.order_factories import live_product, make_order
    from blangkon.transparency.models import PublishedFile

    make_order(market, OrderStatus.MENUNGGU_KONFIRMASI, live_product(market), 1)
    assert not PublishedFile.objects.exists()
    # CSV, XLSX and JSON of this year and of all years, each time the same names.
    written = {"written": 6, "removed": 0, "skipped": False}
    return written, written


def planted_near_ceiling(request: pytest.FixtureRequest) -> tuple[Any, Any]:
    market = request.getfixturevalue("market")
    from blangkon.red_flags.tests.planting import signed_order

    signed_order(market, 46_000_000, YESTERDAY)  # 92 % of the ceiling
    return {"raised": 1, "back": 0, "gone": 0}, {"raised": 0, "back": 0, "gone": 0}


CASES: dict[str, Case] = {
    "catalog.recover_bulk_uploads": stalled_bulk_upload,
    "vendors.lift_expired_sanctions": ended_sanction,
    "vendors.expire_certificates": expired_certificate,
    "search.reshuffle": yesterdays_tie_order,
    "search.combinations": combinations,
    "documents.sweep_orphan_files": orphaned_file,
    "scheduling.prune_task_results": old_scheduler_record,
    "accounts.prune_sign_in_records": old_sign_in_records,
    "audit.verify_chain": audit_rows,
    "procurement.import_holidays": missing_holiday,
    "notifications.daily_digest": digest_notifications,
    "orders.time_out": overdue_order,
    "orders.expire_negotiations": unanswered_negotiation,
    "payments.clock": unpaid_invoice,
    "payments.complete_paid_orders": paid_order_unconfirmed,
    "ratings.publish_due": rating_past_its_window,
    "transparency.opendata_publish": signed_order_to_publish,
    "red_flags.refresh": planted_near_ceiling,
}


def test_every_scheduled_job_has_a_case_here() -> None:
    assert {job.name for job in JOBS} == set(CASES)


# Marked (not only asking for `db` inside the cases) so that pytest-django runs it
# with the database tests, before the transactional tests flush reference data.
@pytest.mark.django_db
@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_a_scheduled_job_run_twice_does_its_work_once(
    job: Job, request: pytest.FixtureRequest
) -> None:
    first, second = CASES[job.name](request)
    task = job_task(job)
    assert task.call() == first
    assert task.call() == second
