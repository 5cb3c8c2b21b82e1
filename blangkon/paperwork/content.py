"""What each document says, from the order's snapshot (and its invoice and
payment): the words of the PDF and the public facts. Written in the site's
language (Bahasa Indonesia) whoever first asks, since the PDF is made once.

`available(order)` tells which documents exist for an order now: the Surat
Pesanan once the PPK signed, the BAST once both parties signed it, the
invoice once issued, the kuitansi and the proof of payment once paid.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES
from blangkon.core.money import format_number, format_rupiah
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import INVOICED, BastParty
from blangkon.orders.status import OrderStatus as S
from blangkon.paperwork.models import PaperKind
from blangkon.paperwork.pdf import Paper, Signature, Table
from blangkon.paperwork.terbilang import terbilang
from blangkon.payments.models import Invoice, Payment
from blangkon.taxes.dated import RuleOutOfRange, in_force
from blangkon.taxes.engine import STAMP_DUTY_RULES, collection_rules_label, plain_percent

BAST_SIGNED = frozenset({S.BAST_DITANDATANGANI, S.DITAGIH, S.DIBAYAR, S.SELESAI})


@dataclass(frozen=True)
class Content:
    paper: Paper
    number: str
    issued_at: datetime.datetime
    total: int


def _invoice(order: Order) -> Invoice | None:
    return Invoice.objects.filter(order=order).first()


def _payment(order: Order) -> Payment | None:
    return Payment.objects.filter(order=order).first()


def available(order: Order) -> list[str]:
    """The kinds of document the order has now, in the order they are made."""
    kinds: list[str] = []
    if order.approved_by_id is not None and order.approved_at is not None:
        kinds.append(PaperKind.SURAT_PESANAN)
    if order.status in BAST_SIGNED and order.bast_signed_at is not None:
        kinds.append(PaperKind.BAST)
    if order.status not in INVOICED:
        return kinds  # neither invoice nor payment yet: nothing to read
    if _invoice(order) is not None:
        kinds.append(PaperKind.INVOICE)
    if _payment(order) is not None:
        kinds += [PaperKind.KUITANSI, PaperKind.PAYMENT_RECEIPT]
    return kinds


# --- small words ----------------------------------------------------------------------


def _date(moment: datetime.datetime | datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return date_format(moment, "j F Y")


def _moment(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H.i") + " WIB"


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _kab_kota(order: Order) -> str:
    return order.opd.region.name


def signer_label(user: User) -> str:
    """An official signs in office and is named; a vendor's user is a private
    person, shown by role and business (as the order page does for outsiders)."""
    organisation = user.organisation.name if user.organisation else ""
    if user.role in VENDOR_ROLES:
        return f"{user.get_role_display()}, {organisation}"
    return user.get_full_name() or user.username


def _issuer() -> str:
    return _("Blangkon - the e-catalog of local UMKM vendors, Central Java")


def _verify_text() -> str:
    return _(
        "Check this document: scan the code or open the address below. The page shows the "
        "document's number, date and SHA-256 fingerprint; a copy whose fingerprint differs "
        "has been changed."
    )


def _parties(order: Order) -> list[tuple[str, str]]:
    return [
        (_("Order number"), order.number),
        (_("Buyer (OPD)"), order.opd.name),
        (_("Kabupaten/kota"), _kab_kota(order)),
        (_("Vendor"), order.vendor.organisation.name),
    ]


def _line_table(lines: list[OrderLine], *, accepted: bool) -> Table:
    rows = []
    for index, line in enumerate(lines, start=1):
        quantity = line.accepted_quantity if accepted else line.quantity
        amount = line.accepted_total if accepted else line.line_total
        rows.append(
            (
                str(index),
                line.name,
                format_number(quantity or 0),
                line.unit,
                format_rupiah(line.unit_price),
                format_rupiah(amount or 0),
            )
        )
    quantity_heading = _("Accepted") if accepted else _("Quantity")
    return Table(
        headings=("No", _("Item"), quantity_heading, _("Unit"), _("Unit price"), _("Amount")),
        widths=(9, 66, 18, 20, 30, 31),
        rows=rows,
        right=frozenset({2, 4, 5}),
    )


def _paper(**words: Any) -> Paper:
    return Paper(issuer=_issuer(), verify_text=_verify_text(), author="Blangkon", **words)


# --- the documents ----------------------------------------------------------------------


def surat_pesanan(order: Order) -> Content:
    assert order.approved_at is not None
    assert order.approved_by is not None
    number = f"SP/{order.number}"
    address = order.delivery_address
    facts = [
        *_parties(order),
        (_("RUP code (Kode RUP)"), order.kode_rup or "-"),
        (_("Budget line (kode rekening)"), order.budget_line),
        (_("Funding source"), order.get_funding_source_display()),
        (_("Delivery address"), f"{address.label}: {address.street}, {address.postal_code}"),
        (_("Requested arrival"), _date(order.requested_arrival)),
    ]
    totals = [(_("Total (tax included)"), format_rupiah(order.total))]
    if order.delivery_cost:
        totals.insert(0, (_("Delivery cost (included)"), format_rupiah(order.delivery_cost)))
    paper = _paper(
        title=_("Surat Pesanan"),
        subtitle=f"{number} - {_date(order.approved_at)}",
        facts=facts,
        tables=[_line_table(list(order.lines.order_by("id")), accepted=False)],
        totals=totals,
        paragraphs=[
            _(
                "%(vendor)s is asked to deliver the goods above at the prices stated, to the "
                "delivery address, by the requested arrival date."
            )
            % {"vendor": order.vendor.organisation.name}
        ],
        signatures=[
            Signature(
                _("PPK of %(opd)s") % {"opd": order.opd.name},
                (
                    _("Signed electronically on %(when)s") % {"when": _moment(order.approved_at)},
                    signer_label(order.approved_by),
                ),
            )
        ],
        created=order.approved_at,
    )
    return Content(paper, number, order.approved_at, order.total)


def bast(order: Order) -> Content:
    assert order.bast_signed_at is not None
    number = f"BAST/{order.number}"
    signed = {
        signature.party: signature
        for signature in order.bast_signatures.select_related("signed_by__organisation")
    }
    facts = [
        *_parties(order),
        (_("Surat Pesanan"), f"SP/{order.number}"),
        (_("Received on"), _date(order.received_at) if order.received_at else "-"),
    ]
    signatures = []
    for party, role in (
        (BastParty.VENDOR, _("Handed over by the vendor")),
        (BastParty.PPK, _("Received by the PPK")),
    ):
        signature = signed.get(party)
        if signature is not None:
            lines = (_moment(signature.signed_at), signer_label(signature.signed_by))
            signatures.append(Signature(role, lines))
    paper = _paper(
        title=_("Berita Acara Serah Terima"),
        subtitle=f"{number} - {_date(order.bast_signed_at)}",
        facts=facts,
        tables=[_line_table(list(order.lines.order_by("id")), accepted=True)],
        totals=[(_("Value handed over (tax included)"), format_rupiah(order.payable_total))],
        paragraphs=[
            _(
                "%(vendor)s hands over, and %(opd)s receives, the goods above in the quantities "
                "accepted at the inspection. Both parties signed this report electronically."
            )
            % {"vendor": order.vendor.organisation.name, "opd": order.opd.name}
        ],
        signatures=signatures,
        created=order.bast_signed_at,
    )
    return Content(paper, number, order.bast_signed_at, order.payable_total)


# The engine's tax types as a tax form writes them.
TAX_NAMES = {
    "ppn": "PPN",
    "pbjt": "PBJT",
    "pph22": "PPh 22",
    "pph23": "PPh 23",
    "pph21": "PPh 21",
    "pph_final": "PPh Final",
}


def _collector(code: str) -> str:
    names = {
        "bendahara": _("Bendahara"),
        "pihak_lain": _("Pihak Lain"),
        "vendor": _("The vendor (self-remitted)"),
        "opd": _("The OPD"),
    }
    return names.get(code, code)


def invoice(order: Order) -> Content:
    found = _invoice(order)
    assert found is not None
    taxes = Table(
        headings=(_("Tax"), _("Rate"), _("Base"), _("Amount"), _("Collected by"), _("Withheld")),
        widths=(30, 18, 30, 30, 36, 30),
        rows=[
            (
                TAX_NAMES.get(line.type, line.type),
                f"{plain_percent(line.rate)}%".replace(".", ","),
                format_rupiah(line.base),
                format_rupiah(line.amount),
                _collector(line.collector),
                _("yes") if line.withheld else _("no"),
            )
            for line in found.tax_lines.all()
        ],
        right=frozenset({1, 2, 3}),
    )
    facts = [
        *_parties(order),
        (_("BAST"), f"BAST/{order.number}"),
        (_("Payment channel"), order.get_payment_channel_display()),
        (_("Taxes collected by"), found.get_collector_display()),
        (_("Tax date"), _date(found.tax_date)),
    ]
    paper = _paper(
        title=_("Tagihan / Invoice"),
        subtitle=f"{found.number} - {_date(found.issued_at)}",
        facts=facts,
        tables=[_line_table(list(order.lines.order_by("id")), accepted=True), taxes],
        totals=[
            (_("Price (tax included)"), format_rupiah(found.price)),
            (_("Tax base (DPP)"), format_rupiah(found.dpp)),
            (_("PPN inside the price"), format_rupiah(found.ppn)),
            (_("Withheld by the collector"), format_rupiah(found.withheld)),
            (_("Net to the vendor"), format_rupiah(found.net_to_vendor)),
        ],
        paragraphs=[
            _("Taxes computed by the rules in force on %(date)s (%(version)s).")
            % {
                "date": _date(found.tax_date),
                "version": collection_rules_label(found.rules_version),
            }
        ],
        signatures=[Signature(_("Vendor"), (order.vendor.organisation.name,))],
        created=found.issued_at,
    )
    return Content(paper, found.number, found.issued_at, found.price)


def kuitansi(order: Order) -> Content:
    """The vendor's receipt for the price: the net it was paid and the taxes
    withheld and paid on its behalf make up the invoice's price."""
    payment, found = _payment(order), _invoice(order)
    assert payment is not None
    amount = found.price if found is not None else payment.amount
    number = f"KW/{order.number}"
    facts = [
        (_("Received from"), _("The bendahara of %(opd)s") % {"opd": order.opd.name}),
        (_("Amount"), format_rupiah(amount)),
        (_("In words"), terbilang(amount)),
        (
            _("For"),
            _("Payment of the order %(order)s (invoice %(invoice)s)")
            % {"order": order.number, "invoice": found.number if found else "-"},
        ),
        (_("Kabupaten/kota"), _kab_kota(order)),
    ]
    totals = [(_("Amount"), format_rupiah(amount))]
    if found is not None:
        totals += [
            (_("Taxes withheld"), format_rupiah(found.withheld)),
            (_("Paid to the vendor"), format_rupiah(payment.amount)),
        ]
    paragraphs = _meterai_note(amount, payment.paid_on)
    paid_at = _day_start(payment.paid_on)
    paper = _paper(
        title=_("Kuitansi"),
        subtitle=f"{number} - {_date(payment.paid_on)}",
        facts=facts,
        totals=totals,
        paragraphs=paragraphs,
        signatures=[Signature(_("Received by"), (order.vendor.organisation.name,))],
        created=paid_at,
    )
    return Content(paper, number, paid_at, amount)


def _meterai_note(amount: int, on: datetime.date) -> list[str]:
    """The bea meterai a receipt of this amount carries, by the dated rules the
    tax engine uses (taxes.md, section 11): owed by the OPD, never deducted."""
    try:
        rules = in_force(STAMP_DUTY_RULES, on)
    except RuleOutOfRange:
        return []
    if amount <= rules.receipt_above:
        return []
    note = _(
        "Bea meterai of %(duty)s is due on this receipt, owed by the OPD (UU 10/2020 Pasal 3 "
        "ayat (2) huruf g): it states an amount above %(threshold)s."
    )
    return [
        note
        % {
            "duty": format_rupiah(rules.amount),
            "threshold": format_rupiah(rules.receipt_above),
        }
    ]


def payment_receipt(order: Order) -> Content:
    payment, found = _payment(order), _invoice(order)
    assert payment is not None
    number = f"BP/{order.number}"
    facts = [
        *_parties(order),
        (_("Invoice"), found.number if found else "-"),
        (_("Payment channel"), payment.get_channel_display()),
        (_("Reference"), payment.reference),
        (_("Payment date"), _date(payment.paid_on)),
        (_("SP2D date"), _date(payment.sp2d_date) if payment.sp2d_date else "-"),
        (_("Days from the BAST"), format_number(payment.days_from_bast)),
        (_("Paid late"), _("yes") if payment.late else _("no")),
    ]
    paid_at = _day_start(payment.paid_on)
    paper = _paper(
        title=_("Bukti Pembayaran"),
        subtitle=f"{number} - {_date(payment.paid_on)}",
        facts=facts,
        totals=[(_("Amount paid"), format_rupiah(payment.amount))],
        paragraphs=[
            _("%(opd)s paid %(vendor)s for the order %(order)s.")
            % {
                "opd": order.opd.name,
                "vendor": order.vendor.organisation.name,
                "order": order.number,
            }
        ],
        created=paid_at,
    )
    return Content(paper, number, paid_at, payment.amount)


BUILDERS: dict[str, Callable[[Order], Content]] = {
    PaperKind.SURAT_PESANAN: surat_pesanan,
    PaperKind.BAST: bast,
    PaperKind.INVOICE: invoice,
    PaperKind.KUITANSI: kuitansi,
    PaperKind.PAYMENT_RECEIPT: payment_receipt,
}
