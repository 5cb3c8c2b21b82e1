"""The registration wizard, the vendor's dashboard, assisted registration and
the owner's confirmation. Thin: parse, call one service or selector, render."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blangkon.accounts.forms import apply_domain_error
from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.catalog.product_selectors import with_live_product_flag
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.http import client_ip
from blangkon.documents.models import DocumentKind
from blangkon.regions.selectors import kab_kota_list
from blangkon.vendors import selectors, services
from blangkon.vendors.access import OWNER_IDENTITY_FILE_KINDS, reads_owner_identity
from blangkon.vendors.fields import (
    STEPS,
    Step,
    VendorData,
    documents_for,
    field_label,
    field_step,
)
from blangkon.vendors.forms import (
    AssistedRegistrationForm,
    BusinessForm,
    CertificateForm,
    DocumentForm,
    OwnerConfirmForm,
    SignUpForm,
    identity_form,
    joined_region_codes,
)
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import EDITABLE, VendorStatus

STEP_ORDER = [slug for slug, _label in STEPS]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _step_url(vendor: Vendor, step: str) -> str:
    return reverse("vendors:register-step", args=[vendor.pk, step])


def _next_step(step: str) -> str:
    index = STEP_ORDER.index(step)
    return STEP_ORDER[min(index + 1, len(STEP_ORDER) - 1)]


def _home_for(user: User, vendor: Vendor) -> str:
    """Where "finish later" goes: the owner's dashboard or the pendamping's list."""
    if user.role == Role.PENDAMPING:
        return reverse("vendors:assisted-list")
    return reverse("vendors:dashboard")


def register(request: HttpRequest) -> HttpResponse:
    """Step 0: choose the kind of business and create the account (no login needed)."""
    if request.user.is_authenticated:
        user = _user(request)
        vendor = selectors.vendor_of_user(user)
        if vendor is not None:
            return redirect("vendors:dashboard")
        if user.role == Role.PENDAMPING:
            return redirect("vendors:register-assisted")
        if user.organisation_id is not None:
            messages.error(
                request,
                _("Your account belongs to %(organisation)s. Sign out to register a vendor.")
                % {"organisation": user.organisation},
            )
            return redirect("accounts:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vendor = services.vendor_register(
                actor=request.user if request.user.is_authenticated else None,
                kind=data["kind"],
                data={
                    "name": data["name"],
                    "kab_kota": data["kab_kota"],
                    "full_name": data["full_name"],
                    "username": data["username"],
                    "email": data["email"],
                    "password": data["password"],
                },
                ip_address=client_ip(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            owner = selectors.vendor_owner(vendor=vendor)
            if owner is not None and not request.user.is_authenticated:
                login(request, owner)
            elif owner is not None:
                # The signed-in user became the owner, which ended their other
                # sessions; this one goes on.
                update_session_auth_hash(request, owner)
            messages.success(
                request, _("Your account and draft were saved. Continue with your identity.")
            )
            return redirect(_step_url(vendor, Step.IDENTITY))
    return render(
        request,
        "vendors/register.html",
        {"form": form, "chosen_region_not_joined": _chosen_region_not_joined(form)},
    )


def _chosen_region_not_joined(form: SignUpForm | AssistedRegistrationForm) -> str:
    """The name of the kab/kota chosen on a submitted form when it has not joined
    Blangkon yet (a warning, not an error), else ''."""
    if not form.is_bound:
        return ""
    code = form.data.get("kab_kota", "")
    if not code or code in joined_region_codes():
        return ""
    region = kab_kota_list().filter(code=code).first()
    return region.name if region is not None else ""


@login_required
def register_step(request: HttpRequest, vendor_id: int, step: str) -> HttpResponse:
    """Steps 1-4 of the wizard; each POST saves the draft."""
    user = _user(request)
    if step not in STEP_ORDER:
        raise NotFound
    vendor = selectors.vendor_get_for_editor(user=user, vendor_id=vendor_id)
    if vendor.status not in EDITABLE and step != Step.REVIEW:
        messages.info(request, _("The registration was submitted and cannot be changed now."))
        return redirect(_home_for(user, vendor))
    if step == Step.DOCUMENTS:
        return _documents_step(request, vendor)
    if step == Step.REVIEW:
        return _review_step(request, user, vendor)
    form: Any
    if step == Step.IDENTITY:
        form = identity_form(request.POST or None, vendor=vendor)
    else:
        form = BusinessForm(request.POST or None, vendor=vendor)
    if request.method == "POST" and form.is_valid():
        data = cast(
            VendorData,
            form.vendor_data() if isinstance(form, BusinessForm) else dict(form.cleaned_data),
        )
        try:
            services.vendor_update_draft(
                actor=user, vendor_id=vendor.pk, data=data, ip_address=client_ip(request)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            if "finish_later" in request.POST:
                return redirect(_home_for(user, vendor))
            return redirect(_step_url(vendor, _next_step(step)))
    return _render_step(request, vendor, step, {"form": form})


def _render_step(
    request: HttpRequest, vendor: Vendor, step: str, context: dict[str, Any]
) -> HttpResponse:
    steps = [
        {"slug": slug, "label": label, "url": _step_url(vendor, slug), "current": slug == step}
        for slug, label in STEPS
    ]
    # Warned, not refused: the kab/kota verifies the vendor all the same, but
    # no buyer there can order until its pemda joins.
    not_joined = vendor.organisation.region_id not in joined_region_codes()
    return render(
        request,
        f"vendors/register_{step}.html",
        {
            "vendor": vendor,
            "steps": steps,
            "step": step,
            "region_not_joined": not_joined,
            **context,
        },
    )


def _documents_step(
    request: HttpRequest,
    vendor: Vendor,
    *,
    document_form: DocumentForm | None = None,
    certificate_form: CertificateForm | None = None,
) -> HttpResponse:
    documents = selectors.vendor_documents(vendor=vendor)
    uploaded = {document.file.kind for document in documents}
    needed = [
        {"label": DocumentKind(kind).label, "required": required, "uploaded": kind in uploaded}
        for kind, required in documents_for(vendor.kind).items()
    ]
    return _render_step(
        request,
        vendor,
        Step.DOCUMENTS,
        {
            "document_form": document_form or DocumentForm(vendor_kind=vendor.kind),
            "certificate_form": certificate_form or CertificateForm(),
            "required_documents": [row for row in needed if row["required"]],
            "optional_documents": [row for row in needed if not row["required"]],
            "documents": documents,
            "certificates": selectors.vendor_certificates(vendor=vendor),
        },
    )


def _review_step(request: HttpRequest, user: User, vendor: Vendor) -> HttpResponse:
    if request.method == "POST":
        try:
            services.vendor_submit(actor=user, vendor_id=vendor.pk, ip_address=client_ip(request))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Submitted. The kab/kota verifies registrations within a few days.")
            )
            return redirect(_home_for(user, vendor))
    return _render_step(
        request,
        vendor,
        Step.REVIEW,
        {
            "problems": _problem_rows(vendor, selectors.vendor_problems(vendor=vendor)),
            "documents": selectors.vendor_documents(vendor=vendor),
            "certificates": selectors.vendor_certificates(vendor=vendor),
            "editable": vendor.status in EDITABLE,
        },
    )


def _problem_rows(vendor: Vendor, problems: dict[str, str]) -> list[dict[str, str]]:
    return [
        {
            "label": field_label(key),
            "message": message,
            "url": _step_url(vendor, field_step(key)),
        }
        for key, message in problems.items()
    ]


def _back_to(request: HttpRequest, vendor: Vendor) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return _step_url(vendor, Step.DOCUMENTS)


@login_required
@require_POST
def document_upload(request: HttpRequest, vendor_id: int) -> HttpResponse:
    user = _user(request)
    vendor = selectors.vendor_get_for_editor(user=user, vendor_id=vendor_id)
    form = DocumentForm(request.POST, request.FILES, vendor_kind=vendor.kind)
    if form.is_valid():
        try:
            services.vendor_document_add(
                actor=user,
                vendor_id=vendor.pk,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                ip_address=client_ip(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(_back_to(request, vendor))
    return _documents_step(request, vendor, document_form=form)


@login_required
@require_POST
def certificate_add(request: HttpRequest, vendor_id: int) -> HttpResponse:
    user = _user(request)
    vendor = selectors.vendor_get_for_certificate_keeper(user=user, vendor_id=vendor_id)
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.certificate_save(
                actor=user,
                vendor_id=vendor.pk,
                kind=data["kind"],
                number=data["number"],
                expires_on=data["expires_on"],
                upload=data["file"],
                ip_address=client_ip(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The certificate was saved."))
            return redirect(_back_to(request, vendor))
    if not selectors.may_edit_registration(user=user, vendor=vendor):
        # The staff's form is on the dashboard, not in the registration's steps.
        return _dashboard_page(request, user, vendor, owner_only=True, certificate_form=form)
    return _documents_step(request, vendor, certificate_form=form)


def _resume_step(vendor: Vendor) -> str:
    """A draft goes on where it stopped; a registration sent back for revision
    starts at the first step, as its list of fixes links each to its own."""
    if vendor.status == VendorStatus.DRAFT:
        return selectors.registration_resume_step(vendor=vendor)
    return Step.IDENTITY


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The vendor's own page: status, what to fix, documents, certificates, history."""
    user = _user(request)
    vendor = selectors.vendor_of_user(user)
    if vendor is None:
        if user.role == Role.PENDAMPING:
            return redirect("vendors:assisted-list")
        return redirect("vendors:register")
    # The staff read the registration but only the owner changes it (ADR 0048).
    owner_only = not selectors.may_edit_registration(user=user, vendor=vendor)
    return _dashboard_page(request, user, vendor, owner_only=owner_only)


def _dashboard_page(
    request: HttpRequest,
    user: User,
    vendor: Vendor,
    *,
    owner_only: bool,
    certificate_form: CertificateForm | None = None,
) -> HttpResponse:
    # For the staff the owner's identity numbers and papers are masked (ADR 0048).
    editable = vendor.status in EDITABLE
    fix_rows = [
        {
            "label": field_label(key),
            "url": "" if owner_only else _step_url(vendor, field_step(key)),
        }
        for key in vendor.fields_to_fix
    ]
    return render(
        request,
        "vendors/dashboard.html",
        {
            "vendor": vendor,
            "editable": editable,
            "owner_only": owner_only,
            "identity_hidden": not reads_owner_identity(user),
            "owner_identity_kinds": OWNER_IDENTITY_FILE_KINDS,
            "fix_rows": fix_rows,
            "problems": _problem_rows(vendor, selectors.vendor_problems(vendor=vendor))
            if editable and not owner_only
            else [],
            "documents": selectors.vendor_documents(vendor=vendor),
            "certificates": selectors.vendor_certificates(vendor=vendor),
            "history": selectors.vendor_history(vendor=vendor),
            "certificate_form": certificate_form or CertificateForm(),
            "resume_url": _step_url(vendor, _resume_step(vendor)),
        },
    )


@login_required
def register_assisted(request: HttpRequest) -> HttpResponse:
    """A pendamping registers a vendor for its owner, who confirms by e-mail."""
    user = _user(request)
    if user.role != Role.PENDAMPING or user.organisation is None:
        raise NotFound
    form = AssistedRegistrationForm(request.POST or None, region_code=user.organisation.region_id)
    if request.method == "POST" and form.is_valid():
        try:
            vendor = services.vendor_register_assisted(
                pendamping=user,
                data=cast(VendorData, form.cleaned_data),
                ip_address=client_ip(request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The vendor was registered and the owner received an e-mail to confirm. "
                    "You can fill in the rest now."
                ),
            )
            return redirect(_step_url(vendor, Step.IDENTITY))
    return render(
        request,
        "vendors/register_assisted.html",
        {"form": form, "chosen_region_not_joined": _chosen_region_not_joined(form)},
    )


@login_required
def assisted_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role != Role.PENDAMPING:
        raise NotFound
    return render(
        request,
        "vendors/assisted_list.html",
        # Live products are catalog's to tell; vendors' selector sits below catalog.
        {"vendors": with_live_product_flag(selectors.vendors_assisted_by(pendamping=user))},
    )


@login_required
@require_POST
def owner_link_resend(request: HttpRequest, vendor_id: int) -> HttpResponse:
    user = _user(request)
    try:
        services.vendor_owner_link_resend(
            pendamping=user, vendor_id=vendor_id, ip_address=client_ip(request)
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new confirmation link was sent to the owner."))
    return redirect("vendors:assisted-list")


def owner_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The owner opens the e-mailed link, confirms and chooses a password."""
    try:
        vendor, owner = services.owner_confirmation_get(token=token)
    except DomainError as error:
        return render(
            request, "vendors/owner_confirm.html", {"link_error": error.message}, status=400
        )
    form = OwnerConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vendor = services.vendor_owner_confirm(
                token=token, password=form.cleaned_data["password"], ip_address=client_ip(request)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            # Fetched again: the session is bound to the new password's hash.
            confirmed_owner = selectors.vendor_owner(vendor=vendor)
            if confirmed_owner is not None:
                login(request, confirmed_owner)
            messages.success(request, _("Thank you. Your registration is confirmed."))
            return redirect("vendors:dashboard")
    return render(
        request,
        "vendors/owner_confirm.html",
        {"form": form, "vendor": vendor, "owner": owner},
    )
