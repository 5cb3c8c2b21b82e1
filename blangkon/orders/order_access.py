"""Who may see an order and who may act on it (docs/design/orders.md, section 1).

Reading: the OPD's officials, the vendor's users, the kab/kota admins of the
OPD's pemda, the province's admins and auditors. To anyone else an order does
not exist (404). A reader who may not make a move is refused with
`not_allowed` (403).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import OPD_ROLES, VENDOR_ROLES, Role
from blangkon.core.errors import Forbidden, NotFound
from blangkon.orders.access import can_buy
from blangkon.orders.models import Order

# Who the PPK may appoint to receive and inspect a delivery (ADR 0046): an
# official of the OPD other than the PPK (who receives without appointment)
# and the bendahara (who pays the order: the one who certifies the receipt
# does not pay on it).
RECEIVER_ROLES = frozenset({Role.PP, Role.OPD_ADMIN})
# Who reads every order: the auditors, and the province's admins, who run the
# platform for the whole province (the domain's permissions matrix). Neither
# moves an order, but for the dispute of an OPD of their own pemda.
ALL_ORDERS_READERS = frozenset({Role.AUDITOR, Role.PROVINCE_ADMIN})
# The admins of a pemda: the kab/kota's, or the province's for the province's
# own OPDs. Each resolves the disputes of the OPDs of its pemda.
PEMDA_ADMIN_ROLES = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN})


@dataclass(frozen=True)
class Parties:
    """What deciding who may read an order needs: its OPD (and the OPD's
    pemda) and its vendor's organisation. None of them ever changes."""

    opd_id: int
    pemda_id: int | None
    vendor_id: int
    vendor_organisation_id: int | None


def _may_read(user: User, parties: Parties) -> bool:
    if not user.is_active or user.organisation_id is None:
        return False
    if user.role in ALL_ORDERS_READERS:
        return True
    if user.role in OPD_ROLES:
        return user.organisation_id == parties.opd_id
    if user.role in VENDOR_ROLES:
        return user.organisation_id == parties.vendor_organisation_id
    if user.role == Role.KAB_KOTA_ADMIN:
        return user.organisation_id == parties.pemda_id
    return False


def may_read(user: User, order: Order) -> bool:
    parties = Parties(
        order.opd_id, order.opd.parent_id, order.vendor_id, order.vendor.organisation_id
    )
    return _may_read(user, parties)


def readable_order(user: User, order_id: int) -> Order:
    """The order with its OPD and vendor, unlocked; NotFound when missing or
    not readable by `user`."""
    order = Order.objects.select_related("opd", "vendor").filter(pk=order_id).first()
    if order is None or not may_read(user, order):
        raise NotFound()
    return order


def readable_parties(user: User, order_id: int) -> Parties:
    """An order's parties, for a service to take its locks by before it reads
    the order itself (locked); NotFound as `readable_order`. Four columns,
    where the whole order with its OPD and vendor is a hundred."""
    found = (
        Order.objects.filter(pk=order_id)
        .values_list("opd_id", "opd__parent_id", "vendor_id", "vendor__organisation_id")
        .first()
    )
    if found is None or not _may_read(user, parties := Parties(*found)):
        raise NotFound()
    return parties


def not_allowed(message: str) -> Forbidden:
    refusal = Forbidden(message)
    refusal.code = "not_allowed"
    return refusal


def is_buyer_of(user: User, order: Order) -> bool:
    """A buying official of the order's OPD (its PP, or its PPK where it has none)."""
    return can_buy(user) and user.organisation_id == order.opd_id


def is_ppk_of(user: User, order: Order) -> bool:
    return user.role == Role.PPK and user.organisation_id == order.opd_id


def is_receiver_of(user: User, order: Order) -> bool:
    """The official the PPK appointed to receive this order, still an active
    official of its OPD (one moved away or deactivated no longer receives)."""
    return (
        order.receiver_id is not None
        and order.receiver_id == user.pk
        and user.is_active
        and user.role in RECEIVER_ROLES
        and user.organisation_id == order.opd_id
    )


def is_bendahara_of(user: User, order: Order) -> bool:
    return user.role == Role.BENDAHARA and user.organisation_id == order.opd_id


def is_vendor_of(user: User, order: Order) -> bool:
    return user.role in VENDOR_ROLES and user.organisation_id == order.vendor.organisation_id


def require_submitter(user: User, order: Order) -> None:
    if not (order.created_by_id == user.pk and is_buyer_of(user, order)):
        raise not_allowed(_("Only the official who built this order may submit it."))


def require_approver(user: User, order: Order) -> None:
    """Only the PPK of the order's OPD signs, and never the official who built
    it (separation of duties: the one who chose does not also commit the money)."""
    if not is_ppk_of(user, order):
        raise not_allowed(_("Only the PPK of this OPD may approve and sign this order."))
    if order.created_by_id == user.pk:
        raise not_allowed(
            _("You built this order, so another official must approve it (separation of duties).")
        )


def require_vendor(user: User, order: Order) -> None:
    if not is_vendor_of(user, order):
        raise not_allowed(_("Only the vendor's users may do this."))


def require_bendahara(user: User, order: Order) -> None:
    if not is_bendahara_of(user, order):
        raise not_allowed(_("Only the bendahara of this OPD may do this."))


def require_ppk(user: User, order: Order) -> None:
    if not is_ppk_of(user, order):
        raise not_allowed(_("Only the PPK of this OPD may do this."))


def require_inspector(user: User, order: Order) -> None:
    """The PPK of the OPD, or the receiver the PPK appointed, records the
    receipt and the inspection."""
    if not (is_ppk_of(user, order) or is_receiver_of(user, order)):
        raise not_allowed(_("Only the PPK or the appointed receiver may inspect this order."))


def require_buyer_side(user: User, order: Order) -> None:
    """The official who built the order, or the PPK of its OPD."""
    if not (order.created_by_id == user.pk and is_buyer_of(user, order)) and not is_ppk_of(
        user, order
    ):
        raise not_allowed(_("Only the buyer of this order may do this."))


def require_party(user: User, order: Order) -> None:
    """The PPK of the OPD or a user of the vendor."""
    if not (is_ppk_of(user, order) or is_vendor_of(user, order)):
        raise not_allowed(_("Only the PPK or the vendor may do this."))


def is_pemda_admin_of(user: User, order: Order) -> bool:
    """An admin of the pemda the order's OPD belongs to."""
    return user.role in PEMDA_ADMIN_ROLES and user.organisation_id == order.opd.parent_id


def require_resolver(user: User, order: Order) -> None:
    if not is_pemda_admin_of(user, order):
        raise not_allowed(
            _(
                "Only the admin of this OPD's pemda (the kab/kota admin, or the province admin "
                "for a provincial OPD) resolves disputes."
            )
        )
