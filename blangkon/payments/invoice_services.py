"""The vendor's invoice: BAST_DITANDATANGANI → DITAGIH (docs/design/paying.md).

One service, in one transaction, as the orders services are: who may ask
(a stranger to the order gets NotFound, a reader who is not the order's vendor
`not_allowed`), the locks in the orders' order (the (OPD, vendor) advisory
lock, then the order row), the state check against the table
(`invalid_transition`, nothing written; an order already invoiced changes
nothing), then the invoice and its tax lines, and `order_transition`, which
writes the status, its stamp, the history row and the audit row.

The taxes come from the one tax engine (taxes/engine.py, through
taxes/payment.py for orders with several tax classes), on facts taken from the
order: the payable total, today's date in Asia/Jakarta, the collector decided
from the payment channel and the platform's setting, and the vendor's tax
profile the order copied when the PPK signed. Idempotency keys are the edges'
(orders/idempotency.py `once`), as for every order move.
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.core.errors import DomainError
from blangkon.core.locks import transaction_locks
from blangkon.core.money import format_rupiah
from blangkon.notifications.services import notify
from blangkon.orders import order_access as access
from blangkon.orders.models import Order
from blangkon.orders.order_services import LOCK_NAME
from blangkon.orders.status import ACTION_SOURCES, FlagKind, PaymentChannel
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import ORDER_MACHINE, order_transition
from blangkon.payments.models import Collector, Invoice, InvoiceTaxLine
from blangkon.taxes.dated import in_force
from blangkon.taxes.engine import COLLECTION_RULES, DEFAULT_PBJT_PERCENT, VendorProfile
from blangkon.taxes.payment import PaymentTaxes, calculate_payment

# Facts a vendor's profile may carry beyond what the order's snapshot holds
# today (orders/order_checks.py `tax_profile`: is_pkp, npwp, kind, scale and
# the PKP and PP 55 certificates). Until the vendor's profile records them,
# each is False: the bendahara withholds as for a vendor without the
# exemption, the safe side (an unwithheld tax is the bendahara's liability).
OPTIONAL_FACTS = ("nik_valid_as_npwp", "turnover_statement", "skb", "pbjt_registered")


@dataclass(frozen=True)
class InvoiceFacts:
    """Everything the engine is asked for an order's invoice."""

    on: datetime.date
    prices: dict[str, int]  # tax class → its part of the payable total
    vendor: VendorProfile
    collector: str
    split_slice: bool
    pbjt_in_income_base: bool

    def taxes(self) -> PaymentTaxes:
        return calculate_payment(
            on=self.on,
            prices=self.prices,
            vendor=self.vendor,
            collector=self.collector,
            split_slice=self.split_slice,
            pbjt_in_income_base=self.pbjt_in_income_base,
        )


def invoice_number(order_number: str) -> str:
    """ "BLK/2026/000123" → "INV/2026/000123": the order's number, the invoice's prefix."""
    _prefix, _sep, rest = order_number.partition("/")
    return f"INV/{rest}"


def collector_for(order: Order) -> str:
    """Who collects the taxes (docs/design/paying.md, section 2): nobody on a
    KKPD card (the vendor self-remits PPN), the platform when DJP appointed it
    Pihak Lain (a setting, off by default), else the OPD's bendahara."""
    if order.payment_channel == PaymentChannel.KKPD:
        return Collector.NONE_KKPD
    if settings.BLANGKON_PIHAK_LAIN:
        return Collector.PIHAK_LAIN
    return Collector.BENDAHARA


def vendor_profile(snapshot: dict[str, Any], on: datetime.date) -> VendorProfile:
    """The engine's VendorProfile from the order's `vendor_tax_profile`.

    - kind: the vendor's kind (perorangan or badan_usaha; badan_usaha when
      missing, which withholds PPh 23 rather than the lower PPh 21);
    - pkp: `is_pkp`; npwp: an NPWP is on file;
    - sk_pp55_valid: a PP 55 certificate, valid when the PPK signed and not
      expired on the tax date `on`;
    - the OPTIONAL_FACTS and `pbjt_percent`: when the snapshot carries them,
      else False and the default PBJT rate.
    """
    certificate = (snapshot.get("certificates") or {}).get("pp55")
    sk_valid = False
    if certificate and certificate.get("status") == "valid":
        expires_on = certificate.get("expires_on")
        sk_valid = expires_on is None or datetime.date.fromisoformat(expires_on) >= on
    try:
        pbjt_percent = Decimal(str(snapshot.get("pbjt_percent", DEFAULT_PBJT_PERCENT)))
    except InvalidOperation:
        pbjt_percent = DEFAULT_PBJT_PERCENT
    return VendorProfile(
        kind=snapshot.get("kind") or "badan_usaha",
        pkp=bool(snapshot.get("is_pkp")),
        npwp=bool(snapshot.get("npwp")),
        sk_pp55_valid=sk_valid,
        pbjt_percent=pbjt_percent,
        **{fact: bool(snapshot.get(fact)) for fact in OPTIONAL_FACTS},
    )


def class_prices(order: Order) -> dict[str, int]:
    """The payable total split by the lines' tax classes: each line's accepted
    value (its ordered value before an inspection). An agreed delivery cost
    belongs to the class with the largest part, the goods or work delivered
    (ongkos kirim is part of what the buyer pays for them)."""
    prices: dict[str, int] = {}
    for line in order.lines.order_by("id"):
        value = line.line_total if line.accepted_total is None else line.accepted_total
        prices[line.tax_class] = prices.get(line.tax_class, 0) + value
    if order.delivery_cost and prices:
        largest = max(prices, key=lambda tax_class: prices[tax_class])
        prices[largest] += order.delivery_cost
    if sum(prices.values()) != order.payable_total:
        raise DomainError(
            "invoice_mismatch",
            _("The order's lines do not add up to its payable total; the invoice cannot be made."),
        )
    return prices


def invoice_facts(order: Order, on: datetime.date | None = None) -> InvoiceFacts:
    """The facts of the order's invoice if it were issued on `on` (today in
    Asia/Jakarta). A slice of a larger purchase, which the PPK signed with a
    justification of the splitting check (FlagKind.SPLIT_JUSTIFIED), loses the
    Rp2,000,000 thresholds (taxes.md, section 1): the bendahara cannot judge the
    justification, and collecting is the side the law holds the bendahara to."""
    on = on or timezone.localdate()
    return InvoiceFacts(
        on=on,
        prices=class_prices(order),
        vendor=vendor_profile(order.vendor_tax_profile or {}, on),
        collector=collector_for(order),
        split_slice=order.flags.filter(kind=FlagKind.SPLIT_JUSTIFIED).exists(),
        pbjt_in_income_base=settings.BLANGKON_PBJT_IN_INCOME_BASE,
    )


def _profile_copy(profile: VendorProfile) -> dict[str, Any]:
    facts = asdict(profile)
    facts["pbjt_percent"] = str(profile.pbjt_percent)
    return facts


def _bendaharas(order: Order) -> list[User]:
    return list(
        User.objects.filter(is_active=True, organisation_id=order.opd_id, role=Role.BENDAHARA)
    )


def _lock(user: User, order_id: int) -> Order:
    """The order, readable by `user`, locked as the orders services lock it."""
    order = access.readable_order(user, order_id)
    transaction_locks(LOCK_NAME, [f"{order.opd_id}:{order.vendor_id}"])
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("opd", "vendor__organisation")
        .get(pk=order.pk)
    )


def invoice_issue(*, user: User, order_id: int) -> Invoice:
    """A user of the order's vendor invoices the order after the BAST.

    Stores the Invoice and one InvoiceTaxLine per tax line of the engine,
    moves the order to DITAGIH and tells the OPD's bendahara(s). Issued again
    (the order is already invoiced), it returns the first invoice and writes
    nothing; from any other status: `invalid_transition`."""
    with transaction.atomic():
        order = _lock(user, order_id)
        access.require_vendor(user, order)
        if order.status == S.DITAGIH:
            return Invoice.objects.get(order=order)
        if order.status not in ACTION_SOURCES["invoice"]:
            raise DomainError(
                "invalid_transition",
                _("This cannot move from '%(source)s' to '%(target)s'.")
                % {
                    "source": ORDER_MACHINE.label(order.status),
                    "target": ORDER_MACHINE.label(S.DITAGIH),
                },
            )
        now = timezone.now()
        facts = invoice_facts(order, timezone.localdate(now))
        invoice = _store(order, facts, issued_by=user, issued_at=now)
        order_transition(
            order_id=order.pk,
            to=S.DITAGIH,
            actor=user,
            details={
                "invoice": invoice.number,
                "collector": invoice.collector,
                "price": invoice.price,
                "withheld": invoice.withheld,
                "net_to_vendor": invoice.net_to_vendor,
            },
        )
        _tell_bendaharas(order, invoice, actor=user)
        return invoice


def _store(
    order: Order, facts: InvoiceFacts, *, issued_by: User, issued_at: datetime.datetime
) -> Invoice:
    taxes = facts.taxes()
    invoice = Invoice.objects.create(
        order=order,
        number=invoice_number(order.number),
        issued_by=issued_by,
        issued_at=issued_at,
        tax_date=facts.on,
        collector=facts.collector,
        price=taxes.price,
        dpp=taxes.dpp,
        ppn=taxes.ppn,
        withheld=taxes.withheld,
        net_to_vendor=taxes.net_to_vendor,
        vendor_tax_profile=_profile_copy(facts.vendor),
        rules_version=in_force(COLLECTION_RULES, facts.on).version,
    )
    InvoiceTaxLine.objects.bulk_create(
        InvoiceTaxLine(
            invoice=invoice,
            tax_class=tax_class,
            type=line.type,
            rate=line.rate,
            base=line.base,
            amount=line.amount,
            collector=line.collector,
            withheld=line.withheld,
            legal_basis=line.legal_basis,
            rule_version=line.rule_version,
        )
        for tax_class, line in taxes.lines
    )
    return invoice


def _tell_bendaharas(order: Order, invoice: Invoice, *, actor: User) -> None:
    notify(
        recipients=[user for user in _bendaharas(order) if user.pk != actor.pk],
        code="order.invoiced",
        params={
            "number": order.number,
            "vendor": order.vendor.organisation.name,
            "net": format_rupiah(invoice.net_to_vendor),
        },
        url=reverse("invoice:detail", kwargs={"order_id": order.pk}),
    )
