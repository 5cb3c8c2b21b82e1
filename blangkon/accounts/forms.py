from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.authentication import login_check_password
from blangkon.accounts.models import User
from blangkon.accounts.roles import OPD_ROLES, OrganisationKind, Role
from blangkon.core.errors import DomainError
from blangkon.core.fields import date_input
from blangkon.core.http import client_ip
from blangkon.regions.selectors import kab_kota_list


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, checking the password through the throttled path."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = login_check_password(
                    request=self.request,
                    username=username,
                    password=password,
                    ip_address=client_ip(self.request) if self.request else None,
                )
            except DomainError as error:
                raise forms.ValidationError(error.message, code=error.code) from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def keep_typed_passwords(form: forms.Form, *names: str) -> None:
    """Send a new password back into its box when the form is shown again with
    an error elsewhere, so the person does not type it twice more (it is shown
    as dots, and only to the person who typed it). Only for a password being
    chosen: the sign-in form and the current-password box stay empty,
    because a wrong one is what their error is about and echoing a credential
    that failed helps nobody."""
    for name in names:
        widget = form.fields[name].widget
        assert isinstance(widget, forms.PasswordInput)
        widget.render_value = True


class NewPasswordForm(SetPasswordForm):
    """Django's form for a new password (reset link), keeping what was typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_typed_passwords(self, "new_password1", "new_password2")


class PasswordChangeKeptForm(PasswordChangeForm):
    """Django's password change form, keeping the new password typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_typed_passwords(self, "new_password1", "new_password2")


class LoginLinkForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class OpdCreateForm(forms.Form):
    name = forms.CharField(
        label=_("OPD name"),
        max_length=200,
        help_text=_("The official name, e.g. Dinas Koperasi dan UKM."),
    )


class DeliveryAddressForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=100)
    street = forms.CharField(label=_("Street address"), max_length=255)
    kab_kota = forms.ChoiceField(label=_("Kabupaten/kota"))
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^[0-9]{5}$",
        error_messages={"invalid": _("A postal code has exactly 5 digits, e.g. 51215.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kab_kota = self.fields["kab_kota"]
        assert isinstance(kab_kota, forms.ChoiceField)
        kab_kota.choices = [(r.code, r.name) for r in kab_kota_list()]


class UserCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[a-z0-9._-]{3,40}$",
        error_messages={
            "invalid": _("Use 3 to 40 lowercase letters, digits, dots, dashes or underscores.")
        },
    )
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(r, Role(r).label) for r in roles]


def roles_for_organisation_kind(kind: str, *, actor: User) -> list[str]:
    if kind == OrganisationKind.OPD:
        return [r for r in Role.values if r in OPD_ROLES]
    roles = [Role.KAB_KOTA_ADMIN, Role.AUDITOR, Role.PENDAMPING]
    if is_province_admin(actor):
        roles.append(Role.PROVINCE_ADMIN)
    return [str(r) for r in roles]


class PemdaJoinedForm(forms.Form):
    joined_on = forms.DateField(
        label=_("Joined on"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty if the kab/kota has not joined."),
    )


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: what is wrong in the summary at the
    top, how to fix it beside each field the service named."""
    form.add_error(None, error.message)
    for field, message in error.fields.items():
        if field in form.fields:
            form.add_error(field, message)
