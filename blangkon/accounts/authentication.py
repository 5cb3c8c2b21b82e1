"""Password checks with throttling, shared by the login page and the API token call.

A username is locked for LOGIN_LOCKOUT_MINUTES after LOGIN_FAILURE_LIMIT failures
within that window; an address is locked after LOGIN_FAILURE_IP_LIMIT failures,
which stops one client from guessing across many usernames.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import LoginFailure, User
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError


class LoginLocked(DomainError):
    status = 429

    def __init__(self) -> None:
        minutes = settings.LOGIN_LOCKOUT_MINUTES
        super().__init__(
            "login_locked",
            _(
                "Too many failed attempts. For your security, signing in is locked "
                "for %(minutes)d minutes. Try again later or reset your password."
            )
            % {"minutes": minutes},
        )


class InvalidCredentials(DomainError):
    status = 401

    def __init__(self) -> None:
        super().__init__(
            "invalid_credentials",
            _("The username or password is wrong. Check them and try again."),
        )


def _window_start() -> datetime.datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    if ip_address is None:
        return False
    return recent.filter(ip_address=ip_address).count() >= settings.LOGIN_FAILURE_IP_LIMIT


def login_check_password(
    *, request: HttpRequest | None, username: str, password: str, ip_address: str | None
) -> User:
    """Return the user for valid credentials; raise LoginLocked or InvalidCredentials."""
    username = username.strip()[:150]
    if login_is_locked(username=username, ip_address=ip_address):
        raise LoginLocked
    user = authenticate(request, username=username, password=password)
    if user is None:
        with transaction.atomic():
            LoginFailure.objects.create(username=username, ip_address=ip_address)
            if login_is_locked(username=username, ip_address=ip_address):
                audit_record(
                    actor=None,
                    action="auth.locked_out",
                    object_type="accounts.user",
                    object_id=username,
                    ip_address=ip_address,
                )
        raise InvalidCredentials
    assert isinstance(user, User)
    with transaction.atomic():
        LoginFailure.objects.filter(username__iexact=username).delete()
        audit_record(
            actor=user,
            action="auth.login",
            obj=user,
            organisation=user.organisation,
            ip_address=ip_address,
        )
    return user
