"""Live products written straight into the catalog tables: the triggers index
them exactly as they index products approved through the services."""

import itertools
from typing import Any

import pytest
from django.utils import timezone

from blangkon.accounts.models import Organisation
from blangkon.accounts.roles import OrganisationKind
from blangkon.catalog.models import Category, Product
from blangkon.catalog.status import ProductStatus
from blangkon.vendors.models import UmkmScale, Vendor, VendorKind
from blangkon.vendors.status import VendorStatus

_sku = itertools.count(1)


def make_vendor(
    name: str,
    *,
    region: str = "33.25",
    scale: str = UmkmScale.MENENGAH,
    kind: str = VendorKind.BADAN_USAHA,
    status: str = VendorStatus.VERIFIED,
) -> Vendor:
    organisation = Organisation.objects.create(
        kind=OrganisationKind.VENDOR, name=name, region_id=region
    )
    return Vendor.objects.create(organisation=organisation, kind=kind, scale=scale, status=status)


def make_live(
    vendor: Vendor,
    name: str,
    *,
    category: str = "atk",
    unit: str = "pcs",
    price: int = 10_000,
    description: str = "",
    status: str = ProductStatus.TAYANG,
    **fields: Any,
) -> Product:
    return Product.objects.create(
        vendor=vendor,
        category=Category.objects.get(slug=category),
        sku=f"SKU-{next(_sku)}",
        name=name,
        description=description,
        unit_id=unit,
        price=price,
        status=status,
        published_at=timezone.now() if status == ProductStatus.TAYANG else None,
        **fields,
    )


@pytest.fixture
def vendors(db: None) -> dict[str, Vendor]:
    return {
        "batang": make_vendor("CV Batang Jaya", region="33.25", scale=UmkmScale.MIKRO),
        "kendal": make_vendor("UD Kendal Abadi", region="33.24", scale=UmkmScale.MIKRO),
        "semarang": make_vendor("PT Semarang Besar", region="33.74", scale=UmkmScale.BESAR),
    }
