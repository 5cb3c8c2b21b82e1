"""Order states and the allowed moves (docs/design/orders.md, section 3).

Pure data. The only code that assigns Order.status is orders/transitions.py.
After the BAST the order is paid (docs/design/paying.md): the vendor invoices
(DITAGIH), the bendahara's payment is recorded (DIBAYAR), and the order is done
(SELESAI).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    MENUNGGU_PERSETUJUAN = "menunggu_persetujuan", _("Waiting for the PPK's approval")
    MENUNGGU_KONFIRMASI = "menunggu_konfirmasi", _("Waiting for the vendor")
    DIPROSES = "diproses", _("Being prepared")
    DIKIRIM = "dikirim", _("Shipped")
    DITERIMA = "diterima", _("Received")
    BAST_DITANDATANGANI = "bast_ditandatangani", _("BAST signed")
    DITAGIH = "ditagih", _("Invoiced")
    DIBAYAR = "dibayar", _("Paid")
    SELESAI = "selesai", _("Completed")
    DIBATALKAN = "dibatalkan", _("Cancelled")
    DITOLAK = "ditolak", _("Declined by the vendor")
    BATAL_OTOMATIS = "batal_otomatis", _("Cancelled automatically")
    SENGKETA = "sengketa", _("In dispute")


S = OrderStatus
ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.MENUNGGU_PERSETUJUAN, S.DIBATALKAN}),
    S.MENUNGGU_PERSETUJUAN: frozenset({S.MENUNGGU_KONFIRMASI, S.DIBATALKAN, S.BATAL_OTOMATIS}),
    S.MENUNGGU_KONFIRMASI: frozenset({S.DIPROSES, S.DIBATALKAN, S.DITOLAK, S.BATAL_OTOMATIS}),
    S.DIPROSES: frozenset({S.DIKIRIM}),
    # Sent back at the inspection (a nonconformity), received, or disputed.
    S.DIKIRIM: frozenset({S.DIPROSES, S.DITERIMA, S.SENGKETA}),
    # A nonconformity found after the receipt, before the BAST, sends it back too.
    S.DITERIMA: frozenset({S.BAST_DITANDATANGANI, S.DIPROSES, S.SENGKETA}),
    S.BAST_DITANDATANGANI: frozenset({S.DITAGIH}),
    S.DITAGIH: frozenset({S.DIBAYAR}),
    S.DIBAYAR: frozenset({S.SELESAI}),
    S.SELESAI: frozenset(),
    S.DIBATALKAN: frozenset(),
    S.DITOLAK: frozenset(),
    S.BATAL_OTOMATIS: frozenset(),
    # The kab/kota admin resolves: back to where it was, or cancelled.
    S.SENGKETA: frozenset({S.DIKIRIM, S.DITERIMA, S.DIBATALKAN}),
}

# Which of those moves each action of the pages and the API makes: the
# statuses it moves from. The table says what an order may become; an edge
# into a status belongs to one action only. The vendor accepts a signed SP,
# never a shipment or a receipt (those go back to DIPROSES by the inspection
# or the PPK's send-back); shipping, receiving and cancelling never end a
# dispute (the kab/kota admin's resolution does).
ACTION_SOURCES: dict[str, frozenset[str]] = {
    "submit": frozenset({S.DRAFT}),
    "approve": frozenset({S.MENUNGGU_PERSETUJUAN}),
    "accept": frozenset({S.MENUNGGU_KONFIRMASI}),
    "decline": frozenset({S.MENUNGGU_KONFIRMASI}),
    "ship": frozenset({S.DIPROSES}),
    "receive": frozenset({S.DIKIRIM}),
    "sign-bast": frozenset({S.DITERIMA}),
    "cancel": frozenset({S.DRAFT, S.MENUNGGU_PERSETUJUAN, S.MENUNGGU_KONFIRMASI}),
    "dispute": frozenset({S.DIKIRIM, S.DITERIMA}),
    "send-back": frozenset({S.DITERIMA}),
    "resolve-dispute": frozenset({S.SENGKETA}),
    "invoice": frozenset({S.BAST_DITANDATANGANI}),
}

# Signed by the PPK (the Surat Pesanan exists) and not ended without delivery:
# the orders the splitting and repeat checks count.
SIGNED = frozenset(
    {
        S.MENUNGGU_KONFIRMASI,
        S.DIPROSES,
        S.DIKIRIM,
        S.DITERIMA,
        S.BAST_DITANDATANGANI,
        S.DITAGIH,
        S.DIBAYAR,
        S.SELESAI,
        S.SENGKETA,
    }
)


def _onward(status: str) -> frozenset[str]:
    """`status` and every status an order can reach from it."""
    seen, todo = {status}, [status]
    while todo:
        for target in ALLOWED[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return frozenset(seen)


# The BAST is signed in DITERIMA and the invoice issued by the move to
# DITAGIH: an order in a status not reachable from there has neither, and
# reading one order skips those reads.
BAST_SIGNING_ONWARD = _onward(S.DITERIMA)
INVOICED = _onward(S.DITAGIH)


class FundingSource(models.TextChoices):
    APBD = "APBD", _("APBD")
    APBD_P = "APBD-P", _("APBD-P (amended budget)")
    BLUD = "BLUD", _("BLUD")


class FlagKind(models.TextChoices):
    SPLIT_JUSTIFIED = "split_justified", _("Possible splitting, justified by the PPK")
    NEAR_CEILING = "near_ceiling", _("Total close to the ceiling")
    REPEAT_WITHIN_WINDOW = "repeat_within_window", _("Same order again within days")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Accepted partially at the inspection")


class PaymentChannel(models.TextChoices):
    """How the bendahara pays (docs/design/paying.md, section 4). Chosen at
    checkout, changeable by the bendahara until the invoice; it decides who
    collects the taxes (a KKPD card: nobody, the vendor self-remits PPN)."""

    VA = "va", _("Virtual account (bank transfer by the bendahara)")
    TRANSFER = "transfer", _("Transfer by the bendahara, with proof")
    KKPD = "kkpd", _("Regional government credit card (KKPD)")
    LS_SP2D = "ls_sp2d", _("Direct payment by the treasury (LS, SP2D)")


class BastParty(models.TextChoices):
    PPK = "ppk", _("PPK")
    VENDOR = "vendor", _("Vendor")
