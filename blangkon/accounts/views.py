"""Pages for signing in and for each role's home. Thin: parse, call, render."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from blangkon.accounts import selectors, services
from blangkon.accounts.access import manageable_organisations
from blangkon.accounts.forms import (
    DeliveryAddressForm,
    LoginLinkForm,
    NewPasswordForm,
    OpdCreateForm,
    PasswordChangeKeptForm,
    PemdaJoinedForm,
    ThrottledAuthenticationForm,
    UserCreateForm,
    apply_domain_error,
    roles_for_organisation_kind,
)
from blangkon.accounts.login_links import login_link_user
from blangkon.accounts.models import User
from blangkon.accounts.roles import OPD_ROLES, VENDOR_ROLES, OrganisationKind, Role
from blangkon.catalog import product_selectors
from blangkon.catalog.status import ProductStatus
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.http import client_ip
from blangkon.orders import order_lists
from blangkon.vendors import selectors as vendor_selectors
from blangkon.vendors.fields import field_label, field_step
from blangkon.vendors.status import VendorStatus


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page and form; the mail goes through our service, which limits
    how many are sent and builds the link on SITE_DOMAIN, not the Host header."""

    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        services.password_reset_request(
            email=form.cleaned_data["email"], ip_address=client_ip(self.request)
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page; the new password is saved by our service, which also ends
    every sign-in of the account (sessions and API tokens)."""

    success_url = reverse_lazy("accounts:password-reset-complete")
    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        try:
            services.user_password_set(
                actor=form.user,
                user_id=form.user.pk,
                password=form.cleaned_data["new_password1"],
                reason="password_reset",
                ip_address=client_ip(self.request),
            )
        except DomainError as error:
            apply_domain_error(form, error)
            return self.form_invalid(form)
        # The link is spent: Django keeps its token in the session until here.
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


def login_link_request(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link by e-mail; the next page says the same
    whether or not the account exists."""
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.login_link_request(
            username=form.cleaned_data["username"], ip_address=client_ip(request)
        )
        return redirect("accounts:login-link-sent")
    return render(request, "registration/login_link_form.html", {"form": form})


def login_link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/login_link_sent.html")


def login_link_open(request: HttpRequest, token: str) -> HttpResponse:
    """A mailed link: GET asks to confirm (mail scanners that open links must
    not spend it), POST signs in."""
    try:
        if request.method == "POST":
            user = services.login_link_use(token=token, ip_address=client_ip(request))
            login(request, user)
            return redirect(settings.LOGIN_REDIRECT_URL)
        account = login_link_user(token)
    except DomainError as error:
        return render(request, "registration/login_link_open.html", {"error": error.message})
    return render(request, "registration/login_link_open.html", {"account": account})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# What each role comes here to do, shown on its home page.
ROLE_TASKS = {
    Role.PP: gettext_lazy(
        "Find products of local UMKM in the catalog and prepare orders for your OPD; "
        "orders go to the PPK for signature."
    ),
    Role.PPK: gettext_lazy(
        "Review and sign the orders (Surat Pesanan) your Pejabat Pengadaan prepares, "
        "and sign the handover (BAST) when goods arrive."
    ),
    Role.BENDAHARA: gettext_lazy("Pay invoiced orders of your OPD and withhold the taxes due."),
    Role.VENDOR_OWNER: gettext_lazy(
        "Keep your business profile and products up to date, and answer orders from OPDs."
    ),
    Role.VENDOR_STAFF: gettext_lazy("Help the owner keep products and orders up to date."),
    Role.PENDAMPING: gettext_lazy(
        "Help local UMKM register, get verified and list their products."
    ),
}


@dataclass(frozen=True)
class StatTile:
    """One count on a home page, linking to the list it counts."""

    value: int
    label: str
    url: str
    oldest: datetime.datetime | None = None  # the longest-waiting item, when it waits


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page for every role; each role sees the sections that concern it,
    starting with what waits for it."""
    user = _user(request)
    context: dict[str, object] = {
        "organisation": user.organisation,
        "tasks": ROLE_TASKS.get(Role(user.role)) if user.role else None,
    }
    if order_lists.queues_for(user):
        context["orders_waiting"] = order_lists.needs_you_count(user)
    if user.role in OPD_ROLES and user.organisation is not None:
        context["addresses"] = selectors.opd_addresses(opd=user.organisation)
        if user.role == Role.OPD_ADMIN:
            context["members"] = selectors.opd_members(opd=user.organisation)
    elif user.role in (Role.KAB_KOTA_ADMIN, Role.AUDITOR, Role.PROVINCE_ADMIN):
        context["pemda_list"] = selectors.pemda_list_for_user(user=user)
        context["opds"] = selectors.opd_list_for_user(user=user)[:50]
        context["tiles"] = _waiting_tiles(user)
    elif user.role == Role.PENDAMPING:
        context["tiles"] = _assisted_tiles(user)
    elif user.role in VENDOR_ROLES:
        context.update(_vendor_home(user))
    return render(request, "accounts/home.html", context)


def _waiting_tiles(user: User) -> list[StatTile]:
    """What waits in a region admin's (or auditor's) queues, counted exactly as
    the queues list it. Auditors read the vendor queue only; curation is not theirs."""
    vendors = vendor_selectors.verification_waiting(user=user)
    queue = reverse("vendors:verification-queue")
    tiles = [
        StatTile(
            vendors.count,
            _("vendors waiting for verification"),
            f"{queue}?status={VendorStatus.SUBMITTED}",
            vendors.oldest,
        )
    ]
    if product_selectors.is_curator(user):
        labels = {
            product_selectors.QueueKind.NEW: _("new products waiting for curation"),
            product_selectors.QueueKind.CHANGE: _("changes to live products waiting for curation"),
        }
        curation = reverse("catalog:curation-queue")
        for waiting in product_selectors.curation_waiting(user=user):
            tiles.append(
                StatTile(
                    waiting.count,
                    labels[waiting.kind],
                    f"{curation}?jenis={waiting.kind}",
                    waiting.oldest,
                )
            )
    return tiles


# The statuses a pendamping follows for the vendors they assist, in journey order.
ASSISTED_STATUSES = (
    VendorStatus.DRAFT,
    VendorStatus.SUBMITTED,
    VendorStatus.REVISION_REQUESTED,
    VendorStatus.VERIFIED,
)


def _assisted_tiles(user: User) -> list[StatTile]:
    counts = vendor_selectors.vendor_status_counts(user=user)
    url = reverse("vendors:assisted-list")
    return [StatTile(counts.get(status, 0), str(status.label), url) for status in ASSISTED_STATUSES]


# The product statuses a vendor follows on its home, in the order a product moves.
OWNER_PRODUCT_STATUSES = (
    ProductStatus.DRAFT,
    ProductStatus.SUBMITTED,
    ProductStatus.REVISION_REQUESTED,
    ProductStatus.TAYANG,
)


def _vendor_home(user: User) -> dict[str, object]:
    """The vendor's registration, and where to go on with it; its products by
    status once it may sell."""
    vendor = vendor_selectors.vendor_of_user(user)
    if vendor is None:
        return {"vendor": None}
    context: dict[str, object] = {"vendor": vendor}
    if vendor.status == VendorStatus.DRAFT:
        step = vendor_selectors.registration_resume_step(vendor=vendor)
        context["resume_url"] = reverse("vendors:register-step", args=[vendor.pk, step])
    elif vendor.status == VendorStatus.REVISION_REQUESTED:
        context["fix_rows"] = [
            {
                "label": field_label(key),
                "url": reverse("vendors:register-step", args=[vendor.pk, field_step(key)]),
            }
            for key in vendor.fields_to_fix
        ]
    counts = product_selectors.product_status_counts(user=user)
    if vendor.status != VendorStatus.VERIFIED and not counts:
        return context  # nothing to count yet: the registration comes first
    url = reverse("catalog:my-products")
    context["tiles"] = [
        StatTile(counts.get(status, 0), str(status.label), f"{url}?status={status}")
        for status in OWNER_PRODUCT_STATUSES
    ]
    return context


@login_required
def opd_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/opd_list.html",
        {
            "opds": selectors.opd_list_for_user(user=user),
            "manageable_pemda": manageable_organisations(user).filter(kind=OrganisationKind.PEMDA),
        },
    )


@login_required
def opd_detail(request: HttpRequest, opd_id: int) -> HttpResponse:
    user = _user(request)
    opd = selectors.opd_get_for_user(user=user, opd_id=opd_id)
    can_manage = selectors.opd_can_be_managed_by(user=user, opd=opd)
    return render(
        request,
        "accounts/opd_detail.html",
        {
            "opd": opd,
            "members": selectors.opd_members(opd=opd),
            "addresses": selectors.opd_addresses(opd=opd),
            "can_manage": can_manage,
        },
    )


@dataclass(frozen=True)
class FormPage:
    """The parts of a one-form page that differ from page to page."""

    title: str
    subject: str  # whose record the form changes, shown under the title
    cancel_url: str
    intro: str = ""


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    page: FormPage,
    submit: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Validate, call the service through `submit` (which returns the URL to go to
    next), and show a service's refusal on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            next_url = submit(form.cleaned_data)
        except NotFound:
            raise
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect(next_url)
    return render(request, "accounts/form_page.html", {"form": form, "page": page})


@login_required
def opd_create(request: HttpRequest, pemda_id: int) -> HttpResponse:
    user = _user(request)
    pemda = selectors.organisation_get_manageable(user=user, organisation_id=pemda_id)

    def submit(data: dict[str, Any]) -> str:
        opd = services.opd_create(
            actor=user, pemda_id=pemda.pk, name=data["name"], ip_address=client_ip(request)
        )
        messages.success(request, _("The OPD was created."))
        return reverse("accounts:opd-detail", args=[opd.pk])

    page = FormPage(_("Add an OPD"), pemda.name, reverse("accounts:opd-list"))
    return _form_page(request, OpdCreateForm(request.POST or None), page, submit)


@login_required
def address_add(request: HttpRequest, opd_id: int) -> HttpResponse:
    user = _user(request)
    opd = selectors.organisation_get_manageable(user=user, organisation_id=opd_id)
    opd_url = reverse("accounts:opd-detail", args=[opd.pk])

    def submit(data: dict[str, Any]) -> str:
        services.delivery_address_add(
            actor=user,
            opd_id=opd.pk,
            label=data["label"],
            street=data["street"],
            kab_kota_code=data["kab_kota"],
            postal_code=data["postal_code"],
            ip_address=client_ip(request),
        )
        messages.success(request, _("The delivery address was added."))
        return opd_url

    page = FormPage(_("Add a delivery address"), opd.name, opd_url)
    return _form_page(request, DeliveryAddressForm(request.POST or None), page, submit)


@login_required
def user_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user = _user(request)
    organisation = selectors.organisation_get_manageable(user=user, organisation_id=organisation_id)
    roles = roles_for_organisation_kind(organisation.kind, actor=user)
    back_url = (
        reverse("accounts:opd-detail", args=[organisation.pk])
        if organisation.kind == OrganisationKind.OPD
        else reverse("accounts:home")
    )

    def submit(data: dict[str, Any]) -> str:
        services.user_create(
            actor=user, organisation_id=organisation.pk, ip_address=client_ip(request), **data
        )
        messages.success(
            request, _("The account was created. An e-mail to set the password was sent.")
        )
        return back_url

    page = FormPage(
        _("Add a user"),
        organisation.name,
        back_url,
        intro=_("The new user receives an e-mail with a link to choose a password."),
    )
    return _form_page(request, UserCreateForm(request.POST or None, roles=roles), page, submit)


@login_required
@require_POST
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user(request)
    try:
        target = services.user_set_active(
            actor=user, user_id=user_id, active=False, ip_address=client_ip(request)
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:home")
    messages.success(request, _("The account was deactivated."))
    return redirect("accounts:opd-detail", opd_id=target.organisation_id)


@login_required
def pemda_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/pemda_list.html",
        {"pemda_list": selectors.pemda_list_for_user(user=user)},
    )


@login_required
def pemda_joined(request: HttpRequest, pemda_id: int) -> HttpResponse:
    user = _user(request)
    pemda = selectors.organisation_get_manageable(user=user, organisation_id=pemda_id)

    def submit(data: dict[str, Any]) -> str:
        services.pemda_set_joined(
            actor=user,
            pemda_id=pemda.pk,
            joined_on=data["joined_on"],
            ip_address=client_ip(request),
        )
        messages.success(request, _("The joining date was saved."))
        return reverse("accounts:pemda-list")

    form = PemdaJoinedForm(request.POST or None, initial={"joined_on": pemda.joined_on})
    page = FormPage(_("Set joining date"), pemda.name, reverse("accounts:pemda-list"))
    return _form_page(request, form, page, submit)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)

    def submit(data: dict[str, Any]) -> str:
        changed = services.user_password_set(
            actor=user,
            user_id=user.pk,
            password=data["new_password1"],
            reason="password_change",
            ip_address=client_ip(request),
        )
        update_session_auth_hash(request, changed)  # this session stays, the others end
        messages.success(
            request,
            _("Your password was changed. Your other sessions and your API tokens have ended."),
        )
        return reverse("accounts:api-tokens")

    page = FormPage(
        _("Change your password"),
        user.get_username(),
        reverse("accounts:api-tokens"),
        intro=_("Changing it signs you out everywhere else and revokes your API tokens."),
    )
    return _form_page(request, PasswordChangeKeptForm(user, request.POST or None), page, submit)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The account's sign-in security: its API tokens, and a way to change the password."""
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": selectors.api_tokens_for_user(user=_user(request))},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_revoke(
        actor=_user(request), token_id=token_id, ip_address=client_ip(request)
    )
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("accounts:api-tokens")
