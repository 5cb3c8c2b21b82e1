"""Who may buy: the one place the buying roles are decided.

The buying official of an OPD is its Pejabat Pengadaan (PP). An OPD without an
active PP buys through its PPK (Perpres 16/2018 as amended: the PPK takes the
PP's duties where no PP is appointed). Every other role has no cart.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.catalog.live import LIVE_PRODUCT_STATUS, LIVE_VENDOR_STATUSES
from blangkon.catalog.models import Product
from blangkon.core.errors import NotFound


def opd_has_pp(opd_id: int) -> bool:
    return User.objects.filter(organisation_id=opd_id, role=Role.PP, is_active=True).exists()


def can_buy(user: User | AnonymousUser) -> bool:
    """An active PP of an OPD, or an active PPK of an OPD with no active PP."""
    if not isinstance(user, User) or not user.is_active or user.organisation_id is None:
        return False
    if user.role == Role.PP:
        return True
    return user.role == Role.PPK and not opd_has_pp(user.organisation_id)


def buyer_check(user: User) -> None:
    """Only buying roles have a cart; to everyone else it does not exist (404)."""
    if not can_buy(user):
        raise NotFound(
            _(
                "Only the buying official of an OPD (its PP, or its PPK where it has no PP)"
                " has a cart."
            )
        )


def product_is_available(product: Product) -> bool:
    """The catalog's live rule (catalog.live) on a product read with its vendor:
    a product can be bought only while live and its vendor active."""
    return product.status == LIVE_PRODUCT_STATUS and product.vendor.status in LIVE_VENDOR_STATUSES
