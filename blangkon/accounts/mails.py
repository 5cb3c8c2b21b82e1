"""Mails with a link into an account: choosing the first password, resetting it,
signing in once (login_links.py). Links are on SITE_DOMAIN (core/mail.py)."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from blangkon.accounts.login_links import MAIL_LINK_WINDOW, login_link_token
from blangkon.accounts.models import MailLinkKind, User
from blangkon.core.mail import site_mail_send

# A new account's first mail: the reset link, with its own words.
ACCOUNT_CREATED = "account_created"


def account_mail_send(*, kind: str, user_id: int) -> None:
    """Render registration/<kind>_{subject,email}.txt for the account and send
    it to the account's address. Nothing goes to an account that has been
    deactivated or has no address since the mail was asked for."""
    user = User.objects.select_related("organisation").filter(pk=user_id).first()
    if user is None or not user.is_active or not user.email:
        return
    site_mail_send(
        subject_template=f"registration/{kind}_subject.txt",
        body_template=f"registration/{kind}_email.txt",
        context={"user": user, **_link(kind, user)},
        recipients=[user.email],
    )


def _link(kind: str, user: User) -> dict[str, Any]:
    if kind == MailLinkKind.LOGIN_LINK:
        return {"token": login_link_token(user), "minutes": MAIL_LINK_WINDOW.seconds // 60}
    if kind in (MailLinkKind.PASSWORD_RESET, ACCOUNT_CREATED):
        return {
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
    raise ValueError(f"Unknown account mail: {kind}")
