"""Catalog pages: the public landing and product pages, the vendor's own
products, and the curators' queue. Thin: parse, call one selector or service,
render or redirect."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blangkon.accounts.forms import apply_domain_error
from blangkon.accounts.models import User
from blangkon.accounts.selectors import pemda_public_list
from blangkon.catalog import product_selectors as selectors
from blangkon.catalog import services
from blangkon.catalog.forms import (
    SPEC_PREFIX,
    BulkApproveForm,
    CurationFilterForm,
    CuratorTakeDownForm,
    ProductForm,
    ProductImageForm,
    RejectionForm,
    RevisionReasonForm,
    VendorTakeDownForm,
    product_initial,
)
from blangkon.catalog.markdown import render_description
from blangkon.catalog.models import Product
from blangkon.catalog.selectors import category_tree
from blangkon.catalog.specs import spec_label
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.transitions import submission_refusal
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.core.http import client_ip, query_text
from blangkon.core.pagination import page_of
from blangkon.regions.models import RegionKind
from blangkon.search.selectors import price_position
from blangkon.taxes.treatment import ppn_breakdown
from blangkon.vendors.models import Vendor


def landing(request: HttpRequest) -> HttpResponse:
    pemda = [p for p in pemda_public_list() if p.region.kind != RegionKind.PROVINSI]
    joined = [p for p in pemda if p.joined_on]
    return render(
        request,
        "catalog/landing.html",
        {"groups": category_tree(), "joined": joined, "pemda_count": len(pemda)},
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _product_facts(product: Product) -> dict[str, Any]:
    """What every product page shows besides the product itself."""
    treatment = selectors.product_tax_treatment(product=product)
    base, ppn = ppn_breakdown(product.price, treatment)
    return {
        "product": product,
        "description_html": render_description(product.description),
        "specs": [(spec_label(key), value) for key, value in product.specifications.items()],
        "treatment": treatment,
        "price_base": base,
        "price_ppn": ppn,
        "ceiling_warning": services.ceiling_warning(product.price),
    }


def _flash_refusal(request: HttpRequest, error: DomainError) -> None:
    """A refused button press: the reason, then each field's, as messages."""
    messages.error(request, error.message)
    for message in error.fields.values():
        messages.error(request, message)


def _act(
    request: HttpRequest, action: Callable[[], object], success: str, next_url: str
) -> HttpResponse:
    """Run a button's service call; come back with its outcome as a message."""
    try:
        action()
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        _flash_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect(next_url)


# --- the public ----------------------------------------------------------------


def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    """A live product; anything else (draft, taken down, suspended vendor) is 404."""
    product = selectors.product_get_public(product_id=product_id)
    context = _product_facts(product)
    context["prices"] = selectors.price_history(product=product, effective_only=True)
    context["price_position"] = price_position(product=product)
    return render(request, "catalog/product_detail.html", context)


# --- the vendor's own products ---------------------------------------------------


def _product_form(
    request: HttpRequest,
    *,
    vendor: Vendor,
    initial: dict[str, Any] | None = None,
    product_id: int | None = None,
) -> ProductForm:
    data = request.POST if request.method == "POST" else None
    chosen = data.get("category") if data is not None else None
    category = selectors.leaf_category(slug=chosen or (initial or {}).get("category"))
    return ProductForm(
        data,
        initial=initial,
        leaves=selectors.leaf_categories(),
        category=category,
        units=selectors.units_for_category(category=category),
        vendor=vendor,
        product_id=product_id,
    )


def _product_form_page(
    request: HttpRequest, form: ProductForm, vendor: Vendor, **context: Any
) -> HttpResponse:
    return render(
        request,
        "catalog/product_form.html",
        {
            "form": form,
            "vendor": vendor,
            "my_coverage": " ".join(selectors.coverage_codes_of_vendor(vendor=vendor)),
            **context,
        },
    )


def _saved(request: HttpRequest, product: Product, message: str) -> HttpResponse:
    messages.success(request, message)
    if warning := services.ceiling_warning(product.pending_price or product.price):
        messages.warning(request, warning)
    if product.open_change is not None:
        messages.info(
            request,
            _(
                "The product is live, so your changes to its listing (and a price change "
                "beyond the allowed margin) wait for a curator. Buyers see the approved "
                "listing until then."
            ),
        )
    return redirect("catalog:my-product", product_id=product.pk)


@login_required
def my_products(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    vendor = selectors.vendor_for_user(user=user)
    status = query_text(request, "status")
    products = selectors.products_of_vendor_listed(user=user, status=status)
    return render(
        request,
        "catalog/my_products.html",
        {
            "vendor": vendor,
            "status_shown": ProductStatus(status).label if status in ProductStatus.values else "",
            "page": page_of(products, number=request.GET.get("page"), per_page=50),
            "take_down_form": VendorTakeDownForm(),
            "submittable": SUBMITTABLE,
            "submission_refusal": submission_refusal(vendor.status),
        },
    )


SUBMITTABLE = (ProductStatus.DRAFT, ProductStatus.REVISION_REQUESTED, ProductStatus.TURUN_TAYANG)


@login_required
def product_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    vendor = selectors.vendor_for_user(user=user)
    form = _product_form(request, vendor=vendor)
    if request.method == "POST" and form.is_valid():
        try:
            product, _created = services.product_upsert_by_sku(
                actor=user,
                vendor=vendor,
                data=form.to_input(),
                only_create=True,
                ip_address=client_ip(request),
            )
        except NotFound:
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _saved(request, product, _("The product was saved as a draft."))
    return _product_form_page(request, form, vendor, title=_("List a product"))


@login_required
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _user(request)
    product = selectors.product_get_for_vendor_user(user=user, product_id=product_id)
    form = _product_form(
        request, vendor=product.vendor, initial=product_initial(product), product_id=product.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_update(
                actor=user,
                product_id=product.pk,
                data=form.to_input(),
                ip_address=client_ip(request),
            )
        except NotFound:
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _saved(request, product, _("The product was saved."))
    return _product_form_page(
        request,
        form,
        product.vendor,
        product=product,
        title=_("Edit a product"),
        ceiling_warning=services.ceiling_warning(product.price),
    )


@login_required
def my_product(request: HttpRequest, product_id: int) -> HttpResponse:
    """The vendor's preview of their own product, in any status, with its history."""
    user = _user(request)
    product = selectors.product_get_for_vendor_user(user=user, product_id=product_id)
    context = _product_facts(product)
    context.update(
        {
            "prices": selectors.price_history(product=product),
            "history": selectors.status_history(product=product),
            "take_down_form": VendorTakeDownForm(),
            "image_form": ProductImageForm(),
            "pending_changes": selectors.change_request_diff(product=product),
            "max_images": services.MAX_IMAGES,
            "submittable": SUBMITTABLE,
            "submission_refusal": submission_refusal(product.vendor.status),
        }
    )
    return render(request, "catalog/my_product.html", context)


@login_required
@require_POST
def product_submit(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _user(request)
    return _act(
        request,
        lambda: services.product_submit(
            actor=user, product_id=product_id, ip_address=client_ip(request)
        ),
        _("The product was sent to the curators."),
        reverse("catalog:my-product", args=[product_id]),
    )


@login_required
@require_POST
def product_take_down(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _user(request)
    form = VendorTakeDownForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        lambda: services.product_take_down(
            actor=user, product_id=product_id, reason=reason, ip_address=client_ip(request)
        ),
        _("The product was taken down."),
        reverse("catalog:my-product", args=[product_id]),
    )


@login_required
@require_POST
def product_image_add(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _user(request)
    form = ProductImageForm(request.POST, request.FILES)
    next_url = reverse("catalog:my-product", args=[product_id])
    if not form.is_valid():
        # Look the product up first, so another vendor's id is still a 404.
        selectors.product_get_for_vendor_user(user=user, product_id=product_id)
        messages.error(request, _("Choose a photo to upload."))
        return redirect(next_url)
    return _act(
        request,
        lambda: services.product_image_add(
            actor=user,
            product_id=product_id,
            upload=form.cleaned_data["image"],
            ip_address=client_ip(request),
        ),
        _("The photo was added."),
        next_url,
    )


@login_required
@require_POST
def product_image_remove(request: HttpRequest, product_id: int, image_id: int) -> HttpResponse:
    user = _user(request)
    return _act(
        request,
        lambda: services.product_image_remove(
            actor=user, product_id=product_id, image_id=image_id, ip_address=client_ip(request)
        ),
        _("The photo was removed."),
        reverse("catalog:my-product", args=[product_id]),
    )


@login_required
def unit_options(request: HttpRequest) -> HttpResponse:
    """HTMX: the chosen category's units and required specifications, keeping
    the unit and the specifications already typed (sent along)."""
    category = selectors.leaf_category(slug=query_text(request, "category"))
    initial = {
        name: query_text(request, name)
        for name in request.GET
        if name == "unit" or name.startswith(SPEC_PREFIX)
    }
    form = ProductForm(
        initial=initial,
        leaves=selectors.leaf_categories(),
        category=category,
        units=selectors.units_for_category(category=category),
    )
    return render(request, "catalog/_category_fields.html", {"form": form})


# --- curation --------------------------------------------------------------------


def _curator(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.is_curator(user):
        raise NotFound
    return user


@login_required
def curation_queue(request: HttpRequest) -> HttpResponse:
    user = _curator(request)
    form = CurationFilterForm(
        request.GET or None,
        leaves=selectors.leaf_categories(),
        pemda=selectors.curation_kab_kota_choices(user=user),
        vendors=selectors.curation_vendor_choices(user=user),
    )
    filters = selectors.CurationFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CurationFilters(
            category=data["category"],
            kab_kota=data["kab_kota"],
            vendor_id=data["vendor"],
            kind=data["jenis"],
        )
    queue = selectors.curation_queue(user=user, filters=filters)
    page = page_of(queue, number=request.GET.get("page"), per_page=50)
    return render(request, "catalog/curation_queue.html", {"form": form, "page": page})


@login_required
@require_POST
def curation_bulk_approve(request: HttpRequest) -> HttpResponse:
    user = _curator(request)
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select at least one product."))
        return redirect("catalog:curation-queue")
    count = services.products_bulk_approve(
        actor=user, product_ids=form.cleaned_data["product_ids"], ip_address=client_ip(request)
    )
    selected = len(form.cleaned_data["product_ids"])
    messages.success(
        request,
        _("%(count)d of %(selected)d selected products were approved.")
        % {"count": count, "selected": selected},
    )
    return redirect("catalog:curation-queue")


@login_required
def curation_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _curator(request)
    return _curation_page(request, user, product_id)


def _curation_page(
    request: HttpRequest,
    user: User,
    product_id: int,
    *,
    revision_form: RevisionReasonForm | None = None,
    rejection_form: RejectionForm | None = None,
) -> HttpResponse:
    """The curator's page of one product; with a refused decision's form bound (400)."""
    product = selectors.product_get_for_curator(user=user, product_id=product_id)
    context = _product_facts(product)
    context.update(
        {
            "prices": selectors.price_history(product=product),
            "price_position": price_position(product=product),
            "history": selectors.status_history(product=product),
            "revision_form": revision_form or RevisionReasonForm(),
            "rejection_form": rejection_form or RejectionForm(),
            "take_down_form": CuratorTakeDownForm(),
            "pending_changes": selectors.change_request_diff(product=product),
            "pending_warning": (
                services.ceiling_warning(product.pending_price) if product.pending_price else None
            ),
        }
    )
    refused = revision_form is not None or rejection_form is not None
    return render(request, "catalog/curation_detail.html", context, status=400 if refused else 200)


def _decide(
    request: HttpRequest, user: User, product_id: int, decision: Callable[[], object], done: str
) -> HttpResponse:
    """Run a curator's decision on a queued product, then move on to the next
    product of the queue (asked before the decision, while this one still holds
    its place), or back to the queue when nothing else waits. A decision taken
    from the queue's own list (`return_to=queue`) goes back to that list."""
    from_queue = request.POST.get("return_to") == "queue"
    next_id = (
        None if from_queue else selectors.curation_next(user=user, after_product_id=product_id)
    )
    try:
        decision()
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        _flash_refusal(request, error)
        if from_queue:
            return redirect("catalog:curation-queue")
        return redirect("catalog:curation-detail", product_id=product_id)
    if from_queue:
        messages.success(request, done)
        return redirect("catalog:curation-queue")
    if next_id is None:
        messages.success(request, " ".join([done, _("No other product is waiting for curation.")]))
        return redirect("catalog:curation-queue")
    messages.success(request, " ".join([done, _("This is the next product in the queue.")]))
    return redirect("catalog:curation-detail", product_id=next_id)


@login_required
@require_POST
def curation_approve(request: HttpRequest, product_id: int) -> HttpResponse:
    user, ip_address = _curator(request), client_ip(request)
    return _decide(
        request,
        user,
        product_id,
        lambda: services.product_approve(actor=user, product_id=product_id, ip_address=ip_address),
        _("Approved."),
    )


@login_required
@require_POST
def curation_request_revision(request: HttpRequest, product_id: int) -> HttpResponse:
    user, ip_address = _curator(request), client_ip(request)
    form = RevisionReasonForm(request.POST)
    if not form.is_valid():
        return _curation_page(request, user, product_id, revision_form=form)
    reason = form.cleaned_data["revision_reason"]
    return _decide(
        request,
        user,
        product_id,
        lambda: services.product_request_revision(
            actor=user, product_id=product_id, reason=reason, ip_address=ip_address
        ),
        _("The product was sent back to the vendor for revision."),
    )


@login_required
@require_POST
def curation_reject(request: HttpRequest, product_id: int) -> HttpResponse:
    user, ip_address = _curator(request), client_ip(request)
    form = RejectionForm(request.POST)
    if not form.is_valid():
        return _curation_page(request, user, product_id, rejection_form=form)
    reason = form.cleaned_data["rejection_reason"]
    return _decide(
        request,
        user,
        product_id,
        lambda: services.product_reject(
            actor=user, product_id=product_id, reason=reason, ip_address=ip_address
        ),
        _("The product was rejected."),
    )


@login_required
@require_POST
def curation_change_reject(request: HttpRequest, product_id: int) -> HttpResponse:
    user, ip_address = _curator(request), client_ip(request)
    reason = request.POST.get("reason", "")
    return _decide(
        request,
        user,
        product_id,
        lambda: services.product_change_reject(
            actor=user, product_id=product_id, reason=reason[:2000], ip_address=ip_address
        ),
        _("The changes were rejected; the approved listing stays live."),
    )


@login_required
@require_POST
def curation_take_down(request: HttpRequest, product_id: int) -> HttpResponse:
    """Not a queue decision: the curator stays on the product's page."""
    user = _curator(request)
    form = CuratorTakeDownForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"reason": "", "note": ""}
    ip_address = client_ip(request)
    return _act(
        request,
        lambda: services.product_take_down(
            actor=user,
            product_id=product_id,
            reason=data["reason"],
            note=data["note"],
            ip_address=ip_address,
        ),
        _("The product was taken down."),
        reverse("catalog:curation-detail", args=[product_id]),
    )
