"""Reads of products, always through the reader's scope.

- Vendor users (owner, staff) see the products of their own vendor only.
- Curators (kab/kota and province admins) see products of vendors in their
  read scope: a kab/kota admin those domiciled in their kab/kota, a province
  admin the whole province (accounts.access.readable_organisations).
- Buyers and the public see `live_products()` only: TAYANG products of
  vendors that may sell. That function is the one visibility rule.
Anything outside the scope is NotFound (404), never Forbidden.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import ExtractDay, Now
from django.utils import timezone

from blangkon.accounts.access import readable_organisations
from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import VENDOR_ROLES, OrganisationKind, Role
from blangkon.catalog.models import (
    Category,
    PriceChange,
    PriceChangeStatus,
    Product,
    ProductImage,
    ProductStatusChange,
    Unit,
)
from blangkon.catalog.status import ProductStatus
from blangkon.core.errors import NotFound
from blangkon.documents.models import StoredFile
from blangkon.regions.models import RegionKind
from blangkon.taxes.treatment import TaxTreatment, tax_treatment
from blangkon.vendors.models import Vendor, VendorKind
from blangkon.vendors.status import ACTIVE

CURATOR_ROLES = frozenset({Role.KAB_KOTA_ADMIN, Role.PROVINCE_ADMIN})


def is_curator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in CURATOR_ROLES)


def is_vendor_user(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in VENDOR_ROLES
        and user.organisation_id is not None
    )


def _with_detail(products: QuerySet[Product]) -> QuerySet[Product]:
    """What product pages show, fetched in a fixed number of queries."""
    return products.select_related(
        "category", "category__parent", "unit", "vendor", "vendor__organisation__region"
    ).prefetch_related(
        Prefetch("coverage"),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
    )


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


def product_get_for_vendor_user(*, user: User, product_id: int) -> Product:
    """One of the vendor user's own products; another vendor's is NotFound."""
    product = _with_detail(products_of_vendor(user=user)).filter(pk=product_id).first()
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
    product = _with_detail(products_for_curator(user=user)).filter(pk=product_id).first()
    if product is None:
        raise NotFound
    return product


@dataclass(frozen=True)
class CurationFilters:
    category: str = ""  # a leaf or group slug
    kab_kota: str = ""  # the vendor's domicile, a region code
    vendor_id: int | None = None


def curation_queue(*, user: User, filters: CurationFilters) -> QuerySet[Product]:
    """Products waiting for a curator: SUBMITTED ones and live ones with a
    pending price. Annotated with `waiting_since` and `waiting_days`; oldest
    first."""
    pending_since = (
        PriceChange.objects.filter(product=OuterRef("pk"), status=PriceChangeStatus.PENDING)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    products = (
        products_for_curator(user=user)
        .filter(
            Q(status=ProductStatus.SUBMITTED)
            | Q(status=ProductStatus.TAYANG, pending_price__isnull=False)
        )
        .annotate(
            waiting_since=Case(
                When(status=ProductStatus.SUBMITTED, then=F("submitted_at")),
                default=Subquery(pending_since),
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
    return products.order_by(F("waiting_since").asc(nulls_first=True), "id")


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
    """THE visibility rule: TAYANG products of vendors that may sell (verified)."""
    return Product.objects.filter(status=ProductStatus.TAYANG, vendor__status__in=ACTIVE)


def is_live_product_image(stored_file: StoredFile) -> bool:
    """A product image (or its thumbnail) of a live product: anyone may see it
    (registered with documents.readers in CatalogConfig.ready())."""
    return ProductImage.objects.filter(
        Q(file_id=stored_file.pk) | Q(thumbnail_id=stored_file.pk),
        product__in=live_products(),
    ).exists()


def product_get_public(*, product_id: int) -> Product:
    """A live product for buyers and the public; anything else is NotFound."""
    product = _with_detail(live_products()).filter(pk=product_id).first()
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


def units_for_category(*, category_slug: str | None) -> QuerySet[Unit]:
    """The units a leaf category allows; every unit when none is chosen yet."""
    if category_slug:
        category = Category.objects.filter(slug=category_slug, parent__isnull=False).first()
        if category is not None:
            return category.units.order_by("name")
    return Unit.objects.order_by("name")


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


def storefront_get(*, vendor_id: int, product_limit: int = 500) -> Storefront:
    """The public page of a verified vendor; any other vendor is NotFound."""
    # Imported here: vendors.services.certificates still imports catalog.services
    # at module level (to become a vendor event), so a module-level import of
    # vendors.selectors would close a loop through vendors.services.
    from blangkon.vendors.selectors import vendor_get_public

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
    )


def with_live_product_flag(vendors: QuerySet[Vendor]) -> QuerySet[Vendor]:
    """`vendors` with `has_live_products`: whether any of its products is TAYANG
    (the pendamping's list of the vendors they assist)."""
    live = Product.objects.filter(vendor_id=OuterRef("pk"), status=ProductStatus.TAYANG)
    return vendors.annotate(has_live_products=Exists(live))
