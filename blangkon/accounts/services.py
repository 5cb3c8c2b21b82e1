"""Writes to organisations and accounts. Each checks the actor's rights, runs in
one transaction and leaves an audit row."""

import datetime
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.authentication import login_succeeded
from blangkon.accounts.login_links import MAIL_LINK_WINDOW, login_link_user
from blangkon.accounts.mails import ACCOUNT_CREATED, account_mail_send
from blangkon.accounts.models import (
    ApiToken,
    DeliveryAddress,
    MailLinkKind,
    MailLinkRequest,
    Organisation,
    User,
)
from blangkon.accounts.roles import (
    REGION_ADMIN_ROLES,
    OrganisationKind,
    Role,
    organisation_kind_for,
)
from blangkon.accounts.selectors import organisation_get_manageable
from blangkon.accounts.tasks import account_mail_task
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.core.locks import transaction_locks
from blangkon.regions.models import Region, RegionKind

TOKEN_PREFIX = "blk_"


def _locked_manageable(*, actor: User, organisation_id: int) -> Organisation:
    organisation = organisation_get_manageable(user=actor, organisation_id=organisation_id)
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def opd_create(
    *, actor: User, pemda_id: int, name: str, ip_address: str | None = None
) -> Organisation:
    """Create a work unit (OPD) under a pemda the actor administers."""
    if actor.role not in REGION_ADMIN_ROLES:
        raise Forbidden
    name = " ".join(name.split())
    if not name:
        raise DomainError("invalid", _("Fill in the OPD name."), {"name": _("Required.")})
    with transaction.atomic():
        pemda = _locked_manageable(actor=actor, organisation_id=pemda_id)
        if pemda.kind != OrganisationKind.PEMDA:
            raise NotFound
        if pemda.children.filter(name__iexact=name).exists():
            raise DomainError(
                "duplicate",
                _("This pemda already has an OPD with that name."),
                {"name": _("Choose another name.")},
            )
        opd = Organisation.objects.create(
            kind=OrganisationKind.OPD, name=name, parent=pemda, region_id=pemda.region_id
        )
        audit_record(
            actor=actor,
            action="opd.create",
            obj=opd,
            organisation=opd,
            ip_address=ip_address,
            details={"name": name, "pemda": pemda.name},
        )
    return opd


def delivery_address_add(
    *,
    actor: User,
    opd_id: int,
    label: str,
    street: str,
    kab_kota_code: str,
    postal_code: str,
    ip_address: str | None = None,
) -> DeliveryAddress:
    """Add a delivery address to an OPD the actor manages."""
    fields = {}
    if not postal_code.isdigit() or len(postal_code) != 5:
        fields["postal_code"] = _("A postal code has exactly 5 digits, e.g. 51215.")
    kab_kota = Region.objects.exclude(kind=RegionKind.PROVINSI).filter(code=kab_kota_code).first()
    if kab_kota is None:
        fields["kab_kota"] = _("Choose a kabupaten/kota from the list.")
    if not label.strip():
        fields["label"] = _("Fill in a short label, e.g. 'Kantor utama'.")
    if not street.strip():
        fields["street"] = _("Fill in the street address.")
    if fields or kab_kota is None:
        raise DomainError("invalid", _("Please correct the marked fields."), fields)
    with transaction.atomic():
        opd = _locked_manageable(actor=actor, organisation_id=opd_id)
        if opd.kind != OrganisationKind.OPD:
            raise NotFound
        address = DeliveryAddress.objects.create(
            opd=opd,
            label=label.strip(),
            street=street.strip(),
            kab_kota=kab_kota,
            postal_code=postal_code,
        )
        audit_record(
            actor=actor,
            action="opd.address_add",
            obj=address,
            organisation=opd,
            ip_address=ip_address,
            details={"label": address.label, "kab_kota": kab_kota_code},
        )
    return address


def user_create(
    *,
    actor: User,
    organisation_id: int,
    username: str,
    email: str,
    full_name: str,
    role: str,
    ip_address: str | None = None,
) -> User:
    """Create an account in an organisation the actor manages.

    The new user gets no password; an e-mail with a link to choose one is sent
    after the transaction commits.
    """
    if role not in Role.values:
        raise DomainError("invalid", _("Choose a role from the list."), {"role": _("Unknown.")})
    with transaction.atomic():
        organisation = _locked_manageable(actor=actor, organisation_id=organisation_id)
        if organisation_kind_for(role) != organisation.kind:
            raise DomainError(
                "role_mismatch",
                _("This role does not belong in a %(kind)s.")
                % {"kind": organisation.get_kind_display()},
                {"role": _("Choose a role that fits the organisation.")},
            )
        if role == Role.PROVINCE_ADMIN and not is_province_admin(actor):
            raise Forbidden
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(
                "duplicate",
                _("That username is taken."),
                {"username": _("Choose another username.")},
            )
        first, _sep, last = full_name.strip().partition(" ")
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username,
                    email=email,
                    first_name=first,
                    last_name=last,
                    role=role,
                    organisation=organisation,
                )
        except IntegrityError:
            raise DomainError(
                "duplicate", _("That username is taken."), {"username": _("Choose another.")}
            ) from None
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action="user.create",
            obj=user,
            organisation=organisation,
            ip_address=ip_address,
            details={"username": username, "role": role},
        )
        # The reset link, with words for a new account: Django's reset form
        # skips accounts without a usable password, which a new one is.
        transaction.on_commit(lambda: account_mail_send(kind=ACCOUNT_CREATED, user_id=user.pk))
    return user


def user_set_active(
    *, actor: User, user_id: int, active: bool, ip_address: str | None = None
) -> User:
    """Deactivate (or reactivate) an account in an organisation the actor manages."""
    with transaction.atomic():
        target = User.objects.select_for_update().filter(pk=user_id).first()
        if target is None or target.organisation_id is None:
            raise NotFound
        _locked_manageable(actor=actor, organisation_id=target.organisation_id)
        if target.pk == actor.pk:
            raise DomainError("self", _("You cannot deactivate your own account."))
        if target.is_active == active:
            return target  # idempotent: a repeated click changes nothing
        target.is_active = active
        target.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="user.activate" if active else "user.deactivate",
            obj=target,
            organisation=target.organisation,
            ip_address=ip_address,
        )
        if not active:
            user_sign_ins_end(user=target, reason="deactivated", actor=actor, ip_address=ip_address)
    return target


def user_sign_ins_end(
    *, user: User, reason: str, actor: User | None, ip_address: str | None
) -> int:
    """End every sign-in of an account: its sessions and its API tokens.

    Call it inside the service's transaction, with the user's row locked, from
    every service that sets a password, deactivates an account or changes its
    role. Raising the credentials version ends the sessions (it is part of the
    session hash, `User._get_session_auth_hash`); the tokens are revoked. One
    audit row says why and how many tokens went. Returns that number.
    """
    user.credentials_version += 1
    user.save(update_fields=["credentials_version"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="auth.sign_ins_ended",
        obj=user,
        organisation=user.organisation,
        ip_address=ip_address,
        details={"reason": reason, "tokens_revoked": revoked},
    )
    return revoked


def user_password_set(
    *, actor: User, user_id: int, password: str, reason: str, ip_address: str | None = None
) -> User:
    """Set an account's password (a reset through the mailed link, a change by
    its owner, a vendor owner's first one) and end every sign-in of the account.

    The password must pass the validators; the caller keeps its own session
    with `update_session_auth_hash` if it should.
    """
    with transaction.atomic():
        user = (
            User.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=user_id)
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            message = " ".join(str(m) for m in error.messages)
            raise DomainError("invalid", message, {"password": message}) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action="user.password_set",
            obj=user,
            organisation=user.organisation,
            ip_address=ip_address,
            details={"reason": reason},
        )
        user_sign_ins_end(user=user, reason=reason, actor=actor, ip_address=ip_address)
    return user


def pemda_set_joined(
    *,
    actor: User,
    pemda_id: int,
    joined_on: datetime.date | None,
    ip_address: str | None = None,
) -> Organisation:
    """Record when a kab/kota joined the platform (None: not joined). Province admins only."""
    if not is_province_admin(actor):
        raise Forbidden
    with transaction.atomic():
        pemda = _locked_manageable(actor=actor, organisation_id=pemda_id)
        if pemda.kind != OrganisationKind.PEMDA:
            raise NotFound
        if pemda.joined_on == joined_on:
            return pemda
        previous = pemda.joined_on
        pemda.joined_on = joined_on
        pemda.save(update_fields=["joined_on", "updated_at"])
        audit_record(
            actor=actor,
            action="pemda.set_joined",
            obj=pemda,
            organisation=pemda,
            ip_address=ip_address,
            details={
                "from": previous.isoformat() if previous else None,
                "to": joined_on.isoformat() if joined_on else None,
            },
        )
    return pemda


def _digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def api_token_issue(*, user: User, ip_address: str | None = None) -> tuple[ApiToken, str]:
    """Create a bearer token; the raw secret is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            digest=_digest(raw),
            prefix=raw[:12],
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
            credentials_hash=user.get_session_auth_hash(),
        )
        audit_record(
            actor=user,
            action="api_token.issue",
            obj=token,
            organisation=user.organisation,
            ip_address=ip_address,
            details={"prefix": token.prefix},
        )
    return token, raw


def api_token_revoke(*, actor: User, token_id: int, ip_address: str | None = None) -> ApiToken:
    """Revoke one of the actor's own API tokens.

    Another user's token is NotFound, whoever asks. Revoking a revoked token
    changes nothing.
    """
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
        if token is None:
            raise NotFound
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            organisation=actor.organisation,
            ip_address=ip_address,
            details={"prefix": token.prefix},
        )
    return token


def _credentials_unchanged(token: ApiToken) -> bool:
    """Whether the account's password, role, organisation and credentials
    version are those the token was issued under (old secret keys count, as
    for sessions)."""
    if not token.credentials_hash:
        return True
    user = token.user
    return any(
        constant_time_compare(token.credentials_hash, current)
        for current in [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    )


def api_token_authenticate(*, raw_token: str) -> User | None:
    """The active user behind a valid, unexpired, unrevoked token, or None."""
    if not raw_token.startswith(TOKEN_PREFIX) or len(raw_token) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw_token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active or not _credentials_unchanged(token):
        return None
    # Touch at most once a minute: a busy integration should not write every
    # call. The condition is repeated in the UPDATE, so calls that arrive
    # together write once.
    a_minute_ago = now - timedelta(minutes=1)
    if token.last_used_at is None or token.last_used_at < a_minute_ago:
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=a_minute_ago), pk=token.pk
        ).update(last_used_at=now)
    return token.user


def password_reset_request(*, email: str, ip_address: str | None = None) -> None:
    """Ask for a password-reset mail to an address, for each active account with
    a usable password that uses it (as Django's reset form chooses them).

    Silent: unknown addresses and withheld mails look the same to the caller
    (`_mail_link_request` has the limits).
    """
    email = email.strip()
    users = [
        user
        for user in User.objects.filter(email__iexact=email, is_active=True)
        if user.has_usable_password()
    ]
    _mail_link_request(
        kind=MailLinkKind.PASSWORD_RESET,
        recipient=email.lower(),
        users=users,
        ip_address=ip_address,
    )


def _mail_link_request(
    *, kind: str, recipient: str, users: list[User], ip_address: str | None
) -> bool:
    """Queue the mails unless a limit says no; return whether they were queued.

    Within MAIL_LINK_WINDOW, one address receives at most
    ACCOUNT_MAIL_ADDRESS_LIMIT mails (resets and sign-in links together), and
    one client has at most ACCOUNT_MAIL_CLIENT_LIMIT requests acted on. Every
    request is recorded, sent or not, so a client's own requests count against
    it. The limits are read and the request written under advisory locks, so
    requests sent at once cannot overrun them.
    """
    with transaction.atomic():
        transaction_locks(
            "blangkon.account_mail", [f"address:{ip_address}", f"recipient:{recipient}"]
        )
        send = bool(users) and _mail_link_within_limits(recipient, ip_address)
        MailLinkRequest.objects.create(
            kind=kind, recipient=recipient if send else "", ip_address=ip_address
        )
        for user in users if send else []:
            audit_record(
                actor=None,
                action="auth.mail_link_sent",
                obj=user,
                organisation=user.organisation,
                ip_address=ip_address,
                details={"kind": kind},
            )
            # Queued with the request row: both commit or neither does.
            account_mail_task.enqueue(kind, user.pk)
    return send


def _mail_link_within_limits(recipient: str, ip_address: str | None) -> bool:
    recent = MailLinkRequest.objects.filter(at__gte=timezone.now() - MAIL_LINK_WINDOW)
    if recent.filter(ip_address=ip_address).count() >= settings.ACCOUNT_MAIL_CLIENT_LIMIT:
        return False
    return recent.filter(recipient=recipient).count() < settings.ACCOUNT_MAIL_ADDRESS_LIMIT


def login_link_request(*, username: str, ip_address: str | None = None) -> None:
    """Ask for a one-time sign-in link, mailed to the account's own address.

    For an active account with a usable password and an address; silent like
    `password_reset_request`, and under the same limits.
    """
    user = (
        User.objects.filter(username__iexact=username.strip()[:150], is_active=True)
        .exclude(email="")
        .first()
    )
    users = [user] if user is not None and user.has_usable_password() else []
    _mail_link_request(
        kind=MailLinkKind.LOGIN_LINK,
        recipient=users[0].email.lower() if users else "",
        users=users,
        ip_address=ip_address,
    )


def login_link_use(*, token: str, ip_address: str | None = None) -> User:
    """Sign in through a mailed link, once.

    The link is checked and the sign-in recorded (last_login, which the link's
    digest covers) in one transaction with the account's row locked, so two
    uses of one link, even at the same moment, cannot both succeed. The client's
    own failed guesses at the account are forgotten, as after a password.
    """
    with transaction.atomic():
        user = login_link_user(token, for_update=True)
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        login_succeeded(user=user, ip_address=ip_address, action="auth.login_link")
    return user
