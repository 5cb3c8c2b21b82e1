"""Planting purchases for the detectors: signed orders and INAPROC packages
written directly (the detectors read rows, whichever way they were made;
the order services' own paths are tested in orders/)."""

import datetime
import itertools
import zoneinfo
from typing import Any

from blangkon.accounts.models import DeliveryAddress, Organisation
from blangkon.catalog.models import Category, Product
from blangkon.catalog.tests.factories import Market
from blangkon.inaproc.models import Package, Satker
from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import OrderStatus
from blangkon.vendors.models import Vendor

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
_numbers = itertools.count(1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


def signed_order(
    market: Market,
    total: int,
    day: datetime.date,
    *,
    opd: Organisation | None = None,
    vendor: Vendor | None = None,
    status: str = OrderStatus.DIPROSES,
    **fields: Any,
) -> Order:
    """An order the PPK signed on `day`, of one line (ATK, by the box)."""
    opd = opd or market.world.opd_batang
    address = DeliveryAddress.objects.filter(opd=opd).first() or DeliveryAddress.objects.create(
        opd=opd,
        label="Kantor",
        street="Jl. Pemuda 1",
        kab_kota_id=opd.region_id,
        postal_code="50000",
    )
    order = Order.objects.create(
        number=f"BLK/{day.year}/{next(_numbers):06d}",
        opd=opd,
        vendor=vendor or market.batang_vendor,
        created_by=market.world.user("pp.batang"),
        status=status,
        budget_line="5.1.02.01.01.0024",
        funding_source="APBD",
        delivery_address=address,
        requested_arrival=day + datetime.timedelta(days=7),
        total=total,
        submitted_at=at(day, 9),
        approved_at=at(day),
        **fields,
    )
    OrderLine.objects.create(
        order=order,
        name="Kertas HVS A4",
        sku="HVS-A4",
        unit="Rim",
        category=Category.objects.get(slug="atk"),
        tax_class="ppn",
        unit_price=total,
        quantity=1,
        line_total=total,
    )
    return order


def line_for(order: Order, product: Product, unit_price: int, quantity: int = 1) -> OrderLine:
    """Replace the order's line with one of `product` at `unit_price`."""
    order.lines.all().delete()
    Order.objects.filter(pk=order.pk).update(total=unit_price * quantity)
    return OrderLine.objects.create(
        order=order,
        product=product,
        name=product.name,
        sku=product.sku,
        unit=product.unit.name,
        category=product.category,
        tax_class="ppn",
        unit_price=unit_price,
        quantity=quantity,
        line_total=unit_price * quantity,
    )


def satker(name: str = "Dinas Pendidikan", region: str = "33.25") -> Satker:
    return Satker.objects.create(
        kd_klpd="D107",
        jenis_instansi="KABUPATEN",
        nama_instansi="Kab. Batang",
        kd_satker_str=f"S-{name}",
        nama_satker=name,
        region_id=region,
    )


def package(unit: Satker, vendor_code: str, total: int, day: datetime.date, kd: str) -> Package:
    return Package.objects.create(
        kd_paket=kd,
        satker=unit,
        tahun_anggaran=day.year,
        kd_penyedia_v6=vendor_code,
        total_harga=total,
        tgl_order=day,
        status_pkt="COMPLETED",
        status_pengiriman="COMPLETED",
    )
