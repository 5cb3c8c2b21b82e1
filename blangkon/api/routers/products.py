"""Products: a vendor's own listings, the curators' actions, and the public
product detail. Every endpoint is one selector or service call; errors have
the shape {code, message, fields}."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.api.pagination import BoundedPagination
from blangkon.catalog import product_selectors as selectors
from blangkon.catalog import services
from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.markdown import render_description
from blangkon.catalog.models import Product
from blangkon.core.http import client_ip

router = Router(tags=["products"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# --- schemas ----------------------------------------------------------------


class ProductIn(InputSchema):
    """A listing. `price` is whole rupiah per unit, tax included (a JSON
    integer: 15000, not 15000.5 or "15000")."""

    sku: str = Field(max_length=60)
    name: str = Field(max_length=200)
    category: str = Field(max_length=60, description="Leaf category slug, e.g. 'atk'.")
    unit: str = Field(max_length=20, description="Unit code allowed for the category.")
    price: int = Field(strict=True)
    description: str = Field("", max_length=5000)
    specifications: dict[str, str] = Field(default_factory=dict)
    min_order_quantity: int = Field(1, strict=True)
    stock: int | None = Field(None, strict=True)
    made_to_order: bool = False
    lead_time_days: int | None = Field(None, strict=True)
    coverage: list[str] = Field(
        default_factory=list, max_length=60, description="Kab/kota codes, e.g. '33.25'."
    )
    is_pdn: bool = False
    tkdn_percent: Decimal | None = Field(None, description="0 to 100, e.g. 40.5.")

    def to_input(self, sku: str | None = None) -> ProductInput:
        return ProductInput(
            sku=self.sku if sku is None else sku,
            name=self.name,
            category_slug=self.category,
            unit_code=self.unit,
            price=self.price,
            description=self.description,
            specifications=dict(self.specifications),
            min_order_quantity=self.min_order_quantity,
            stock=self.stock,
            made_to_order=self.made_to_order,
            lead_time_days=self.lead_time_days,
            coverage_codes=tuple(self.coverage),
            is_pdn=self.is_pdn,
            tkdn_percent=self.tkdn_percent,
        )


class VendorProductOut(Schema):
    id: int
    sku: str
    name: str
    status: str
    status_reason: str
    takedown_reason: str
    category: str
    unit: str
    price: int
    pending_price: int | None
    # The live product's changes waiting for a curator: field -> proposed value
    # (category and unit by slug/code, "images" as the number of new photos).
    pending_changes: dict[str, object] | None
    description: str
    specifications: dict[str, str]
    min_order_quantity: int
    stock: int | None
    made_to_order: bool
    lead_time_days: int | None
    coverage: list[str]
    is_pdn: bool
    tkdn_percent: Decimal | None
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    ceiling_warning: str | None

    @staticmethod
    def of(product: Product) -> "VendorProductOut":
        return VendorProductOut(
            id=product.pk,
            sku=product.sku,
            name=product.name,
            status=product.status,
            status_reason=product.status_reason,
            takedown_reason=product.takedown_reason,
            category=product.category.slug,
            unit=product.unit_id,
            price=product.price,
            pending_price=product.pending_price,
            pending_changes=selectors.change_request_fields(product=product),
            description=product.description,
            specifications=product.specifications,
            min_order_quantity=product.min_order_quantity,
            stock=product.stock,
            made_to_order=product.made_to_order,
            lead_time_days=product.lead_time_days,
            coverage=[region.code for region in product.coverage.all()],
            is_pdn=product.is_pdn,
            tkdn_percent=product.tkdn_percent,
            submitted_at=product.submitted_at,
            published_at=product.published_at,
            ceiling_warning=services.ceiling_warning(product.pending_price or product.price),
        )


class VendorProductListItem(Schema):
    id: int
    sku: str
    name: str
    status: str
    category: str = Field(alias="category.slug")
    unit: str = Field(alias="unit_id")
    price: int
    pending_price: int | None


class TakeDownIn(InputSchema):
    reason: str = Field(
        max_length=20,
        description="Vendors: 'vendor' or 'out_of_stock'. Curators: 'admin' or 'price_anomaly'.",
    )
    note: str = Field("", max_length=2000)


class StatusOut(Schema):
    id: int
    status: str
    price: int
    pending_price: int | None

    @staticmethod
    def of(product: Product) -> "StatusOut":
        return StatusOut(
            id=product.pk,
            status=product.status,
            price=product.price,
            pending_price=product.pending_price,
        )


class CurationItemOut(Schema):
    id: int
    sku: str
    name: str
    status: str
    category: str = Field(alias="category.slug")
    vendor_id: int
    vendor_name: str = Field(alias="vendor.organisation.name")
    kab_kota: str = Field(alias="vendor.organisation.region_id")
    price: int
    pending_price: int | None
    waiting_since: datetime.datetime | None
    waiting_days: int | None


class CurationFilterIn(InputSchema):
    category: str = Field("", max_length=60)
    kab_kota: str = Field("", max_length=13)
    vendor_id: int | None = None


class ReasonIn(InputSchema):
    reason: str = Field(max_length=2000)


class BulkApproveIn(InputSchema):
    product_ids: list[int] = Field(min_length=1, max_length=services.MAX_BULK_APPROVE)


class BulkApproveOut(Schema):
    approved: int


class TaxTreatmentOut(Schema):
    code: str
    label: str
    ppn_included: bool
    effective_ppn_rate: Decimal | None


class PublicVendorOut(Schema):
    id: int
    name: str
    kab_kota: str
    storefront_url: str


class PricePointOut(Schema):
    at: datetime.datetime
    price: int


class PublicProductOut(Schema):
    id: int
    name: str
    category: str
    category_name: str
    unit: str
    unit_name: str
    price: int
    tax_treatment: TaxTreatmentOut
    description: str
    description_html: str
    specifications: dict[str, str]
    min_order_quantity: int
    stock: int | None
    made_to_order: bool
    lead_time_days: int | None
    coverage: list[str]
    is_pdn: bool
    tkdn_percent: Decimal | None
    vendor: PublicVendorOut
    price_history: list[PricePointOut]
    ceiling_warning: str | None


# --- vendor endpoints ---------------------------------------------------------


@router.get(
    "/vendor/products",
    response={200: list[VendorProductListItem], **errors(404)},
    summary="The caller's vendor's products",
)
@paginate(BoundedPagination)
def vendor_product_list(request: HttpRequest) -> object:
    user = _user(request)
    selectors.vendor_for_user(user=user)
    return selectors.products_of_vendor_listed(user=user)


@router.post(
    "/vendor/products",
    response={200: VendorProductOut, 201: VendorProductOut, **errors(404)},
    summary="Create or update a product by SKU",
)
def vendor_product_upsert(request: HttpRequest, payload: ProductIn) -> Status[VendorProductOut]:
    """Creates a DRAFT product, or updates the vendor's product with the same
    SKU (201 created, 200 updated). On a live product a price change beyond
    the tolerance waits for a curator (`pending_price`)."""
    user = _user(request)
    vendor = selectors.vendor_for_user(user=user)
    product, created = services.product_upsert_by_sku(
        actor=user, vendor=vendor, data=payload.to_input(), ip_address=client_ip(request)
    )
    product = selectors.product_get_for_vendor_user(user=user, product_id=product.pk)
    return Status(201 if created else 200, VendorProductOut.of(product))


@router.get(
    "/vendor/products/{product_id}",
    response=VendorProductOut,
    summary="One of the caller's products",
)
def vendor_product_get(request: HttpRequest, product_id: int) -> VendorProductOut:
    product = selectors.product_get_for_vendor_user(user=_user(request), product_id=product_id)
    return VendorProductOut.of(product)


@router.put("/vendor/products/{product_id}", response=VendorProductOut, summary="Replace a product")
def vendor_product_update(
    request: HttpRequest, product_id: int, payload: ProductIn
) -> VendorProductOut:
    user = _user(request)
    services.product_update(
        actor=user, product_id=product_id, data=payload.to_input(), ip_address=client_ip(request)
    )
    product = selectors.product_get_for_vendor_user(user=user, product_id=product_id)
    return VendorProductOut.of(product)


@router.post(
    "/vendor/products/{product_id}/submit", response=StatusOut, summary="Submit for curation"
)
def vendor_product_submit(request: HttpRequest, product_id: int) -> StatusOut:
    product = services.product_submit(
        actor=_user(request), product_id=product_id, ip_address=client_ip(request)
    )
    return StatusOut.of(product)


@router.post(
    "/vendor/products/{product_id}/take-down",
    response={200: StatusOut, **errors(403)},
    summary="Take a product down",
)
def vendor_product_take_down(
    request: HttpRequest, product_id: int, payload: TakeDownIn
) -> StatusOut:
    product = services.product_take_down(
        actor=_user(request),
        product_id=product_id,
        reason=payload.reason,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return StatusOut.of(product)


# --- curation endpoints -------------------------------------------------------


@router.get(
    "/curation/products",
    response={200: list[CurationItemOut], **errors(404)},
    summary="Products waiting for curation, oldest first",
)
@paginate(BoundedPagination)
def curation_list(request: HttpRequest, filters: Query[CurationFilterIn]) -> object:
    return selectors.curation_queue(
        user=_user(request),
        filters=selectors.CurationFilters(
            category=filters.category, kab_kota=filters.kab_kota, vendor_id=filters.vendor_id
        ),
    )


@router.post(
    "/curation/products/bulk-approve",
    response={200: BulkApproveOut, **errors(403, 404)},
    summary="Approve many products",
)
def curation_bulk_approve(request: HttpRequest, payload: BulkApproveIn) -> BulkApproveOut:
    count = services.products_bulk_approve(
        actor=_user(request), product_ids=payload.product_ids, ip_address=client_ip(request)
    )
    return BulkApproveOut(approved=count)


@router.post(
    "/curation/products/{product_id}/approve",
    response={200: StatusOut, **errors(403)},
    summary="Approve a product (tayang) or its waiting price",
)
def curation_approve(request: HttpRequest, product_id: int) -> StatusOut:
    product = services.product_approve(
        actor=_user(request), product_id=product_id, ip_address=client_ip(request)
    )
    return StatusOut.of(product)


@router.post(
    "/curation/products/{product_id}/request-revision",
    response={200: StatusOut, **errors(403)},
    summary="Send a product back to the vendor",
)
def curation_request_revision(
    request: HttpRequest, product_id: int, payload: ReasonIn
) -> StatusOut:
    product = services.product_request_revision(
        actor=_user(request),
        product_id=product_id,
        reason=payload.reason,
        ip_address=client_ip(request),
    )
    return StatusOut.of(product)


@router.post(
    "/curation/products/{product_id}/reject",
    response={200: StatusOut, **errors(403)},
    summary="Reject a product",
)
def curation_reject(request: HttpRequest, product_id: int, payload: ReasonIn) -> StatusOut:
    product = services.product_reject(
        actor=_user(request),
        product_id=product_id,
        reason=payload.reason,
        ip_address=client_ip(request),
    )
    return StatusOut.of(product)


class ChangeRejectIn(InputSchema):
    reason: str = Field("", max_length=2000)


@router.post(
    "/curation/products/{product_id}/reject-changes",
    response={200: StatusOut, **errors(403)},
    summary="Reject a live product's waiting changes (content, price, photos)",
)
def curation_reject_changes(
    request: HttpRequest, product_id: int, payload: ChangeRejectIn
) -> StatusOut:
    product = services.product_change_reject(
        actor=_user(request),
        product_id=product_id,
        reason=payload.reason,
        ip_address=client_ip(request),
    )
    return StatusOut.of(product)


@router.post(
    "/curation/products/{product_id}/reject-price",
    response={200: StatusOut, **errors(403)},
    summary="Deprecated: the same as reject-changes, without a reason",
    deprecated=True,
)
def curation_reject_price(request: HttpRequest, product_id: int) -> StatusOut:
    product = services.product_change_reject(
        actor=_user(request), product_id=product_id, ip_address=client_ip(request)
    )
    return StatusOut.of(product)


@router.post(
    "/curation/products/{product_id}/take-down",
    response={200: StatusOut, **errors(403)},
    summary="Take a live product down",
)
def curation_take_down(request: HttpRequest, product_id: int, payload: TakeDownIn) -> StatusOut:
    product = services.product_take_down(
        actor=_user(request),
        product_id=product_id,
        reason=payload.reason,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return StatusOut.of(product)


# --- public -------------------------------------------------------------------


@router.get(
    "/products/{product_id}", response=PublicProductOut, auth=None, summary="A live product"
)
def product_public(request: HttpRequest, product_id: int) -> PublicProductOut:
    """Only live products (TAYANG, of a verified vendor); anything else is 404."""
    product = selectors.product_get_public(product_id=product_id)
    treatment = selectors.product_tax_treatment(product=product)
    organisation = product.vendor.organisation
    history = selectors.price_history(product=product, effective_only=True)
    return PublicProductOut(
        id=product.pk,
        name=product.name,
        category=product.category.slug,
        category_name=product.category.name,
        unit=product.unit_id,
        unit_name=product.unit.name,
        price=product.price,
        tax_treatment=TaxTreatmentOut(
            code=treatment.code,
            label=str(treatment.label),
            ppn_included=treatment.ppn_included,
            effective_ppn_rate=treatment.effective_ppn_rate,
        ),
        description=product.description,
        description_html=str(render_description(product.description)),
        specifications=product.specifications,
        min_order_quantity=product.min_order_quantity,
        stock=product.stock,
        made_to_order=product.made_to_order,
        lead_time_days=product.lead_time_days,
        coverage=[region.code for region in product.coverage.all()],
        is_pdn=product.is_pdn,
        tkdn_percent=product.tkdn_percent,
        vendor=PublicVendorOut(
            id=product.vendor_id,
            name=organisation.name,
            kab_kota=organisation.region_id,
            storefront_url=reverse("vendors:storefront", args=[product.vendor_id]),
        ),
        price_history=[PricePointOut(at=c.at, price=c.new_price) for c in history],
        ceiling_warning=services.ceiling_warning(product.price),
    )
