"""Password checks with throttling, shared by the login page and the API token
call (ADR 0019, which replaces the per-username lockout of ADR 0009).

Failures are LoginFailure rows. Three limits read them:

- a username from one address: LOGIN_FAILURE_LIMIT failures within
  LOGIN_LOCKOUT_MINUTES refuse that pair (the guesser, not the account owner);
- an address across usernames: LOGIN_FAILURE_IP_LIMIT failures refuse it;
- a username from anywhere: beyond LOGIN_FAILURE_LIMIT failures in a day, the
  next guess must wait after the latest failure, twice as long each time
  (1 s, 2 s, 4 s … at most LOGIN_LOCKOUT_MINUTES). This slows a guesser with
  many addresses without letting anyone lock a named account; meanwhile the
  owner can sign in through an e-mailed link (accounts/login_links.py).

A guess is counted before it is tried. Under transaction-scoped advisory locks
on the username and the address, the counts are read and a failure row is
written; only then is the password checked, and a right password deletes the
row again. Guesses sent at the same moment queue on the locks, so no more
than the limit are ever checked.
"""

import datetime
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blangkon.accounts.models import LoginFailure, User
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError
from blangkon.core.locks import transaction_locks

# How far back failures of a username count towards its delay.
USERNAME_WINDOW = timedelta(days=1)


class LoginLocked(DomainError):
    status = 429

    def __init__(self) -> None:
        minutes = settings.LOGIN_LOCKOUT_MINUTES
        self.retry_after = minutes * 60
        super().__init__(
            "login_locked",
            _(
                "Too many failed attempts. For your security, signing in is locked "
                "for %(minutes)d minutes. Try again later or reset your password."
            )
            % {"minutes": minutes},
        )


class LoginSlowedDown(DomainError):
    """The username has failed often from many places: wait before the next try."""

    status = 429

    def __init__(self, seconds: int) -> None:
        self.retry_after = seconds
        minutes = math.ceil(seconds / 60)
        super().__init__(
            "login_slowed_down",
            ngettext(
                "This account has had many failed sign-ins, so attempts are spaced out. "
                "Try again in %(minutes)d minute, or ask for a sign-in link by e-mail.",
                "This account has had many failed sign-ins, so attempts are spaced out. "
                "Try again in %(minutes)d minutes, or ask for a sign-in link by e-mail.",
                minutes,
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


@dataclass(frozen=True)
class Failures:
    """Recent failures that concern one attempt."""

    pair: int  # this username from this address, within the lockout window
    address: int  # this address, any username, within the lockout window
    username: int  # this username, any address, within the last day
    latest: datetime.datetime | None  # this username's latest failure

    def reached(self) -> list[str]:
        """The limits this failure has just reached (for the audit row)."""
        limits = {
            "pair": self.pair == settings.LOGIN_FAILURE_LIMIT,
            "address": self.address == settings.LOGIN_FAILURE_IP_LIMIT,
            "username": self.username == settings.LOGIN_FAILURE_LIMIT + 1,
        }
        return [name for name, reached in limits.items() if reached]


def username_key(username: str) -> str:
    """The throttle's spelling of a username: what was typed, trimmed, any case."""
    return username.strip()[:150].lower()


def username_delay_seconds(failures: int) -> int:
    """How long a username rests after its latest failure, given its failures of
    the day: none up to the limit, then 1 s, doubling, at most the lockout."""
    beyond = failures - settings.LOGIN_FAILURE_LIMIT
    if beyond <= 0:
        return 0
    return min(2 ** min(beyond - 1, 20), settings.LOGIN_LOCKOUT_MINUTES * 60)


def _failures(*, username: str, ip_address: str | None, now: datetime.datetime) -> Failures:
    window = now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    same_address = Q(ip_address=ip_address)
    same_username = Q(username=username)
    counts = LoginFailure.objects.filter(
        (same_username & Q(at__gte=now - USERNAME_WINDOW)) | (same_address & Q(at__gte=window))
    ).aggregate(
        # Aliases must not be field names: a filter would read the aggregate.
        n_pair=Count("pk", filter=same_username & same_address & Q(at__gte=window)),
        n_address=Count("pk", filter=same_address & Q(at__gte=window)),
        n_username=Count("pk", filter=same_username & Q(at__gte=now - USERNAME_WINDOW)),
        latest_at=Max("at", filter=same_username),
    )
    return Failures(
        pair=counts["n_pair"],
        address=counts["n_address"],
        username=counts["n_username"],
        latest=counts["latest_at"],
    )


def _refusal(failures: Failures, now: datetime.datetime) -> DomainError | None:
    if failures.pair >= settings.LOGIN_FAILURE_LIMIT:
        return LoginLocked()
    if failures.address >= settings.LOGIN_FAILURE_IP_LIMIT:
        return LoginLocked()
    delay = username_delay_seconds(failures.username)
    if delay and failures.latest is not None:
        wait = (failures.latest + timedelta(seconds=delay) - now).total_seconds()
        if wait > 0:
            return LoginSlowedDown(math.ceil(wait))
    return None


def _attempt_count(*, username: str, ip_address: str | None) -> Failures:
    """Refuse the attempt, or count it as a failure before the password is
    checked; returns the failures, this one included."""
    with transaction.atomic():
        transaction_locks("blangkon.login", [f"user:{username}", f"address:{ip_address}"])
        now = timezone.now()
        failures = _failures(username=username, ip_address=ip_address, now=now)
        refusal = _refusal(failures, now)
        if refusal is not None:
            raise refusal
        row = LoginFailure.objects.create(username=username, ip_address=ip_address)
    return Failures(
        pair=failures.pair + 1,
        address=failures.address + 1,
        username=failures.username + 1,
        latest=row.at,
    )


def login_check_password(
    *, request: HttpRequest | None, username: str, password: str, ip_address: str | None
) -> User:
    """Return the user for valid credentials; raise LoginLocked, LoginSlowedDown
    or InvalidCredentials."""
    typed = username.strip()[:150]
    key = username_key(typed)
    failures = _attempt_count(username=key, ip_address=ip_address)
    user = authenticate(request, username=typed, password=password)
    if user is None:
        _failure_audit(username=key, ip_address=ip_address, failures=failures)
        raise InvalidCredentials
    assert isinstance(user, User)
    login_succeeded(user=user, ip_address=ip_address, action="auth.login")
    return user


def _failure_audit(*, username: str, ip_address: str | None, failures: Failures) -> None:
    limits = failures.reached()
    if not limits:
        return
    with transaction.atomic():
        audit_record(
            actor=None,
            action="auth.locked_out",
            object_type="accounts.user",
            object_id=username,
            ip_address=ip_address,
            details={"limits": limits},
        )


def login_succeeded(*, user: User, ip_address: str | None, action: str) -> None:
    """Forget this client's failures for the account (its own typos, and the row
    counted for this attempt) and audit the sign-in. Failures from other
    addresses stay: they are someone else's guesses."""
    with transaction.atomic():
        LoginFailure.objects.filter(
            username=username_key(user.get_username()), ip_address=ip_address
        ).delete()
        audit_record(
            actor=user,
            action=action,
            obj=user,
            organisation=user.organisation,
            ip_address=ip_address,
        )
