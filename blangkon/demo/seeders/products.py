"""Demo products: realistic listings per category for the verified vendors.

Bulk inserts (the "large" scale has half a million products). Each product
gets its first price in the price history; live products are spread over the
months before the scale's reference date.
"""

import datetime
import random
from collections.abc import Iterator

from django.utils import timezone

from blangkon.catalog.models import (
    Category,
    PriceChange,
    PriceChangeStatus,
    Product,
    ProductStatusChange,
)
from blangkon.catalog.specs import REQUIRED_CERTIFICATE
from blangkon.catalog.status import ProductStatus, TakedownReason
from blangkon.demo.product_names import BRANDS, ITEMS
from blangkon.demo.seeders.context import SeedContext
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus

BATCH = 5_000
# Catering was the largest category by value in 2022 (Rp4 M of Rp15 M) and
# office supplies the largest by vendors in 2024: they weigh more.
CATEGORY_WEIGHT = {"katering": 6, "atk": 4, "kertas-bahan-cetak": 3, "makanan-kemasan": 3}
# Small scale: most products live, a few in every other curation state.
SMALL_STATES: list[tuple[str, int]] = [
    (ProductStatus.TAYANG, 850),
    (ProductStatus.DRAFT, 40),
    (ProductStatus.SUBMITTED, 40),
    (ProductStatus.REVISION_REQUESTED, 25),
    (ProductStatus.REJECTED, 15),
    (ProductStatus.TURUN_TAYANG, 30),
]
# Path of curation moves from DRAFT to each status, for the history rows
# (a test checks each is a walk the product machine allows).
PATHS: dict[str, list[str]] = {
    ProductStatus.DRAFT: [],
    ProductStatus.SUBMITTED: [ProductStatus.SUBMITTED],
    ProductStatus.TAYANG: [ProductStatus.SUBMITTED, ProductStatus.TAYANG],
    ProductStatus.REVISION_REQUESTED: [ProductStatus.SUBMITTED, ProductStatus.REVISION_REQUESTED],
    ProductStatus.REJECTED: [ProductStatus.SUBMITTED, ProductStatus.REJECTED],
    ProductStatus.TURUN_TAYANG: [
        ProductStatus.SUBMITTED,
        ProductStatus.TAYANG,
        ProductStatus.TURUN_TAYANG,
    ],
}
LIVE_ONCE = (ProductStatus.TAYANG, ProductStatus.TURUN_TAYANG)
MADE_TO_ORDER = {"katering", "percetakan", "konveksi", "konstruksi-ringan"}
REFERENCE_DAY = {"small": datetime.date(2026, 11, 1), "seed": datetime.date(2022, 3, 25),
                 "large": datetime.date(2024, 2, 23)}  # fmt: skip


def seed_products(ctx: SeedContext) -> None:
    rng = ctx.rng_for("products")
    vendors = list(
        Vendor.objects.filter(status=VendorStatus.VERIFIED)
        .select_related("organisation__region")
        .order_by("id")
    )
    if not vendors:
        return
    categories = {c.slug: c for c in Category.objects.filter(parent__isnull=False)}
    plan = _state_plan(ctx)
    total = sum(count for _, count in plan)
    vendor_categories = {v.pk: _categories_for_vendor(rng, categories) for v in vendors}
    # A few vendors list a lot, most list a little (as on every marketplace).
    weights = [rng.paretovariate(1.3) for _ in vendors]
    chosen = rng.choices(vendors, weights=weights, k=total)
    reference = REFERENCE_DAY[ctx.scale_name]
    states = (state for state, count in plan for _ in range(count))
    rows = _products(rng, chosen, vendor_categories, categories, states, reference)
    created = 0
    for batch in _batches(rows, BATCH):
        products = Product.objects.bulk_create(batch)
        Product.coverage.through.objects.bulk_create(
            Product.coverage.through(product_id=p.pk, region_id=p.vendor.organisation.region_id)
            for p in products
        )
        PriceChange.objects.bulk_create(
            PriceChange(
                product_id=p.pk,
                old_price=None,
                new_price=p.price,
                status=PriceChangeStatus.APPLIED,
            )
            for p in products
        )
        ProductStatusChange.objects.bulk_create(_history(products), batch_size=BATCH)
        created += len(products)
    ctx.stdout.write(f"  {created:,} products for {len(vendors):,} verified vendors")


def _history(products: list[Product]) -> Iterator[ProductStatusChange]:
    for product in products:
        previous: str = ProductStatus.DRAFT
        for target in PATHS[product.status]:
            yield ProductStatusChange(product_id=product.pk, from_status=previous, to_status=target)
            previous = target


def _state_plan(ctx: SeedContext) -> list[tuple[str, int]]:
    if ctx.scale_name == "small":
        return SMALL_STATES
    return [(ProductStatus.TAYANG, ctx.scale.products_live), (ProductStatus.SUBMITTED, 150)]


def _categories_for_vendor(rng: random.Random, categories: dict[str, Category]) -> list[str]:
    slugs = [s for s in ITEMS if s in categories]
    weights = [CATEGORY_WEIGHT.get(s, 1) for s in slugs]
    return sorted(set(rng.choices(slugs, weights=weights, k=rng.randint(1, 3))))


def _products(
    rng: random.Random,
    vendors: list[Vendor],
    vendor_categories: dict[int, list[str]],
    categories: dict[str, Category],
    states: Iterator[str],
    reference: datetime.date,
) -> Iterator[Product]:
    counters: dict[int, int] = {}
    # SKUs number vendors by their order, not their database id, so two seeded
    # databases get the same SKUs.
    order = {pk: n for n, pk in enumerate(sorted({v.pk for v in vendors}), start=1)}
    # The first rows cover every category once, so even the small scale shows
    # the whole tree; after that each vendor sticks to its own categories.
    every_category = [slug for slug in ITEMS if slug in categories]
    for index, (vendor, state) in enumerate(zip(vendors, states, strict=False)):
        if index < len(every_category):
            slug = every_category[index]
        else:
            slug = rng.choice(vendor_categories[vendor.pk])
        base, variants, unit, low, high, specs = rng.choice(ITEMS[slug])
        number = counters[vendor.pk] = counters.get(vendor.pk, 0) + 1
        brand = rng.choice(BRANDS)
        # Catering, printing and services are produced per order.
        made_to_order = slug in MADE_TO_ORDER or rng.random() < 0.1
        name = " ".join(part for part in (base, rng.choice(variants), brand) if part)
        # Round to Rp500 as shops do; never below Rp500.
        price = max(500, round(rng.randint(low, high) / 500) * 500)
        listed = timezone.make_aware(
            datetime.datetime.combine(reference, datetime.time(9))
            - datetime.timedelta(days=rng.randint(1, 330), minutes=rng.randint(0, 600))
        )
        yield Product(
            vendor=vendor,
            category=categories[slug],
            sku=f"{slug[:3].upper()}-{order[vendor.pk]:05d}-{number:05d}",
            name=name,
            description=f"{name}. Produk UMKM {vendor.organisation.region.name}.",
            specifications=dict(specs),
            unit_id=unit,
            price=price,
            # A curator saw the price when the product went live.
            reviewed_price=price if state in LIVE_ONCE else None,
            price_reviewed_at=listed if state in LIVE_ONCE else None,
            min_order_quantity=1,
            stock=None if made_to_order else rng.randint(5, 500),
            made_to_order=made_to_order,
            lead_time_days=rng.randint(1, 7) if made_to_order else None,
            is_pdn=rng.random() < 0.9,
            required_certificate=REQUIRED_CERTIFICATE.get(slug, ""),
            status=state,
            takedown_reason=TakedownReason.VENDOR if state == ProductStatus.TURUN_TAYANG else "",
            submitted_at=listed if state != ProductStatus.DRAFT else None,
            published_at=listed
            if state in (ProductStatus.TAYANG, ProductStatus.TURUN_TAYANG)
            else None,
        )


def _batches(rows: Iterator[Product], size: int) -> Iterator[list[Product]]:
    batch: list[Product] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
