"""Demo products: realistic listings for the verified vendors, each from its
own line of business (demo/lines.py), with a picture (all of them at the small
scale, the first `Scale.pictured_products` at larger ones: ADR 0021).

Bulk inserts (the "large" scale has half a million products). Each product
gets its first price in the price history; live products are spread over the
months before the scale's reference date.
"""

import datetime
import random
import re
from collections.abc import Iterator
from functools import cache

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
from blangkon.demo.lines import LINES, LINES_BY_SLUG, Line, Template, line_of_vendor
from blangkon.demo.seeders.context import SeedContext
from blangkon.demo.seeders.pictures import PictureKey, ProductPictures
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus

# Printers and their ink and toner of these brands are made abroad: not PDN.
IMPORTED_BRAND = re.compile(r"\b(HP|Epson|Canon)\b")

BATCH = 5_000
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
    lines = {vendor.pk: _line(vendor) for vendor in vendors}
    plan = _state_plan(ctx)
    total = sum(count for _, count in plan)
    # A few vendors list a lot, most list a little (as on every marketplace).
    weights = [rng.paretovariate(1.3) for _ in vendors]
    chosen = _every_line_first(rng, vendors, lines) + [
        (vendor, None) for vendor in rng.choices(vendors, weights=weights, k=total)
    ]
    reference = REFERENCE_DAY[ctx.scale_name]
    states = (state for state, count in plan for _ in range(count))
    rows = _products(rng, chosen, lines, categories, states, reference)
    pictures = ProductPictures()
    created = 0
    for batch in _batches(rows, BATCH):
        products = Product.objects.bulk_create([product for product, _ in batch])
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
        pictures.attach(batch[: max(0, ctx.scale.pictured_products - created)])
        created += len(products)
    ctx.stdout.write(
        f"  {created:,} products for {len(vendors):,} verified vendors, "
        f"{pictures.drawn} pictures drawn, {pictures.attached:,} attached"
    )


def _line(vendor: Vendor) -> Line:
    line = line_of_vendor(vendor.organisation.name)
    if line is None:
        raise AssertionError(f"No line of business in the name {vendor.organisation.name!r}")
    return line


def _every_line_first(
    rng: random.Random, vendors: list[Vendor], lines: dict[int, Line]
) -> list[tuple[Vendor, str | None]]:
    """The first rows: each line lists once in each of its categories, so even
    the small scale shows the whole catalog."""
    by_line: dict[str, list[Vendor]] = {}
    for vendor in vendors:
        by_line.setdefault(lines[vendor.pk].slug, []).append(vendor)
    return [
        (rng.choice(by_line[line.slug]), slug)
        for line in LINES
        if line.slug in by_line
        for slug in line.items
    ]


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


@cache
def _offer(slug: str) -> list[tuple[str, Template]]:
    """A line's (category, template) pairs: a vendor draws among all of them."""
    line = LINES_BY_SLUG[slug]
    return [(category, t) for category, templates in line.items.items() for t in templates]


def _products(
    rng: random.Random,
    chosen: list[tuple[Vendor, str | None]],
    lines: dict[int, Line],
    categories: dict[str, Category],
    states: Iterator[str],
    reference: datetime.date,
) -> Iterator[tuple[Product, PictureKey]]:
    """Rows for (vendor, category) pairs; a category of None is any of the
    vendor's line."""
    counters: dict[int, int] = {}
    # SKUs number vendors by their order, not their database id, so two seeded
    # databases get the same SKUs.
    order = {pk: n for n, pk in enumerate(sorted({v.pk for v, _ in chosen}), start=1)}
    for (vendor, category), state in zip(chosen, states, strict=False):
        line = lines[vendor.pk]
        if category is None:
            slug, template = rng.choice(_offer(line.slug))
        else:
            slug, template = category, rng.choice(line.items[category])
        variant = rng.choice(template.variants)
        number = counters[vendor.pk] = counters.get(vendor.pk, 0) + 1
        origin = rng.choice(line.origins)
        # Catering, printing and services are produced per order.
        made_to_order = slug in MADE_TO_ORDER or rng.random() < 0.1
        name = " ".join(part for part in (template.base, variant.text, origin) if part)
        # Round to Rp500 as shops do; never below Rp500.
        price = max(500, round(rng.randint(template.low, template.high) / 500) * 500)
        listed = timezone.make_aware(
            datetime.datetime.combine(reference, datetime.time(9))
            - datetime.timedelta(days=rng.randint(1, 330), minutes=rng.randint(0, 600))
        )
        product = Product(
            vendor=vendor,
            category=categories[slug],
            sku=f"{slug[:3].upper()}-{order[vendor.pk]:05d}-{number:05d}",
            name=name,
            description=f"{name}. Produk UMKM {vendor.organisation.region.name}.",
            specifications=template.specs_for(variant),
            unit_id=template.unit,
            price=price,
            # A curator saw the price when the product went live.
            reviewed_price=price if state in LIVE_ONCE else None,
            price_reviewed_at=listed if state in LIVE_ONCE else None,
            min_order_quantity=1,
            stock=None if made_to_order else rng.randint(5, 500),
            made_to_order=made_to_order,
            lead_time_days=rng.randint(1, 7) if made_to_order else None,
            # Nine in ten are domestic products, never a foreign brand's printer or ink.
            is_pdn=rng.random() < 0.9 and not IMPORTED_BRAND.search(name),
            required_certificate=REQUIRED_CERTIFICATE.get(slug, ""),
            status=state,
            takedown_reason=TakedownReason.VENDOR if state == ProductStatus.TURUN_TAYANG else "",
            submitted_at=listed if state != ProductStatus.DRAFT else None,
            published_at=listed
            if state in (ProductStatus.TAYANG, ProductStatus.TURUN_TAYANG)
            else None,
        )
        yield product, PictureKey(line.slug, slug, template.base)


def _batches[T](rows: Iterator[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
