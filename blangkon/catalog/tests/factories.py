"""Vendors and products for the catalog tests.

Fixtures are imported by name into each test module (no conftest.py here, so
other modules of this folder keep their own fixtures).
"""

from dataclasses import dataclass, replace
from typing import Any

import pytest

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.models import Product
from blangkon.catalog.services import product_upsert_by_sku
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.transitions import product_transition
from blangkon.vendors.models import LegalForm, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus
from conftest import World, make_user


@dataclass
class Market:
    """The world plus two verified vendors: CV Sumber Rejeki in Batang (PKP,
    owner `pemilik.vendor`, staff `staf.vendor`) and UD Kendal Makmur in Kendal
    (non-PKP perorangan, owner `pemilik.kendal`)."""

    world: World
    batang_vendor: Vendor
    kendal_vendor: Vendor

    def user(self, name: str) -> User:
        if name == "pemilik.kendal":
            return User.objects.get(username=name)
        return self.world.user(name)

    @property
    def batang_owner(self) -> User:
        return self.world.user("pemilik.vendor")

    @property
    def kendal_owner(self) -> User:
        return self.user("pemilik.kendal")


@pytest.fixture
def market(world: World) -> Market:
    batang_vendor = Vendor.objects.create(
        organisation=world.vendor,
        kind=VendorKind.BADAN_USAHA,
        legal_form=LegalForm.CV,
        status=VendorStatus.VERIFIED,
        is_pkp=True,
    )
    organisation = Organisation.objects.create(
        kind="vendor", name="UD Kendal Makmur", region_id="33.24"
    )
    make_user("pemilik.kendal", Role.VENDOR_OWNER, organisation)
    kendal_vendor = Vendor.objects.create(
        organisation=organisation,
        kind=VendorKind.PERORANGAN,
        status=VendorStatus.VERIFIED,
        is_pkp=False,
    )
    return Market(world, batang_vendor, kendal_vendor)


def atk_input(**changes: Any) -> ProductInput:
    """A valid ATK listing: a box of ballpoints at Rp25.000."""
    base = ProductInput(
        sku="ATK-001",
        name="Ballpoint hitam (isi 12)",
        category_slug="atk",
        unit_code="dos",
        price=25_000,
        description="Ballpoint tinta hitam.",
        stock=100,
    )
    return replace(base, **changes)


def catering_input(**changes: Any) -> ProductInput:
    base = ProductInput(
        sku="KAT-001",
        name="Nasi kotak ayam bakar",
        category_slug="katering",
        unit_code="kotak",
        price=35_000,
        specifications={"menu": "nasi, ayam bakar, sayur, buah"},
        made_to_order=True,
        lead_time_days=2,
    )
    return replace(base, **changes)


# How to reach each status from a fresh DRAFT, through the real transitions.
PATHS: dict[str, tuple[str, ...]] = {
    ProductStatus.DRAFT: (),
    ProductStatus.SUBMITTED: (ProductStatus.SUBMITTED,),
    ProductStatus.TAYANG: (ProductStatus.SUBMITTED, ProductStatus.TAYANG),
    ProductStatus.REVISION_REQUESTED: (
        ProductStatus.SUBMITTED,
        ProductStatus.REVISION_REQUESTED,
    ),
    ProductStatus.REJECTED: (ProductStatus.SUBMITTED, ProductStatus.REJECTED),
    ProductStatus.TURUN_TAYANG: (
        ProductStatus.SUBMITTED,
        ProductStatus.TAYANG,
        ProductStatus.TURUN_TAYANG,
    ),
}


def make_product(
    market: Market,
    status: str = ProductStatus.DRAFT,
    *,
    vendor: Vendor | None = None,
    data: ProductInput | None = None,
) -> Product:
    """A product of the vendor (default: Batang's) moved to `status`."""
    vendor = vendor or market.batang_vendor
    owner = market.batang_owner if vendor == market.batang_vendor else market.kendal_owner
    product, _created = product_upsert_by_sku(actor=owner, vendor=vendor, data=data or atk_input())
    admin = market.world.user("admin.provinsi")
    for step in PATHS[status]:
        product = product_transition(
            product_id=product.pk, to=step, actor=admin, takedown_reason="admin"
        )
    return product
