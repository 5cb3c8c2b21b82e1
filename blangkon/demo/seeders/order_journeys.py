"""Demo orders of Batang and Kendal in every state of the order machine, made
by the demo accounts through the real services (cart, checkout, each move),
so their history, audit rows, stock and BAST signatures are what a user's
would be.

Both Setda OPDs buy from the demo vendor (CV Sumber Rejeki Batang,
`pemilik.vendor` and `staf.vendor`), so every role has something to act on:
the PP a draft to submit, the PPK an order to sign, a delivery to inspect and
a BAST to sign, the vendor orders to accept, ship, sign, invoice and confirm
the money of, the kab/kota admin a dispute to resolve, the bendahara invoices
to pay. After the BAST each kab/kota has, for each payment channel (VA,
transfer, KKPD, LS/SP2D), an invoiced order (DITAGIH; the VA already issued),
a paid one (DIBAYAR) and a completed one (SELESAI, with its documents made and
rated by seed_ratings): order_paying.py. Batang also has an order flagged near
the ceiling and one the PPK signed with a written justification of possible
splitting. The province's procurement bureau, an OPD of the province itself,
has a disputed delivery for the province admin (`admin.provinsi`) to resolve.

Nothing is back-dated but the buying half of two orders per kab/kota, so the
payment clock can show them paid late (order_paying.py says how and why):
every other stamp is the moment of seeding, which the audit log (whose times
the database writes) confirms. The waiting orders therefore time out only
after their real deadlines in working days.
"""

import datetime
import math
from collections.abc import Callable
from itertools import combinations

from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.catalog.live import LIVE_PRODUCT_STATUS
from blangkon.catalog.models import Product
from blangkon.demo.scales import PROVINCE_CODE
from blangkon.demo.seeders import order_paying as paying
from blangkon.demo.seeders.context import SeedContext
from blangkon.demo.seeders.organisations import DEMO_VENDOR_NAME
from blangkon.orders import order_services as services
from blangkon.orders.models import Order
from blangkon.orders.services import cart_add
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.status import PaymentChannel
from blangkon.procurement.selectors import rules_today

# A line is worth about this much in an ordinary demo order.
LINE_VALUE = 1_500_000
# An ordinary order line takes at most this share of a product's stock: each
# product is in eleven of the line sets of each kab/kota (_ordinary_lines).
STOCK_SHARE = 25

Step = Callable[["_Buyer", Order], Order]

VENDOR_USERNAMES = ["pemilik.vendor", "staf.vendor"]


class _Buyer:
    """The buying officials of one OPD (PP, PPK, bendahara) and the demo
    vendor's accounts."""

    def __init__(self, pp: User, ppk: User, bendahara: User) -> None:
        vendor = {u.username: u for u in User.objects.filter(username__in=VENDOR_USERNAMES)}
        self.pp = pp
        self.ppk = ppk
        self.bendahara = bendahara
        self.owner = vendor["pemilik.vendor"]
        self.staff = vendor["staf.vendor"]

    @classmethod
    def featured(cls, slug: str) -> "_Buyer":
        """The fixed accounts of a featured kab/kota ("pp.batang")."""
        names = [f"pp.{slug}", f"ppk.{slug}", f"bendahara.{slug}"]
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        return cls(*(users[name] for name in names))

    @classmethod
    def first_officials_of(cls, opd: Organisation) -> "_Buyer":
        """The first official of each buying role of an OPD without fixed accounts."""
        officials = User.objects.filter(organisation=opd, is_active=True).order_by("id")

        def first(role: Role) -> User:
            found = officials.filter(role=role).first()
            assert found is not None, f"{opd.name} has no {role.label}."
            return found

        return cls(first(Role.PP), first(Role.PPK), first(Role.BENDAHARA))

    def order(self, lines: list[tuple[Product, int]], note: str = "") -> Order:
        for product, quantity in lines:
            cart_add(user=self.pp, product_id=product.pk, quantity=quantity)
        address = DeliveryAddress.objects.filter(opd_id=self.pp.organisation_id).first()
        assert address is not None
        return services.checkout(
            user=self.pp,
            vendor_id=lines[0][0].vendor_id,
            delivery_address_id=address.pk,
            kode_rup="31245678",
            budget_line="5.1.02.01.01.0024",
            funding_source="APBD",
            requested_arrival=timezone.localdate() + datetime.timedelta(days=7),
            note=note,
        ).order


def _submit(b: _Buyer, o: Order) -> Order:
    return services.order_submit(user=b.pp, order_id=o.pk)


def _approve(b: _Buyer, o: Order) -> Order:
    return services.order_approve(user=b.ppk, order_id=o.pk)


def _approve_justified(b: _Buyer, o: Order) -> Order:
    justification = (
        "Rak untuk gedung arsip baru, anggaran kegiatan berbeda dari pesanan sebelumnya."
    )
    return services.order_approve(user=b.ppk, order_id=o.pk, split_justification=justification)


def _accept(b: _Buyer, o: Order) -> Order:
    return services.order_accept(user=b.owner, order_id=o.pk)


def _ship_by_courier(b: _Buyer, o: Order) -> Order:
    return services.order_ship(
        user=b.staff, order_id=o.pk, courier="JNE", tracking_number=f"JNE{o.pk:010d}"
    )


def _ship_own(b: _Buyer, o: Order) -> Order:
    return services.order_ship(user=b.owner, order_id=o.pk, own_delivery=True)


def _inspection(b: _Buyer, o: Order, *, condition_ok: bool, note: str = "") -> Order:
    received = {line.pk: line.quantity for line in o.lines.all()}
    return services.order_receive(
        user=b.ppk, order_id=o.pk, received=received, condition_ok=condition_ok, note=note
    )


def _receive(b: _Buyer, o: Order) -> Order:
    return _inspection(b, o, condition_ok=True)


def _send_back(b: _Buyer, o: Order) -> Order:
    note = "Dua dus basah terkena hujan; mohon diganti."
    return _inspection(b, o, condition_ok=False, note=note)


def _vendor_signs(b: _Buyer, o: Order) -> Order:
    return services.order_sign_bast(user=b.owner, order_id=o.pk)


def _ppk_signs(b: _Buyer, o: Order) -> Order:
    return services.order_sign_bast(user=b.ppk, order_id=o.pk)


def _buyer_cancels(b: _Buyer, o: Order) -> Order:
    reason = "Kegiatan ditunda ke tahun anggaran berikutnya."
    return services.order_cancel(user=b.pp, order_id=o.pk, reason=reason)


def _ppk_cancels(b: _Buyer, o: Order) -> Order:
    reason = "Barang sudah dipenuhi dari persediaan gudang."
    return services.order_cancel(user=b.ppk, order_id=o.pk, reason=reason)


def _vendor_declines(b: _Buyer, o: Order) -> Order:
    reason = "Tidak sanggup mengirim sebelum tanggal yang diminta."
    return services.order_decline(user=b.owner, order_id=o.pk, reason=reason)


def _times_out(b: _Buyer, o: Order) -> Order:
    # The hourly job's move, asked for this order only (its deadline is days away).
    return services.order_time_out(order_id=o.pk, expected=o.status)


def _ppk_disputes(b: _Buyer, o: Order) -> Order:
    reason = "Jumlah barang yang datang kurang dari surat pesanan."
    return services.order_dispute(user=b.ppk, order_id=o.pk, reason=reason)


def _vendor_disputes(b: _Buyer, o: Order) -> Order:
    reason = "Barang sudah diterima lengkap, tetapi BAST belum ditandatangani."
    return services.order_dispute(user=b.owner, order_id=o.pk, reason=reason)


SIGNED_PATH: tuple[Step, ...] = (_submit, _approve)
SHIPPED_PATH: tuple[Step, ...] = (*SIGNED_PATH, _accept, _ship_by_courier)
# The BAST signed by both, in either order.
BATANG_BAST: tuple[Step, ...] = (*SHIPPED_PATH, _receive, _vendor_signs, _ppk_signs)
KENDAL_BAST: tuple[Step, ...] = (*SHIPPED_PATH, _receive, _ppk_signs, _vendor_signs)
VA, TRANSFER, KKPD, LS = (
    PaymentChannel.VA,
    PaymentChannel.TRANSFER,
    PaymentChannel.KKPD,
    (PaymentChannel.LS_SP2D),
)


def _paying(
    bast: tuple[Step, ...], *, late_paid: str, late_completed: str
) -> list[tuple[str, tuple[Step, ...]]]:
    """After the BAST, per channel: invoiced (the VA issued), paid, and paid
    and completed (rated later, its documents made); one paid order and one
    completed order paid late (order_paying.bast_weeks_ago)."""
    journeys: list[tuple[str, tuple[Step, ...]]] = []
    for channel in (VA, TRANSFER, KKPD, LS):
        journeys.append((S.DITAGIH, (*bast, *paying.invoiced_path(channel))))
    for channel in (VA, TRANSFER, KKPD, LS):
        late = channel == late_paid
        journeys.append((S.DIBAYAR, (*bast, *paying.paid_path(channel, late=late))))
    for channel in (VA, TRANSFER, KKPD, LS):
        late = channel == late_completed
        journeys.append((S.SELESAI, (*bast, *paying.completed_path(channel, late=late))))
    return journeys


# (status, moves) per featured kab/kota: every status, by different routes.
JOURNEYS: dict[str, list[tuple[str, tuple[Step, ...]]]] = {
    "batang": [
        (S.DRAFT, ()),
        (S.MENUNGGU_PERSETUJUAN, (_submit,)),
        (S.MENUNGGU_KONFIRMASI, SIGNED_PATH),
        (S.DIPROSES, (*SIGNED_PATH, _accept)),
        (S.DIKIRIM, SHIPPED_PATH),
        (S.DITERIMA, (*SHIPPED_PATH, _receive, _vendor_signs)),  # the PPK's signature next
        (S.BAST_DITANDATANGANI, BATANG_BAST),
        *_paying(BATANG_BAST, late_paid=LS, late_completed=TRANSFER),
        (S.DIBATALKAN, (_buyer_cancels,)),
        (S.DITOLAK, (*SIGNED_PATH, _vendor_declines)),
        (S.BATAL_OTOMATIS, (_submit, _times_out)),
        (S.SENGKETA, (*SHIPPED_PATH, _ppk_disputes)),
    ],
    "kendal": [
        (S.DRAFT, ()),
        (S.MENUNGGU_PERSETUJUAN, (_submit,)),
        (S.MENUNGGU_KONFIRMASI, SIGNED_PATH),
        (S.DIPROSES, (*SIGNED_PATH, _accept, _ship_own, _send_back)),  # to be sent again
        (S.DIKIRIM, (*SIGNED_PATH, _accept, _ship_own)),
        (S.DITERIMA, (*SHIPPED_PATH, _receive)),
        (S.BAST_DITANDATANGANI, KENDAL_BAST),
        *_paying(KENDAL_BAST, late_paid=KKPD, late_completed=VA),
        (S.DIBATALKAN, (*SIGNED_PATH, _ppk_cancels)),
        (S.DITOLAK, (*SIGNED_PATH, _vendor_declines)),
        (S.BATAL_OTOMATIS, (*SIGNED_PATH, _times_out)),
        (S.SENGKETA, (*SHIPPED_PATH, _receive, _vendor_disputes)),
    ],
}


def _walk(buyer: _Buyer, lines: list[tuple[Product, int]], steps: tuple[Step, ...]) -> Order:
    order = buyer.order(lines)
    for step in steps:
        order = step(buyer, order)
    return order


def _demo_products() -> tuple[Product, list[Product]]:
    """The demo vendor's priciest live product (for the orders near the
    ceiling) and its live stocked products of other categories, for the
    ordinary orders: kept apart so ordinary orders never add to the
    category the splitting demo counts."""
    live = list(
        Product.objects.filter(
            vendor__organisation__name=DEMO_VENDOR_NAME,
            status=LIVE_PRODUCT_STATUS,
            made_to_order=False,
            stock__gte=2 * STOCK_SHARE,
        ).order_by("-price", "id")
    )
    if len(live) < 4:
        raise AssertionError(f"{DEMO_VENDOR_NAME} needs at least 4 live products in stock.")
    priciest = live[0]
    ordinary = [p for p in live if p.category_id != priciest.category_id]
    ordinary.sort(key=lambda p: p.pk)
    return priciest, ordinary


def _ordinary_lines(products: list[Product]) -> list[list[tuple[Product, int]]]:
    """A different set of products for each order, so none is flagged as a
    repeat, each line worth about LINE_VALUE within a tenth of the stock."""

    def quantity(product: Product) -> int:
        assert product.stock is not None
        return max(1, min(round(LINE_VALUE / product.price), product.stock // STOCK_SHARE))

    sets = [list(chosen) for size in (1, 2, 3) for chosen in combinations(products, size)]
    return [[(p, quantity(p)) for p in chosen] for chosen in sets]


def _ceiling_orders(buyer: _Buyer, priciest: Product, extra: Product) -> list[Order]:
    """Near the ceiling (flagged when signed), then a small order of the same
    vendor and category that with it passes the ceiling: the PPK signs it
    with a written justification (flagged too)."""
    rules = rules_today()
    quantity = math.ceil(rules.ceiling_rupiah * 0.92 / priciest.price)
    near = quantity * priciest.price
    assert priciest.stock is not None
    if not rules.is_near_ceiling(near) or quantity > priciest.stock // 2:
        raise AssertionError(f"{priciest.name} cannot make an order near the ceiling.")
    more = math.ceil((rules.ceiling_rupiah - near + 1) / priciest.price)
    return [
        _walk(buyer, [(priciest, quantity)], (*SIGNED_PATH, _accept)),
        _walk(buyer, [(priciest, more), (extra, 1)], (_submit, _approve_justified)),
    ]


def seed_order_journeys(ctx: SeedContext) -> list[Order]:
    priciest, ordinary = _demo_products()
    line_sets = _ordinary_lines(ordinary)
    orders: list[Order] = []
    for slug, journeys in JOURNEYS.items():
        buyer = _Buyer.featured(slug)
        if len(line_sets) < len(journeys):
            raise AssertionError(f"{DEMO_VENDOR_NAME} has too few products for the demo orders.")
        for (status, steps), lines in zip(journeys, line_sets, strict=False):
            order = _walk(buyer, lines, steps)
            if order.status != status:
                raise AssertionError(f"A demo order ended {order.status}, not {status}.")
            orders.append(order)
    orders += _ceiling_orders(_Buyer.featured("batang"), priciest, ordinary[0])
    orders.append(_provincial_dispute(line_sets[-1]))
    return orders


def _provincial_dispute(lines: list[tuple[Product, int]]) -> Order:
    """The province's own OPDs buy too: a delivery to its first OPD (the
    procurement bureau) disputed by its PPK, which the province admin resolves
    (a kab/kota admin resolves the disputes of the kab/kota's OPDs)."""
    bureau = (
        Organisation.objects.filter(kind=OrganisationKind.OPD, region_id=PROVINCE_CODE)
        .order_by("id")
        .first()
    )
    assert bureau is not None, "The province has no OPD."
    order = _walk(_Buyer.first_officials_of(bureau), lines, (*SHIPPED_PATH, _ppk_disputes))
    if order.status != S.SENGKETA:
        raise AssertionError(f"The provincial demo order ended {order.status}, not sengketa.")
    return order
