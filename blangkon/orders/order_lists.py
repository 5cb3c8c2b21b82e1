"""Reads of many orders: who sees which, the queues of what waits for each
role, the filters of the list page and the API, and the flagged orders.

Visibility (`orders_visible_to`) follows the readers of one order
(order_access.may_read) with one narrowing for vendors:

- an OPD's officials see every order of their OPD;
- a vendor's users see their vendor's orders from the moment the buyer
  submits them (`submitted_at` is set, whatever happened after, a later
  cancellation included). A draft is the buyer's working copy: it may be
  rebuilt, split differently or never sent, and listing it would show the
  vendor a purchase nobody decided on. A draft the buyer opened a
  negotiation on is the vendor's business too: it is listed from then on
  (`_vendor_sees`);
- the kab/kota admins see the orders of the OPDs of their pemda;
- auditors and the province's admins see every order;
- everyone else sees none.

A queue is "what needs me now": orders waiting for the user's next move,
earliest deadline first. Only two waits have a fixed deadline (see
order_deadlines), and each deadline grows with the moment its clock started,
so every queue is ordered by the moment the order started waiting, oldest
first: the same order as by deadline, and one the database can page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OPD_ROLES, VENDOR_ROLES, Role
from blangkon.core.errors import NotFound
from blangkon.orders.access import can_buy
from blangkon.orders.models import BastSignature, Order, OrderFlag, OrderLine
from blangkon.orders.negotiation_models import Negotiation
from blangkon.orders.order_access import ALL_ORDERS_READERS, PEMDA_ADMIN_ROLES, RECEIVER_ROLES
from blangkon.orders.status import BastParty
from blangkon.orders.status import OrderStatus as S
from blangkon.vendors.models import Vendor

# How long an order that ended without delivery stays in its buyer's queue.
ENDED_RECENTLY_DAYS = 14
# How long a flagged order stays in the queues of those who watch flags (the
# flags page lists them all).
FLAGGED_RECENTLY_DAYS = 30
FLAG_READERS = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN, Role.AUDITOR})


def _vendor_sees() -> Q:
    negotiated = Negotiation.objects.filter(order=OuterRef("pk"))
    return Q(submitted_at__isnull=False) | Q(Exists(negotiated))


def _visibility(user: User) -> Q | None:
    """The condition on orders `user` sees; None when they see none."""
    if not user.is_active or user.organisation_id is None:
        return None
    if user.role in ALL_ORDERS_READERS:
        return Q()
    if user.role in OPD_ROLES:
        return Q(opd_id=user.organisation_id)
    if user.role in VENDOR_ROLES:
        return _vendor_sees() & Q(vendor__organisation_id=user.organisation_id)
    if user.role == Role.KAB_KOTA_ADMIN:
        return Q(opd__parent_id=user.organisation_id)
    return None


def sees_orders(user: User) -> bool:
    """Whether the user's role has orders to see at all (the navigation's
    "Orders" link)."""
    return _visibility(user) is not None


def orders_visible_to(user: User) -> QuerySet[Order]:
    """The orders `user` may see in lists (see the module's docstring)."""
    condition = _visibility(user)
    if condition is None:
        return Order.objects.none()
    return Order.objects.filter(condition)


# --- queues -----------------------------------------------------------------------


def _bast_unsigned_by(party: str) -> Q:
    signed = BastSignature.objects.filter(order=OuterRef("pk"), party=party)
    return Q(status=S.DITERIMA) & ~Q(Exists(signed))


def _ended_recently(user: User) -> Q:
    since = timezone.now() - datetime.timedelta(days=ENDED_RECENTLY_DAYS)
    ended = Q(cancelled_at__gte=since) | Q(declined_at__gte=since) | Q(timed_out_at__gte=since)
    stopped = Q(status__in=[S.DIBATALKAN, S.DITOLAK, S.BATAL_OTOMATIS])
    return stopped & ended & Q(created_by=user)


def _flagged_recently(_user: User) -> Q:
    since = timezone.now() - datetime.timedelta(days=FLAGGED_RECENTLY_DAYS)
    return Q(Exists(OrderFlag.objects.filter(order=OuterRef("pk"), created_at__gte=since)))


def _is_ppk(user: User) -> bool:
    return user.role == Role.PPK


def _may_receive(user: User) -> bool:
    """The PPK, or an official of the OPD the PPK appointed as a receiver."""
    return _is_ppk(user) or (
        user.role in RECEIVER_ROLES and Order.objects.filter(receiver=user).exists()
    )


def _to_receive(user: User) -> Q:
    shipped = Q(status=S.DIKIRIM)
    return shipped if _is_ppk(user) else shipped & Q(receiver=user)


def _is_vendor(user: User) -> bool:
    return user.role in VENDOR_ROLES


def _watches_flags(user: User) -> bool:
    return user.role in FLAG_READERS


def _same(condition: Q) -> Callable[[User], Q]:
    return lambda _user: condition


@dataclass(frozen=True)
class Queue:
    key: str  # the `queue` parameter of the page and the API
    label: str | Promise
    applies_to: Callable[[User], bool]
    condition: Callable[[User], Q]  # within the orders the user sees
    order_by: tuple[str, ...]  # earliest deadline (or longest wait) first
    # False for a queue that only informs (nothing to do but take note):
    # it is not counted in the home page's "needs you".
    needs_action: bool = True


QUEUES: tuple[Queue, ...] = (
    Queue(
        "draf",
        _("Drafts to submit"),
        can_buy,
        lambda user: Q(status=S.DRAFT, created_by=user),
        ("created_at", "id"),
    ),
    Queue(
        "berakhir",
        _("Cancelled or declined recently"),
        can_buy,
        _ended_recently,
        ("-updated_at", "-id"),
        needs_action=False,
    ),
    Queue(
        "persetujuan",
        _("To approve"),
        _is_ppk,
        # Separation of duties: a PPK never approves an order they built.
        lambda user: Q(status=S.MENUNGGU_PERSETUJUAN) & ~Q(created_by=user),
        ("submitted_at", "id"),
    ),
    Queue(
        "penerimaan",
        _("To receive and inspect"),
        _may_receive,
        _to_receive,
        ("shipped_at", "id"),
    ),
    Queue(
        "bast-ppk",
        _("BAST to sign"),
        _is_ppk,
        lambda _user: _bast_unsigned_by(BastParty.PPK),
        ("received_at", "id"),
    ),
    Queue(
        "konfirmasi",
        _("To confirm"),
        _is_vendor,
        _same(Q(status=S.MENUNGGU_KONFIRMASI)),
        ("approved_at", "id"),
    ),
    Queue(
        "pengiriman",
        _("To ship"),
        _is_vendor,
        _same(Q(status=S.DIPROSES)),
        ("accepted_at", "id"),
    ),
    Queue(
        "bast-penyedia",
        _("BAST to sign"),
        _is_vendor,
        lambda _user: _bast_unsigned_by(BastParty.VENDOR),
        ("received_at", "id"),
    ),
    Queue(
        "sengketa",
        _("Disputes"),
        lambda user: user.role in PEMDA_ADMIN_ROLES,
        # Those the reader resolves: of the OPDs of the reader's own pemda.
        lambda user: Q(status=S.SENGKETA, opd__parent_id=user.organisation_id),
        ("disputed_at", "id"),
    ),
    Queue(
        "tanda",
        _("Flagged recently"),
        _watches_flags,
        _flagged_recently,
        ("-approved_at", "-id"),
    ),
)
QUEUE_KEYS = tuple(queue.key for queue in QUEUES)


def queues_for(user: User) -> list[Queue]:
    if not sees_orders(user):
        return []
    return [queue for queue in QUEUES if queue.applies_to(user)]


def _queue(user: User, key: str) -> Queue | None:
    return next((queue for queue in queues_for(user) if queue.key == key), None)


def queue_orders(user: User, key: str) -> QuerySet[Order]:
    """The orders of one of the user's queues, earliest deadline first; none
    for a queue that is not the user's."""
    queue = _queue(user, key)
    if queue is None:
        return Order.objects.none()
    return orders_visible_to(user).filter(queue.condition(user)).order_by(*queue.order_by)


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    count: int


def queue_counts(user: User) -> list[QueueCount]:
    """Each of the user's queues with how many orders wait in it."""
    return [QueueCount(queue, queue_orders(user, queue.key).count()) for queue in queues_for(user)]


def needs_you_count(user: User) -> int:
    """The orders waiting for the user's move, over all their queues."""
    return sum(
        queue_orders(user, queue.key).count() for queue in queues_for(user) if queue.needs_action
    )


# --- filters ----------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    vendor_id: int | None = None
    opd_id: int | None = None
    # The day the order was created (its draft), Asia/Jakarta, both included.
    since: datetime.date | None = None
    until: datetime.date | None = None
    # Part of the order number or of a line's product name.
    text: str = ""
    queue: str = ""


def _filtered(orders: QuerySet[Order], filters: OrderFilters) -> QuerySet[Order]:
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.vendor_id is not None:
        orders = orders.filter(vendor_id=filters.vendor_id)
    if filters.opd_id is not None:
        orders = orders.filter(opd_id=filters.opd_id)
    if filters.since is not None:
        orders = orders.filter(created_at__date__gte=filters.since)
    if filters.until is not None:
        orders = orders.filter(created_at__date__lte=filters.until)
    text = filters.text.strip()
    if text:
        named = OrderLine.objects.filter(order=OuterRef("pk"), name__icontains=text)
        orders = orders.filter(Q(number__icontains=text) | Q(Exists(named)))
    return orders


def order_list(user: User, filters: OrderFilters) -> QuerySet[Order]:
    """The orders `user` sees, narrowed to a queue and the filters: a queue's
    earliest deadline first, otherwise the newest first."""
    orders = queue_orders(user, filters.queue) if filters.queue else orders_visible_to(user)
    return _filtered(orders, filters).select_related("opd", "vendor__organisation")


def vendor_choices(user: User) -> list[Vendor]:
    """The vendors of the orders the user sees, for the vendor filter."""
    ids = orders_visible_to(user).values("vendor_id")
    vendors = Vendor.objects.filter(pk__in=ids).select_related("organisation")
    return list(vendors.order_by("organisation__name"))


def opd_choices(user: User) -> list[Organisation]:
    """The OPDs of the orders the user sees, for the OPD filter."""
    ids = orders_visible_to(user).values("opd_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


# --- flags ------------------------------------------------------------------------


def may_read_flags(user: User) -> bool:
    return user.is_active and user.organisation_id is not None and _watches_flags(user)


def flags_visible_to(user: User) -> QuerySet[OrderFlag]:
    """Every flag on the orders of the admin's pemda (all, for an auditor or a
    province admin),
    newest first; NotFound for anyone else."""
    if not may_read_flags(user):
        raise NotFound()
    return (
        OrderFlag.objects.filter(order__in=orders_visible_to(user))
        .select_related("order", "order__opd", "order__vendor__organisation")
        .order_by("-created_at", "-id")
    )
