"""Writes to products: listing (one upsert path for the form, the API and the
bulk import), curation, price review and take-downs.

Every status change goes through transitions.product_transition(). Each
service checks the actor's rights, runs in one transaction, locks the rows it
changes and writes audit rows in that transaction.

Who may do what:
- the vendor's owner and staff: list, edit, submit and take down their own
  products (another vendor's product is NotFound);
- curators (kab/kota admins for vendors domiciled in their kab/kota, province
  admins for the province): approve, request revision, reject, take down, and
  review large price changes. Other roles get Forbidden; products outside the
  curator's scope are NotFound.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.audit.services import audit_record, audit_record_many
from blangkon.catalog.changes import (
    change_request_approve,
    change_request_fold,
    change_request_photos,
    change_request_reject,
    change_request_save,
    curated_differences,
)
from blangkon.catalog.inputs import ProductInput
from blangkon.catalog.listing_rules import missing_spec_keys, stock_problems
from blangkon.catalog.markdown import MAX_DESCRIPTION_LENGTH
from blangkon.catalog.models import (
    Category,
    PriceChange,
    PriceChangeStatus,
    Product,
    ProductImage,
)
from blangkon.catalog.product_selectors import (
    is_curator,
    is_vendor_user,
    lowest_live_price,
    products_for_curator,
)
from blangkon.catalog.specs import (
    MAX_SPEC_ENTRIES,
    MAX_SPEC_KEY_LENGTH,
    MAX_SPEC_VALUE_LENGTH,
    normalise_spec_key,
    required_certificate,
    spec_label,
)
from blangkon.catalog.status import ProductStatus, TakedownReason
from blangkon.catalog.transitions import product_transition, submission_refusal
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.core.money import format_rupiah
from blangkon.documents.models import DocumentKind
from blangkon.documents.services import files_atomic, stored_file_create, thumbnail_create
from blangkon.notifications.services import notify
from blangkon.procurement.selectors import rules_today
from blangkon.regions.models import Region, RegionKind
from blangkon.vendors.models import Vendor
from blangkon.vendors.services import vendor_owner

MAX_PRICE = 999_999_999_999  # under Rp1 triliun: anything above is a typing error
MAX_QUANTITY = 1_000_000
MAX_BULK_APPROVE = 500

VENDOR_TAKEDOWN_REASONS = frozenset({TakedownReason.VENDOR, TakedownReason.OUT_OF_STOCK})
CURATOR_TAKEDOWN_REASONS = frozenset({TakedownReason.ADMIN, TakedownReason.PRICE_ANOMALY})


def ceiling_warning(price: int) -> str | None:
    """A warning (not an error) when one unit alone exceeds the per-transaction
    ceiling of the procurement rules in force today (Rp50 juta since 2020): such
    a product cannot be bought through this channel in a single order."""
    ceiling = rules_today().ceiling_rupiah
    if price <= ceiling:
        return None
    return _(
        "The unit price is above the per-transaction ceiling of %(ceiling)s: an OPD "
        "cannot buy even one unit in a single order through the catalog."
    ) % {"ceiling": format_rupiah(ceiling)}


# --- validation -------------------------------------------------------------


@dataclass(frozen=True)
class LeafCategory:
    id: int
    slug: str
    unit_codes: frozenset[str]


@dataclass(frozen=True)
class CatalogReference:
    """The reference data validation needs. Load it once with
    `catalog_reference()` and pass it to every upsert of a bulk import."""

    categories: dict[str, LeafCategory]
    kab_kota_codes: frozenset[str]


def catalog_reference() -> CatalogReference:
    leaves = Category.objects.filter(parent__isnull=False).prefetch_related("units")
    categories = {
        leaf.slug: LeafCategory(
            id=leaf.pk,
            slug=leaf.slug,
            unit_codes=frozenset(unit.code for unit in leaf.units.all()),
        )
        for leaf in leaves
    }
    codes = Region.objects.exclude(kind=RegionKind.PROVINSI).values_list("code", flat=True)
    return CatalogReference(categories=categories, kab_kota_codes=frozenset(codes))


@dataclass(frozen=True)
class _Clean:
    """A ProductInput that passed validation, normalised."""

    data: ProductInput
    category: LeafCategory
    coverage_codes: tuple[str, ...]


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean_specifications(
    raw: object, category_slug: str, fields: dict[str, str]
) -> dict[str, str]:
    if not isinstance(raw, dict):
        fields["specifications"] = _("Give the specifications as key: value pairs.")
        return {}
    specs: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not isinstance(value, str | int):
            fields["specifications"] = _("Each specification is a name and a text value.")
            return {}
        name = normalise_spec_key(key)
        text = " ".join(str(value).split())
        if not name:
            continue
        if len(name) > MAX_SPEC_KEY_LENGTH or len(text) > MAX_SPEC_VALUE_LENGTH:
            fields["specifications"] = _(
                "Keep each specification name under %(key)d and each value under "
                "%(value)d characters."
            ) % {"key": MAX_SPEC_KEY_LENGTH, "value": MAX_SPEC_VALUE_LENGTH}
            return {}
        specs[name] = text
    if len(specs) > MAX_SPEC_ENTRIES:
        fields["specifications"] = _("Give at most %(count)d specifications.") % {
            "count": MAX_SPEC_ENTRIES
        }
        return {}
    missing = missing_spec_keys(category_slug, specs)
    if missing:
        fields["specifications"] = _(
            "This category needs these specifications: %(keys)s. Add a line 'name: value' for each."
        ) % {"keys": ", ".join(spec_label(key) for key in missing)}
    return specs


def _clean_tkdn(value: object, fields: dict[str, str]) -> Decimal | None:
    if value is None:
        return None
    message = _("TKDN is a percentage from 0 to 100 with at most 2 decimals, e.g. 40.5.")
    if isinstance(value, float | bool):
        fields["tkdn_percent"] = message
        return None
    try:
        tkdn = Decimal(str(value))
    except InvalidOperation:
        fields["tkdn_percent"] = message
        return None
    exponent = tkdn.as_tuple().exponent
    if (
        not tkdn.is_finite()
        or not isinstance(exponent, int)
        or exponent < -2
        or not Decimal(0) <= tkdn <= Decimal(100)
    ):
        fields["tkdn_percent"] = message
        return None
    return tkdn


def _clean_stock(data: ProductInput, fields: dict[str, str]) -> None:
    fields.update(
        stock_problems(
            made_to_order=data.made_to_order, stock=data.stock, lead_time_days=data.lead_time_days
        )
    )


def _clean_price(price: object, fields: dict[str, str]) -> None:
    if not isinstance(price, int) or isinstance(price, bool):
        fields["price"] = _("Enter the price in whole rupiah, without decimals, e.g. 15000.")
    elif not 0 < price <= MAX_PRICE:
        fields["price"] = _("The price must be more than Rp0 (whole rupiah, tax included).")


def _clean_text(data: ProductInput, fields: dict[str, str]) -> tuple[str, str, str]:
    sku = data.sku.strip() if isinstance(data.sku, str) else ""
    name = " ".join(data.name.split()) if isinstance(data.name, str) else ""
    description = data.description.strip() if isinstance(data.description, str) else ""
    if not sku:
        fields["sku"] = _("Fill in your own code for this product (SKU), e.g. ATK-001.")
    elif len(sku) > 60 or not sku.isprintable():
        fields["sku"] = _("Use at most 60 ordinary characters for the SKU.")
    if len(name) < 3:
        fields["name"] = _("Fill in the product name (at least 3 characters).")
    elif len(name) > 200:
        fields["name"] = _("Shorten the name to at most 200 characters.")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        fields["description"] = _("Shorten the description to at most %(max)d characters.") % {
            "max": MAX_DESCRIPTION_LENGTH
        }
    return sku, name, description


def validate_product_input(
    data: ProductInput, *, vendor: Vendor, reference: CatalogReference | None = None
) -> _Clean:
    """Check every rule of a product listing and normalise it.

    Raises DomainError("invalid", message, fields) naming every bad field at
    once. Field names: sku, name, description, category, unit, price,
    specifications, min_order_quantity, stock, made_to_order, lead_time_days,
    coverage, tkdn_percent.
    """
    reference = reference or catalog_reference()
    fields: dict[str, str] = {}
    sku, name, description = _clean_text(data, fields)

    category = reference.categories.get(data.category_slug)
    if category is None:
        fields["category"] = _("Choose a category from the list (the most specific one).")
    elif data.unit_code not in category.unit_codes:
        fields["unit"] = _("Choose one of the units this category uses.")
    _clean_price(data.price, fields)
    specs = _clean_specifications(data.specifications, category.slug if category else "", fields)
    if not _is_whole_number(data.min_order_quantity) or not (
        1 <= data.min_order_quantity <= MAX_QUANTITY
    ):
        fields["min_order_quantity"] = _("The minimum order is a whole number, 1 or more.")
    _clean_stock(data, fields)

    codes = tuple(dict.fromkeys(data.coverage_codes)) or (vendor.organisation.region_id,)
    if any(code not in reference.kab_kota_codes for code in codes):
        fields["coverage"] = _("Choose the kabupaten/kota you deliver to from the list.")
    tkdn = _clean_tkdn(data.tkdn_percent, fields)
    if not isinstance(data.is_pdn, bool):
        fields["is_pdn"] = _("Say whether this is a domestic product (PDN).")

    if fields or category is None:
        raise DomainError("invalid", _("Please correct the marked fields."), fields)
    clean = replace(
        data,
        sku=sku,
        name=name,
        description=description,
        specifications=specs,
        coverage_codes=codes,
        tkdn_percent=tkdn,
    )
    return _Clean(data=clean, category=category, coverage_codes=codes)


# --- listing ----------------------------------------------------------------


def _check_vendor_actor(actor: User, vendor: Vendor) -> None:
    if not is_vendor_user(actor) or actor.organisation_id != vendor.organisation_id:
        raise NotFound


def _price_outcome(*, product: Product, new_price: int) -> str:
    """The price rule for a product row (the caller writes the outcome).

    "same": the live price, nothing waits any more. Not live: "applied" (the
    next curation sees the price). Live: "pending" when the change needs a
    curator (`price_needs_review`), else "applied" at once. A pending price
    waits in the change request while the old price stays live; a newer price
    replaces a waiting one.
    """
    if new_price == product.price:
        return "same"
    if product.status != ProductStatus.TAYANG:
        return "applied"
    return "pending" if price_needs_review(product=product, new_price=new_price) else "applied"


_PLAIN_FIELDS = (
    "sku",
    "name",
    "description",
    "specifications",
    "min_order_quantity",
    "stock",
    "made_to_order",
    "lead_time_days",
    "is_pdn",
    "tkdn_percent",
)


SKU_UNIQUE_CONSTRAINT = "sku_unique_per_vendor"


def _is_sku_taken(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == SKU_UNIQUE_CONSTRAINT


def _create(
    *, actor: User, vendor: Vendor, clean: _Clean, ip_address: str | None
) -> Product | None:
    """Insert a new product; None when the vendor's SKU is taken (another
    request inserted it after the caller looked)."""
    data = clean.data
    try:
        with transaction.atomic():
            product = Product.objects.create(
                vendor=vendor,
                category_id=clean.category.id,
                unit_id=data.unit_code,
                price=data.price,
                required_certificate=required_certificate(clean.category.slug),
                **{name: getattr(data, name) for name in _PLAIN_FIELDS},
            )
    except IntegrityError as error:
        if _is_sku_taken(error):
            return None
        raise
    Product.coverage.through.objects.bulk_create(
        [Product.coverage.through(product=product, region_id=code) for code in clean.coverage_codes]
    )
    PriceChange.objects.create(
        product=product,
        old_price=None,
        new_price=data.price,
        status=PriceChangeStatus.APPLIED,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="product.create",
        obj=product,
        organisation=vendor.organisation,
        ip_address=ip_address,
        details={"sku": data.sku, "name": data.name, "price": data.price},
    )
    return product


def price_needs_review(*, product: Product, new_price: int) -> bool:
    """Whether a live product's new price must wait for a curator.

    The tolerance (PRICE_CHANGE_TOLERANCE_PERCENT, ±10 %) is judged against
    the last price a curator reviewed, not against the current one, so eight
    steps of +9 % cannot add up to +99 % unreviewed. And a price may not rise
    more than the tolerance above the lowest price buyers saw in the last
    PRICE_CHANGE_WINDOW_DAYS (a cut then a rise is a rise). Going back to the
    reviewed price itself never waits: a curator saw it.
    """
    tolerance = settings.PRICE_CHANGE_TOLERANCE_PERCENT
    reviewed = product.reviewed_price or product.price
    if new_price == reviewed:
        return False
    if abs(new_price - reviewed) * 100 > tolerance * reviewed:
        return True
    lowest = lowest_live_price(product=product, days=settings.PRICE_CHANGE_WINDOW_DAYS)
    return (new_price - lowest) * 100 > tolerance * lowest


def _record_price(product: Product, *, new_price: int, outcome: str, actor: User) -> None:
    """Write a price outcome to the history; an applied price also to the row.
    A pending price is recorded once, not again while the same one waits."""
    if outcome == "applied":
        PriceChange.objects.create(
            product=product,
            old_price=product.price,
            new_price=new_price,
            status=PriceChangeStatus.APPLIED,
            actor=actor,
        )
        product.price = new_price
    elif outcome == "pending" and product.pending_price != new_price:
        PriceChange.objects.create(
            product=product,
            old_price=product.price,
            new_price=new_price,
            status=PriceChangeStatus.PENDING,
            actor=actor,
        )


def _update(
    *, actor: User, vendor: Vendor, product: Product, clean: _Clean, ip_address: str | None
) -> Product:
    """Write the changed fields of a locked product. Nothing changed: no writes.

    On a live product the curated fields, a price beyond the tolerance and new
    photos wait in its change request (catalog/changes.py) while buyers keep
    seeing the approved listing; the other fields apply at once.
    """
    if product.status == ProductStatus.REJECTED:
        raise DomainError(
            "not_editable",
            _("A rejected product cannot be changed. List it again under a new SKU."),
            {"sku": _("This SKU belongs to a rejected product.")},
        )
    data = clean.data
    values: dict[str, Any] = {name: getattr(data, name) for name in _PLAIN_FIELDS}
    values |= {"category_id": clean.category.id, "unit_id": data.unit_code}
    live = product.status == ProductStatus.TAYANG
    waiting = curated_differences(product, values) if live else {}
    changed = [name for name, value in values.items()
               if name not in waiting and getattr(product, name) != value]  # fmt: skip
    for name in changed:
        setattr(product, name, values[name])
    if "category_id" in changed:
        product.required_certificate = required_certificate(clean.category.slug)
        changed.append("required_certificate")
    old_price = product.price
    price = _price_outcome(product=product, new_price=data.price)
    _record_price(product, new_price=data.price, outcome=price, actor=actor)
    if price == "applied":
        changed.append("price")
    elif price == "pending":
        waiting["price"] = data.price
    coverage_before = set(product.coverage.values_list("code", flat=True))
    if coverage_before != set(clean.coverage_codes):
        product.coverage.set(Region.objects.filter(code__in=clean.coverage_codes))
        changed.append("coverage")
    if changed:
        product.save(update_fields=[f for f in changed if f != "coverage"] + ["updated_at"])
    review = "none"
    if live:
        review = change_request_save(
            actor=actor, product=product, proposed=waiting, keep_photos=True, ip_address=ip_address
        )
    if not changed and review == "none":
        return product
    audit_record(
        actor=actor,
        action="product.update",
        obj=product,
        organisation=vendor.organisation,
        ip_address=ip_address,
        details={
            "sku": product.sku,
            "changed": sorted(changed),
            "waiting_for_review": sorted(waiting),
            "price": price if price != "same" else "",
            "old_price": old_price,
            "new_price": data.price,
        },
    )
    return product


def products_create_many(
    *, actor: User, vendor: Vendor, cleans: list[_Clean], ip_address: str | None = None
) -> list[Product]:
    """Create many new products at once: the bulk import's fast path.

    Writes what `_create` writes for each product (the product as DRAFT, its
    coverage, its first price, an audit row), in a handful of statements per
    call instead of several per product. Every item must come from
    `validate_product_input` and carry a SKU the vendor does not use yet. Run it
    in a transaction; an IntegrityError (a SKU created meanwhile) leaves nothing
    behind, and the caller then takes the rows one by one through
    `product_upsert_by_sku`.
    """
    _check_vendor_actor(actor, vendor)
    products = Product.objects.bulk_create(
        [
            Product(
                vendor=vendor,
                category_id=clean.category.id,
                unit_id=clean.data.unit_code,
                price=clean.data.price,
                required_certificate=required_certificate(clean.category.slug),
                **{name: getattr(clean.data, name) for name in _PLAIN_FIELDS},
            )
            for clean in cleans
        ]
    )
    Product.coverage.through.objects.bulk_create(
        [
            Product.coverage.through(product=product, region_id=code)
            for product, clean in zip(products, cleans, strict=True)
            for code in clean.coverage_codes
        ]
    )
    PriceChange.objects.bulk_create(
        [
            PriceChange(
                product=product,
                old_price=None,
                new_price=product.price,
                status=PriceChangeStatus.APPLIED,
                actor=actor,
            )
            for product in products
        ]
    )
    audit_record_many(
        actor=actor,
        action="product.create",
        objects=[
            (product, {"sku": product.sku, "name": product.name, "price": product.price})
            for product in products
        ],
        organisation=vendor.organisation,
        ip_address=ip_address,
    )
    return products


def product_upsert_by_sku(
    *,
    actor: User,
    vendor: Vendor,
    data: ProductInput,
    reference: CatalogReference | None = None,
    only_create: bool = False,
    ip_address: str | None = None,
) -> tuple[Product, bool]:
    """Create the vendor's product with this SKU, or update it. The one path for
    the product form, the API and the bulk import.

    A new product starts as DRAFT with its first price recorded (APPLIED). On
    update the price rule applies (see `_price_outcome`) and, on a live product,
    curated changes wait for a curator (see `_update`). Returns (product,
    created). Errors: DomainError("invalid") with every bad field,
    DomainError("not_editable") for a rejected product, NotFound when the actor
    is not the vendor's owner or staff, DomainError("duplicate") with
    `only_create` (the "new product" form) when the SKU exists. Pass one
    `catalog_reference()` for many rows to skip reloading the reference data.

    Safe under concurrency: of requests that create the same new SKU at once,
    one creates it and the others update it (none fails with "duplicate").
    """
    _check_vendor_actor(actor, vendor)
    clean = validate_product_input(data, vendor=vendor, reference=reference)
    with transaction.atomic():
        existing = _locked_by_sku(vendor=vendor, sku=clean.data.sku)
        if existing is None:
            created = _create(actor=actor, vendor=vendor, clean=clean, ip_address=ip_address)
            if created is not None:
                return created, True
            # Another request inserted this SKU after our read: PostgreSQL held
            # our insert until that request committed, so its row is visible
            # now. This request becomes an update of it, under its row lock.
            existing = _locked_by_sku(vendor=vendor, sku=clean.data.sku)
        if existing is None or only_create:
            raise DomainError(
                "duplicate",
                _("You already have a product with this SKU. Edit that product instead."),
                {"sku": _("Use another SKU.")},
            )
        product = _update(
            actor=actor, vendor=vendor, product=existing, clean=clean, ip_address=ip_address
        )
    return product, False


def _locked_by_sku(*, vendor: Vendor, sku: str) -> Product | None:
    return Product.objects.select_for_update().filter(vendor=vendor, sku=sku).first()


def _locked_own_product(*, actor: User, product_id: int) -> Product:
    if not is_vendor_user(actor) or actor.organisation_id is None:
        raise NotFound
    product = (
        Product.objects.select_for_update(of=("self",))
        .select_related("vendor__organisation")
        .filter(pk=product_id, vendor__organisation_id=actor.organisation_id)
        .first()
    )
    if product is None:
        raise NotFound
    return product


def product_update(
    *, actor: User, product_id: int, data: ProductInput, ip_address: str | None = None
) -> Product:
    """Change one of the vendor's own products by id (the edit form and PUT).

    The SKU may be renamed unless another product of the vendor has it
    (DomainError("duplicate"), also when another request takes it at the same
    moment). Same rules and price rule as `product_upsert_by_sku`.
    """
    with transaction.atomic():
        product = _locked_own_product(actor=actor, product_id=product_id)
        vendor = product.vendor
        clean = validate_product_input(data, vendor=vendor)
        if (
            clean.data.sku != product.sku
            and Product.objects.filter(vendor=vendor, sku=clean.data.sku).exists()
        ):
            raise _sku_in_use()
        try:
            with transaction.atomic():
                return _update(
                    actor=actor, vendor=vendor, product=product, clean=clean, ip_address=ip_address
                )
        except IntegrityError as error:
            # Another request gave this SKU to another product after our check.
            if _is_sku_taken(error):
                raise _sku_in_use() from None
            raise


def _sku_in_use() -> DomainError:
    return DomainError(
        "duplicate",
        _("You already have another product with this SKU."),
        {"sku": _("Use another SKU.")},
    )


def product_submit(*, actor: User, product_id: int, ip_address: str | None = None) -> Product:
    """Send one of the vendor's own products to the curators' queue.

    Only while the vendor may sell (verified): otherwise the product stays a
    draft and the error says why and what to do (`submission_refusal`:
    DomainError("vendor_not_verified") or DomainError("vendor_not_active")).
    """
    with transaction.atomic():
        product = _locked_own_product(actor=actor, product_id=product_id)
        return product_transition(
            product_id=product.pk,
            to=ProductStatus.SUBMITTED,
            actor=actor,
            ip_address=ip_address,
        )


# --- curation ---------------------------------------------------------------


def _locked_for_curator(*, actor: User, product_id: int) -> Product:
    if not is_curator(actor):
        raise Forbidden
    if not products_for_curator(user=actor).filter(pk=product_id).exists():
        raise NotFound
    return (
        Product.objects.select_for_update(of=("self",))
        .select_related("vendor__organisation")
        .get(pk=product_id)
    )


def _required_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "invalid",
            _("Explain the decision so the vendor knows what to do."),
            {"reason": _("Fill in the reason.")},
        )
    if len(reason) > 2000:
        raise DomainError(
            "invalid", _("The reason is too long."), {"reason": _("At most 2000 characters.")}
        )
    return reason


def _approve_locked(*, actor: User, product: Product, ip_address: str | None) -> bool:
    """Approve a locked product: a SUBMITTED one goes live; a live one's waiting
    changes go live. True if anything changed; a live product with nothing
    waiting is left alone (idempotent)."""
    if product.status == ProductStatus.TAYANG:
        changed = change_request_approve(actor=actor, product=product, ip_address=ip_address)
    else:
        product_transition(
            product_id=product.pk, to=ProductStatus.TAYANG, actor=actor, ip_address=ip_address
        )
        changed = True
    if changed:
        _notify_vendor_owner(product, "product.approved")
    return changed


def _notify_vendor_owner(product: Product, code: str) -> None:
    """Tell the vendor's owner about a curator's decision on its product."""
    owner = vendor_owner(product.vendor)
    product.refresh_from_db(fields=["name"])
    notify(
        recipients=[owner] if owner else [],
        code=code,
        params={"product": product.name},
        url=reverse("catalog:my-product", args=[product.pk]),
    )


def product_approve(*, actor: User, product_id: int, ip_address: str | None = None) -> Product:
    """Curator: put a SUBMITTED product live (TAYANG), or make a live product's
    waiting changes (content, price, photos) live."""
    with transaction.atomic():
        product = _locked_for_curator(actor=actor, product_id=product_id)
        _approve_locked(actor=actor, product=product, ip_address=ip_address)
        product.refresh_from_db()
    return product


def products_bulk_approve(
    *, actor: User, product_ids: Iterable[int], ip_address: str | None = None
) -> int:
    """Curator: approve many products at once ("approve selected").

    Every id must be in the curator's scope (else NotFound and nothing
    changes). A product that cannot go live (e.g. its vendor was suspended
    meanwhile) is skipped and stays in the queue. Returns how many changed.
    """
    if not is_curator(actor):
        raise Forbidden
    ids = sorted(set(product_ids))
    if len(ids) > MAX_BULK_APPROVE:
        raise DomainError(
            "invalid",
            _("Approve at most %(max)d products at once.") % {"max": MAX_BULK_APPROVE},
            {"product_ids": _("Select fewer products.")},
        )
    approved = 0
    with transaction.atomic():
        in_scope = products_for_curator(user=actor).filter(pk__in=ids)
        if in_scope.count() != len(ids):
            raise NotFound
        # Locks in id order, so two curators' bulk approvals cannot deadlock.
        locked = (
            Product.objects.select_for_update(of=("self",))
            .select_related("vendor__organisation")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        for product in locked:
            try:
                with transaction.atomic():
                    if _approve_locked(actor=actor, product=product, ip_address=ip_address):
                        approved += 1
            except DomainError:
                continue
    return approved


def _curator_decision(
    *, actor: User, product_id: int, to: str, reason: str, ip_address: str | None
) -> Product:
    reason = _required_reason(reason)
    with transaction.atomic():
        product = _locked_for_curator(actor=actor, product_id=product_id)
        return product_transition(
            product_id=product.pk, to=to, actor=actor, reason=reason, ip_address=ip_address
        )


def product_request_revision(
    *, actor: User, product_id: int, reason: str, ip_address: str | None = None
) -> Product:
    """Curator: send a SUBMITTED product back to the vendor with what to fix;
    the vendor's owner is notified."""
    with transaction.atomic():
        product = _curator_decision(
            actor=actor,
            product_id=product_id,
            to=ProductStatus.REVISION_REQUESTED,
            reason=reason,
            ip_address=ip_address,
        )
        _notify_vendor_owner(product, "product.revision_requested")
    return product


def product_reject(
    *, actor: User, product_id: int, reason: str, ip_address: str | None = None
) -> Product:
    """Curator: refuse a SUBMITTED product for good."""
    return _curator_decision(
        actor=actor,
        product_id=product_id,
        to=ProductStatus.REJECTED,
        reason=reason,
        ip_address=ip_address,
    )


def product_take_down(
    *,
    actor: User,
    product_id: int,
    reason: str,
    note: str = "",
    ip_address: str | None = None,
) -> Product:
    """Take a live product down (TURUN_TAYANG).

    The vendor's users give reason "vendor" or "out_of_stock"; curators give
    "admin" or "price_anomaly" (with a note). Other roles: Forbidden.
    """
    if is_vendor_user(actor):
        allowed = VENDOR_TAKEDOWN_REASONS
    elif is_curator(actor):
        allowed = CURATOR_TAKEDOWN_REASONS
    else:
        raise Forbidden
    with transaction.atomic():
        if is_vendor_user(actor):
            product = _locked_own_product(actor=actor, product_id=product_id)
        else:
            product = _locked_for_curator(actor=actor, product_id=product_id)
        if reason not in allowed:
            raise DomainError(
                "invalid",
                _("Choose why the product is taken down."),
                {"reason": _("Choose a reason from the list.")},
            )
        product = product_transition(
            product_id=product.pk,
            to=ProductStatus.TURUN_TAYANG,
            actor=actor,
            reason=note.strip()[:2000],
            takedown_reason=reason,
            ip_address=ip_address,
        )
        change_request_fold(actor=actor, product=product)
        return product


def product_change_reject(
    *, actor: User, product_id: int, reason: str = "", ip_address: str | None = None
) -> Product:
    """Curator: refuse a live product's waiting changes; the approved listing
    (and its price) stays. DomainError("no_pending_change") when none waits."""
    with transaction.atomic():
        product = _locked_for_curator(actor=actor, product_id=product_id)
        change_request_reject(
            actor=actor, product=product, reason=reason.strip()[:2000], ip_address=ip_address
        )
    return product


# --- images -------------------------------------------------------------------

MAX_IMAGES = 5


def product_image_add(
    *, actor: User, product_id: int, upload: UploadedFile, ip_address: str | None = None
) -> ProductImage:
    """Add a photo to one of the vendor's own products (at most MAX_IMAGES). On
    a live product the photo waits for a curator (change request).

    The documents app checks the content (JPEG/PNG only, re-encoded, size
    limit) and makes the thumbnail. Errors: DomainError("too_many_images"),
    DomainError("invalid_file") from the documents app, NotFound for another
    vendor's product.
    """
    with files_atomic():  # the photo and its thumbnail go if this rolls back
        product = _locked_own_product(actor=actor, product_id=product_id)
        images = list(product.images.order_by("position", "id"))
        if len(images) >= MAX_IMAGES:
            raise DomainError(
                "too_many_images",
                _("A product has at most %(max)d images; remove one first.") % {"max": MAX_IMAGES},
                {"image": _("Remove an image before adding another.")},
            )
        stored = stored_file_create(
            actor=actor,
            owner=product.vendor.organisation,
            kind=DocumentKind.PRODUCT_IMAGE,
            upload=upload,
            ip_address=ip_address,
        )
        thumbnail = thumbnail_create(source=stored)
        position = images[-1].position + 1 if images else 0
        live = product.status == ProductStatus.TAYANG
        image = ProductImage.objects.create(
            product=product,
            file=stored,
            thumbnail=thumbnail,
            position=position,
            awaiting_review=live,
        )
        if live:
            change_request_photos(actor=actor, product=product, add=image.pk, ip_address=ip_address)
        audit_record(
            actor=actor,
            action="product.image_add",
            obj=product,
            organisation=product.vendor.organisation,
            ip_address=ip_address,
            details={"sku": product.sku, "image": str(stored.pk), "position": position},
        )
    return image


def product_image_remove(
    *, actor: User, product_id: int, image_id: int, ip_address: str | None = None
) -> None:
    """Remove a photo from one of the vendor's own products. The stored file
    is kept (files are immutable records); only the link goes."""
    with transaction.atomic():
        product = _locked_own_product(actor=actor, product_id=product_id)
        image = product.images.filter(pk=image_id).first()
        if image is None:
            raise NotFound
        file_id = str(image.file_id)
        waiting = image.awaiting_review
        image.delete()
        if waiting:
            change_request_photos(
                actor=actor, product=product, remove=image_id, ip_address=ip_address
            )
        audit_record(
            actor=actor,
            action="product.image_remove",
            obj=product,
            organisation=product.vendor.organisation,
            ip_address=ip_address,
            details={"sku": product.sku, "image": file_id},
        )


# --- certificates (reactions to vendor events, catalog/receivers.py) ----------


def products_take_down_for_certificate(
    *, vendor: Vendor, certificate_kind: str, actor: Any = None
) -> int:
    """Take down the vendor's live products that depend on a certificate kind
    (e.g. halal food when the halal certificate expired). Returns how many.

    `actor` is None when a scheduled job does it.
    """
    return _move_certificate_products(
        vendor=vendor,
        certificate_kind=certificate_kind,
        actor=actor,
        source=ProductStatus.TAYANG,
        to=ProductStatus.TURUN_TAYANG,
        reason=_("The %(kind)s certificate expired.") % {"kind": certificate_kind},
    )


def products_restore_for_certificate(
    *, vendor: Vendor, certificate_kind: str, actor: Any = None
) -> int:
    """After a renewal, send the products taken down for that certificate back
    to the curators' queue (TURUN_TAYANG → SUBMITTED). Returns how many.

    Not for a vendor that may not sell (suspended, banned): no curator could
    approve them, so they stay down and the vendor submits them once it may
    sell again.
    """
    if submission_refusal(vendor.status) is not None:
        return 0
    return _move_certificate_products(
        vendor=vendor,
        certificate_kind=certificate_kind,
        actor=actor,
        source=ProductStatus.TURUN_TAYANG,
        to=ProductStatus.SUBMITTED,
        reason=_("The %(kind)s certificate was renewed.") % {"kind": certificate_kind},
    )


def _move_certificate_products(
    *, vendor: Vendor, certificate_kind: str, actor: Any, source: str, to: str, reason: str
) -> int:
    """Move the vendor's products that depend on a certificate from `source` to
    `to`, each through `product_transition`. Restoring only picks products that
    were taken down for the certificate, not those the vendor took down."""
    products = Product.objects.select_for_update().filter(
        vendor=vendor, status=source, required_certificate=certificate_kind
    )
    if source == ProductStatus.TURUN_TAYANG:
        products = products.filter(takedown_reason=TakedownReason.EXPIRED_CERTIFICATE)
    with transaction.atomic():
        ids = list(products.order_by("pk").values_list("pk", flat=True))
        for product_id in ids:
            product = product_transition(
                product_id=product_id,
                to=to,
                actor=actor,
                reason=reason,
                takedown_reason=(
                    TakedownReason.EXPIRED_CERTIFICATE if to == ProductStatus.TURUN_TAYANG else ""
                ),
                details={"certificate": certificate_kind},
            )
            change_request_fold(actor=actor, product=product)
    return len(ids)
