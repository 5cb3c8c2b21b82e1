"""Reads of products, always through the reader's scope.

- Vendor users (owner, staff) see the products of their own vendor only.
- Curators (kab/kota and province admins) see products of vendors in their
  read scope: a kab/kota admin those domiciled in their kab/kota, a province
  admin the whole province (accounts.access.readable_organisations).
- Buyers and the public see `live_products()` only: TAYANG products of
  vendors that may sell, as `catalog.live` defines it (the one visibility
  rule, which the search index's SQL is rendered from too).
Anything outside the scope is NotFound (404), never Forbidden.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import ExtractDay, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blangkon.accounts.access import readable_organisations
from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import REGION_ADMIN_ROLES, VENDOR_ROLES, OrganisationKind
from blangkon.catalog.live import live_q
from blangkon.catalog.models import (
    Category,
    PriceChange,
    PriceChangeStatus,
    Product,
    ProductChangeRequest,
    ProductImage,
    ProductStatusChange,
    Unit,
)
from blangkon.catalog.specs import spec_label
from blangkon.catalog.status import ChangeRequestStatus, ProductStatus
from blangkon.core.errors import NotFound
from blangkon.core.money import format_rupiah
from blangkon.documents.models import StoredFile
from blangkon.regions.models import RegionKind
from blangkon.taxes.treatment import TaxTreatment, tax_treatment
from blangkon.vendors.models import Vendor, VendorKind
from blangkon.vendors.selectors import vendor_get_public

CURATOR_ROLES = REGION_ADMIN_ROLES


def is_curator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in CURATOR_ROLES)


def is_vendor_user(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in VENDOR_ROLES
        and user.organisation_id is not None
    )


def _open_changes() -> Prefetch[Any]:
    """Each product's waiting change request, into `open_changes` (read by
    Product.open_change without a query per product)."""
    return Prefetch(
        "change_requests",
        queryset=ProductChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING),
        to_attr="open_changes",
    )


def _with_detail(products: QuerySet[Product], *, reviewed_photos_only: bool) -> QuerySet[Product]:
    """What product pages show, fetched in a fixed number of queries. Buyers
    see only reviewed photos; the vendor and curators also see waiting ones."""
    photos = ProductImage.objects.order_by("position", "id")
    if reviewed_photos_only:
        photos = photos.filter(awaiting_review=False)
    return products.select_related(
        "category", "category__parent", "unit", "vendor", "vendor__organisation__region"
    ).prefetch_related(Prefetch("coverage"), Prefetch("images", queryset=photos), _open_changes())


# --- vendors --------------------------------------------------------------


def vendor_for_user(*, user: User) -> Vendor:
    """The vendor a vendor owner or staff member works for (NotFound otherwise)."""
    if not is_vendor_user(user) or user.organisation_id is None:
        raise NotFound
    vendor = (
        Vendor.objects.select_related("organisation", "organisation__region")
        .filter(organisation_id=user.organisation_id)
        .first()
    )
    if vendor is None:
        raise NotFound
    return vendor


def products_of_vendor(*, user: User) -> QuerySet[Product]:
    """The vendor user's own products, every status, by name."""
    if not is_vendor_user(user) or user.organisation_id is None:
        return Product.objects.none()
    return (
        Product.objects.filter(vendor__organisation_id=user.organisation_id)
        .select_related("category", "unit")
        .order_by("name", "id")
    )


def products_of_vendor_listed(*, user: User, status: str = "") -> QuerySet[Product]:
    """`products_of_vendor` for the list page and API: with what waits for a
    curator; only those in `status` when it is a ProductStatus value."""
    products = products_of_vendor(user=user).prefetch_related(_open_changes())
    if status in ProductStatus.values:
        products = products.filter(status=status)
    return products


def product_get_for_vendor_user(*, user: User, product_id: int) -> Product:
    """One of the vendor user's own products; another vendor's is NotFound."""
    products = _with_detail(products_of_vendor(user=user), reviewed_photos_only=False)
    product = products.filter(pk=product_id).first()
    if product is None:
        raise NotFound
    return product


# --- curators -------------------------------------------------------------


def products_for_curator(*, user: User) -> QuerySet[Product]:
    """Products of vendors in the curator's read scope (none for other roles)."""
    if not is_curator(user):
        return Product.objects.none()
    vendor_organisations = readable_organisations(user).filter(kind=OrganisationKind.VENDOR)
    return Product.objects.filter(vendor__organisation__in=vendor_organisations)


def product_get_for_curator(*, user: User, product_id: int) -> Product:
    products = _with_detail(products_for_curator(user=user), reviewed_photos_only=False)
    product = products.filter(pk=product_id).first()
    if product is None:
        raise NotFound
    return product


class QueueKind:
    """What a queued product waits for: a first review, or a review of changes
    to a live product. The values are the queue's `jenis` filter."""

    NEW = "baru"
    CHANGE = "perubahan"


@dataclass(frozen=True)
class CurationFilters:
    category: str = ""  # a leaf or group slug
    kab_kota: str = ""  # the vendor's domicile, a region code
    vendor_id: int | None = None
    kind: str = ""  # a QueueKind value, or "" for both


def curation_queue(*, user: User, filters: CurationFilters) -> QuerySet[Product]:
    """Products waiting for a curator: SUBMITTED ones and live ones with
    changes waiting (content, price, photos). Annotated with `waiting_since`
    and `waiting_days`; oldest first. Only curators have a queue: NotFound
    for anyone else, on the page and in the API alike."""
    if not is_curator(user):
        raise NotFound
    pending = ProductChangeRequest.objects.filter(
        product=OuterRef("pk"), status=ChangeRequestStatus.PENDING
    )
    products = (
        products_for_curator(user=user)
        .filter(Q(status=ProductStatus.SUBMITTED) | Q(Exists(pending), status=ProductStatus.TAYANG))
        .prefetch_related(_open_changes())
        .annotate(
            waiting_since=Case(
                When(status=ProductStatus.SUBMITTED, then=F("submitted_at")),
                default=Subquery(pending.values("created_at")[:1]),
                output_field=DateTimeField(),
            )
        )
        .annotate(waiting_days=ExtractDay(Now() - F("waiting_since"), output_field=IntegerField()))
        .select_related("category", "unit", "vendor__organisation__region")
    )
    if filters.category:
        products = products.filter(
            Q(category__slug=filters.category) | Q(category__parent__slug=filters.category)
        )
    if filters.kab_kota:
        products = products.filter(vendor__organisation__region_id=filters.kab_kota)
    if filters.vendor_id:
        products = products.filter(vendor_id=filters.vendor_id)
    if filters.kind == QueueKind.NEW:
        products = products.filter(status=ProductStatus.SUBMITTED)
    elif filters.kind == QueueKind.CHANGE:
        products = products.filter(status=ProductStatus.TAYANG)
    return products.order_by(F("waiting_since").asc(nulls_first=True), "id")


@dataclass(frozen=True)
class QueueWaiting:
    """How many products of one kind wait in a curator's queue, and since when."""

    kind: str  # a QueueKind value
    count: int
    oldest: datetime.datetime | None


def curation_waiting(*, user: User) -> list[QueueWaiting]:
    """The curator's queue counted by kind in one query: exactly the rows
    `curation_queue` lists (same scope, same conditions)."""
    queue = curation_queue(user=user, filters=CurationFilters())
    new, change = Q(status=ProductStatus.SUBMITTED), Q(status=ProductStatus.TAYANG)
    totals = queue.order_by().aggregate(
        new_count=Count("id", filter=new),
        new_oldest=Min("waiting_since", filter=new),
        change_count=Count("id", filter=change),
        change_oldest=Min("waiting_since", filter=change),
    )
    return [
        QueueWaiting(QueueKind.NEW, totals["new_count"], totals["new_oldest"]),
        QueueWaiting(QueueKind.CHANGE, totals["change_count"], totals["change_oldest"]),
    ]


def curation_next(*, user: User, after_product_id: int) -> int | None:
    """The product a curator meets after `after_product_id` in the queue (same
    scope and order as `curation_queue`); the first other one when it was last
    or not queued; None when nothing else waits.

    Asked before the decision, while the decided product still holds its place.
    """
    queue = curation_queue(user=user, filters=CurationFilters()).prefetch_related(None)
    others = queue.exclude(pk=after_product_id)
    current = queue.filter(pk=after_product_id).first()
    if current is not None:
        since = current.waiting_since  # type: ignore[attr-defined]  # queue annotation
        later_id = Q(pk__gt=after_product_id)
        if since is None:  # rows without a date sort first
            later = Q(waiting_since__isnull=True) & later_id | Q(waiting_since__isnull=False)
        else:
            later = Q(waiting_since__gt=since) | Q(waiting_since=since) & later_id
        found = others.filter(later).values_list("pk", flat=True).first()
        if found is not None:
            return found
    return others.values_list("pk", flat=True).first()


def product_status_counts(*, user: User) -> dict[str, int]:
    """How many of the vendor user's own products are in each status."""
    rows = products_of_vendor(user=user).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def curation_vendor_choices(*, user: User) -> QuerySet[Vendor]:
    """Vendors in the curator's scope, for the queue's vendor filter."""
    if not is_curator(user):
        return Vendor.objects.none()
    organisations = readable_organisations(user).filter(kind=OrganisationKind.VENDOR)
    return Vendor.objects.filter(organisation__in=organisations).select_related("organisation")


def curation_kab_kota_choices(*, user: User) -> QuerySet[Organisation]:
    """Pemda of kab/kota in the curator's scope, for the queue's region filter."""
    if not is_curator(user):
        return Organisation.objects.none()
    return (
        readable_organisations(user)
        .filter(kind=OrganisationKind.PEMDA)
        .exclude(region__kind=RegionKind.PROVINSI)
        .select_related("region")
        .order_by("region__code")
    )


# --- the public -----------------------------------------------------------


def live_products() -> QuerySet[Product]:
    """THE visibility rule: TAYANG products of vendors that may sell (verified),
    as catalog.live defines it for the ORM and the search index alike."""
    return Product.objects.filter(live_q())


def is_live_product_image(stored_file: StoredFile) -> bool:
    """A reviewed product image (or its thumbnail) of a live product: anyone may
    see it (registered with documents.readers in CatalogConfig.ready())."""
    return ProductImage.objects.filter(
        Q(file_id=stored_file.pk) | Q(thumbnail_id=stored_file.pk),
        product__in=live_products(),
        awaiting_review=False,  # a photo added to a live product waits for a curator
    ).exists()


def product_get_public(*, product_id: int) -> Product:
    """A live product for buyers and the public; anything else is NotFound."""
    product = _with_detail(live_products(), reviewed_photos_only=True).filter(pk=product_id).first()
    if product is None:
        raise NotFound
    return product


# --- history and derived facts ---------------------------------------------


def price_history(*, product: Product, effective_only: bool = False) -> QuerySet[PriceChange]:
    """The product's price changes, oldest first. `effective_only` keeps the
    prices that actually applied (what the public page shows)."""
    changes = product.price_changes.order_by("at", "id")
    if effective_only:
        changes = changes.filter(status__in=(PriceChangeStatus.APPLIED, PriceChangeStatus.APPROVED))
    return changes


def status_history(*, product: Product) -> QuerySet[ProductStatusChange]:
    return product.status_changes.select_related("actor").order_by("at", "id")


def product_tax_treatment(*, product: Product, on: datetime.date | None = None) -> TaxTreatment:
    """How the product's price relates to PPN today (or on a given date)."""
    return tax_treatment(
        tax_class=product.category.tax_class,
        vendor_is_pkp=product.vendor.is_pkp,
        on=on or timezone.localdate(),
    )


def leaf_categories() -> QuerySet[Category]:
    """Leaf categories with their group and units, in the tree's order."""
    return (
        Category.objects.filter(parent__isnull=False)
        .select_related("parent")
        .prefetch_related("units")
        .order_by("parent__position", "position", "name")
    )


def leaf_category(*, slug: str | None) -> Category | None:
    """The leaf category with this slug, or None (no choice yet, or not a leaf)."""
    if not slug:
        return None
    return Category.objects.filter(slug=slug, parent__isnull=False).first()


def units_for_category(*, category: Category | None) -> QuerySet[Unit]:
    """The units a leaf category allows; none before a category is chosen, so
    no unit is picked for the vendor by default."""
    if category is None:
        return Unit.objects.none()
    return category.units.order_by("name")


def sku_in_use(*, vendor: Vendor, sku: str, except_product_id: int | None = None) -> bool:
    """Whether another of the vendor's products already has this SKU."""
    products = Product.objects.filter(vendor=vendor, sku=sku.strip())
    if except_product_id is not None:
        products = products.exclude(pk=except_product_id)
    return products.exists()


def coverage_codes_of_vendor(*, vendor: Vendor) -> list[str]:
    """The vendor's own kab/kota and every kab/kota one of its products delivers
    to: "all my kab/kota" on the product form."""
    codes = {vendor.organisation.region_id}
    codes.update(
        Product.coverage.through.objects.filter(product__vendor=vendor)
        .values_list("region_id", flat=True)
        .distinct()
    )
    return sorted(code for code in codes if code)


# --- the public storefront of a vendor --------------------------------------
# A dataclass of public fields only, so a template or API schema cannot reach
# NIK, NPWP, bank details or phone. It lives in catalog because it lists live
# products; vendors (below catalog) gives the vendor (vendor_get_public).


@dataclass(frozen=True)
class StorefrontProduct:
    id: int
    name: str
    category: str
    unit: str
    price: int  # whole rupiah per unit, tax included


@dataclass(frozen=True)
class Storefront:
    """What anyone may see of a verified vendor. Nothing personal: no NIK, NPWP,
    bank details, phone, e-mail or names of people."""

    vendor_id: int
    name: str
    kab_kota: str
    kind: str
    kind_label: str
    scale: str
    scale_label: str
    verified: bool
    verified_since: datetime.date | None
    trained: bool
    products: list[StorefrontProduct]
    # The PPKs' published ratings (kept on the vendor by the ratings app).
    rating_average: Decimal | None = None
    rating_count: int = 0


def storefront_get(*, vendor_id: int, product_limit: int = 500) -> Storefront:
    """The public page of a verified vendor; any other vendor is NotFound."""
    vendor = vendor_get_public(vendor_id=vendor_id)
    products = (
        live_products()
        .filter(vendor=vendor)
        .select_related("category", "unit")
        .order_by("name", "id")[:product_limit]
    )
    kind_label = (
        vendor.get_legal_form_display()
        if vendor.kind == VendorKind.BADAN_USAHA and vendor.legal_form
        else vendor.get_kind_display()
    )
    return Storefront(
        vendor_id=vendor.pk,
        name=vendor.organisation.name,
        kab_kota=vendor.organisation.region.name,
        kind=vendor.kind,
        kind_label=str(kind_label),
        scale=vendor.scale,
        scale_label=str(vendor.get_scale_display()) if vendor.scale else "",
        verified=True,
        verified_since=timezone.localdate(vendor.verified_at) if vendor.verified_at else None,
        trained=bool(getattr(vendor, "is_trained", False)),
        products=[
            StorefrontProduct(
                id=p.pk, name=p.name, category=p.category.name, unit=p.unit.name, price=p.price
            )
            for p in products
        ],
        rating_average=vendor.rating_average,
        rating_count=vendor.rating_count,
    )


def with_live_product_flag(vendors: QuerySet[Vendor]) -> QuerySet[Vendor]:
    """`vendors` with `has_live_products`: whether any of its products is TAYANG
    (the pendamping's list of the vendors they assist)."""
    live = Product.objects.filter(vendor_id=OuterRef("pk"), status=ProductStatus.TAYANG)
    return vendors.annotate(has_live_products=Exists(live))


# --- changes waiting for a curator ------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One line of a change request's diff: the live value and the proposed one."""

    label: str
    live: str
    proposed: str


def change_request_diff(*, product: Product) -> list[FieldChange]:
    """What a live product's waiting change request would change, field by
    field, as the curator reads it (names, not ids; rupiah; yes/no)."""
    change = product.open_change
    if change is None:
        return []
    proposed = change.proposed
    lines: list[FieldChange] = []
    for name, label in _DIFF_LABELS:
        if name not in proposed:
            continue
        if name == "specifications":
            lines += _specification_changes(product.specifications, proposed[name])
            continue
        lines.append(
            FieldChange(
                str(label), _shown(name, getattr(product, name)), _shown(name, proposed[name])
            )
        )
    if photos := proposed.get("images"):
        lines.append(
            FieldChange(
                str(_("Photos")),
                "",
                ngettext("%(count)d new photo", "%(count)d new photos", len(photos))
                % {"count": len(photos)},
            )
        )
    return lines


_DIFF_LABELS = (
    ("name", _("Name")),
    ("category_id", _("Category")),
    ("unit_id", _("Unit")),
    ("price", _("Price per unit incl. tax")),
    ("description", _("Description")),
    ("specifications", _("Specifications")),
    ("is_pdn", _("Domestic product (PDN)")),
    ("tkdn_percent", _("TKDN %")),
)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name == "category_id":
        return str(Category.objects.filter(pk=value).values_list("name", flat=True).first())
    if name == "unit_id":
        return str(Unit.objects.filter(pk=value).values_list("name", flat=True).first())
    if name == "price":
        return format_rupiah(int(value))
    if name == "is_pdn":
        return str(_("Yes") if value else _("No"))
    return str(value)


def _specification_changes(live: dict[str, str], proposed: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(
            f"{_('Specification')}: {spec_label(key)}",
            live.get(key, "—"),
            proposed.get(key, "—"),
        )
        for key in sorted(set(live) | set(proposed))
        if live.get(key) != proposed.get(key)
    ]


def change_request_fields(*, product: Product) -> dict[str, object] | None:
    """The waiting proposal in the API's terms (slugs and codes, not ids)."""
    change = product.open_change
    if change is None:
        return None
    fields: dict[str, object] = {}
    for name, value in change.proposed.items():
        if name == "category_id":
            fields["category"] = Category.objects.get(pk=value).slug
        elif name == "unit_id":
            fields["unit"] = value
        elif name == "images":
            fields["images"] = len(value)
        else:
            fields[name] = value
    return fields


def lowest_live_price(*, product: Product, days: int) -> int:
    """The lowest price buyers could see in the last `days` days since a
    curator last reviewed the price: the current price, every price that
    applied in that window, and the price in force when it began (the old
    price of its first change)."""
    since = timezone.now() - datetime.timedelta(days=days)
    if product.price_reviewed_at is not None:
        since = max(since, product.price_reviewed_at)
    effective = (PriceChangeStatus.APPLIED, PriceChangeStatus.APPROVED)
    changes = product.price_changes.filter(at__gte=since, status__in=effective)
    prices = [product.price, *changes.values_list("new_price", flat=True)]
    first = changes.order_by("at", "id").values_list("old_price", flat=True).first()
    if first is not None:
        prices.append(first)
    return min(prices)
