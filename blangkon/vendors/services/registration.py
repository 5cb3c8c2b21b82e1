"""Registration: sign-up (self-service or by a pendamping), the owner's
confirmation, save-and-resume drafts, documents and submission."""

import re

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.accounts.services import user_password_set, user_sign_ins_end
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, Forbidden, NotFound
from blangkon.documents.services import files_atomic, stored_file_create
from blangkon.notifications.services import notify
from blangkon.vendors.access import vendor_verifiers
from blangkon.vendors.fields import DOCUMENT_KINDS, VendorData
from blangkon.vendors.models import Vendor, VendorDocument, VendorKind
from blangkon.vendors.services._common import locked_for_editor, mail_vendor, vendor_owner
from blangkon.vendors.services.data import (
    FieldErrors,
    apply_data,
    clean_name,
    registration_problems,
    save_changes,
)
from blangkon.vendors.status import EDITABLE, VendorStatus
from blangkon.vendors.transitions import vendor_transition

OWNER_LINK_SALT = "blangkon.vendors.owner-confirm"
OWNER_LINK_MAX_AGE = 7 * 24 * 60 * 60  # seconds: the link works for 7 days
_USERNAME = re.compile(r"^[a-z0-9._-]{3,40}$")


def _account_errors(
    errors: FieldErrors, data: VendorData, *, with_password: bool
) -> tuple[str, str, str]:
    """Check the account fields of a sign-up; returns (username, email, full_name)."""
    username = str(data.get("username", "")).strip().lower()
    email = str(data.get("email", "")).strip()
    full_name = clean_name(str(data.get("full_name") or data.get("person_name") or ""))
    if not _USERNAME.match(username):
        errors.add(
            "username", _("Use 3 to 40 lowercase letters, digits, dots, dashes or underscores.")
        )
    elif User.objects.filter(username__iexact=username).exists():
        errors.add("username", _("That username is taken. Choose another one."))
    if not email:
        errors.add("email", _("Fill in an e-mail address; the account is confirmed through it."))
    if not full_name:
        errors.add("full_name", _("Fill in the owner's full name."))
    if with_password:
        try:
            validate_password(str(data.get("password", "")), User(username=username, email=email))
        except ValidationError as error:
            errors.add("password", " ".join(str(m) for m in error.messages))
    return username, email, full_name


def _create_owner(
    *, organisation: Organisation, username: str, email: str, full_name: str, password: str | None
) -> User:
    first, _sep, last = full_name.partition(" ")
    try:
        with transaction.atomic():
            owner = User.objects.create_user(
                username=username,
                email=email,
                password=password,
                first_name=first[:150],
                last_name=last[:150],
                role=Role.VENDOR_OWNER,
                organisation=organisation,
            )
    except IntegrityError:
        raise DomainError(
            "duplicate",
            _("That username is taken."),
            {"username": _("Choose another username.")},
        ) from None
    return owner


def _new_vendor_or_raise(
    kind: str, data: VendorData, errors: FieldErrors
) -> tuple[Vendor, Organisation]:
    """Unsaved organisation and vendor carrying the checked data; raises the
    vendor's problems together with those already in `errors`."""
    try:
        vendor, organisation = _new_vendor(kind, data)
    except DomainError as error:
        errors.fields = {**error.fields, **errors.fields}
        errors.raise_if_any()
        raise
    errors.raise_if_any()
    return vendor, organisation


def _new_vendor(kind: str, data: VendorData) -> tuple[Vendor, Organisation]:
    errors = FieldErrors()
    if kind not in VendorKind.values:
        errors.add("kind", _("Choose perorangan or badan usaha."))
    if not clean_name(str(data.get("name", ""))):
        errors.add("name", _("Fill in the business name, e.g. Katering Bu Siti."))
    if not data.get("kab_kota"):
        errors.add("kab_kota", _("Choose the kabupaten/kota of the business from the list."))
    errors.raise_if_any()
    organisation = Organisation(kind=OrganisationKind.VENDOR, name="")
    vendor = Vendor(kind=kind)
    apply_data(vendor, organisation, {**data, "kind": kind})
    return vendor, organisation


def vendor_register(
    *,
    actor: User | AnonymousUser | None,
    kind: str,
    data: VendorData,
    ip_address: str | None = None,
) -> Vendor:
    """Self-service sign-up: a vendor in DRAFT and, usually, its owner's account.

    A visitor without an account (anonymous) gets a new vendor_owner account
    from `username`, `email`, `password` and `full_name`; the caller logs it in.
    A signed-in user who belongs to no organisation becomes the owner. Anyone
    else already belongs somewhere: DomainError("already_registered").
    """
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    if user is not None and user.organisation_id is not None:
        raise DomainError(
            "already_registered",
            _("Your account already belongs to an organisation; sign out to register a vendor."),
        )
    errors = FieldErrors()
    account = None if user else _account_errors(errors, data, with_password=True)
    if kind == VendorKind.PERORANGAN and not data.get("person_name"):
        # The person signing up for an individual business is its owner.
        full_name = data.get("full_name") or (user.get_full_name() if user else "")
        data = {**data, "person_name": full_name}
    vendor, organisation = _new_vendor_or_raise(kind, data, errors)
    with transaction.atomic():
        organisation.save()
        vendor.organisation = organisation
        # The owner is present: nobody else needs to confirm.
        vendor.owner_confirmed_at = timezone.now()
        vendor.save()
        if account is not None:
            username, email, full_name = account
            user = _create_owner(
                organisation=organisation,
                username=username,
                email=email,
                full_name=full_name,
                password=str(data.get("password", "")),
            )
        else:
            assert user is not None
            user = User.objects.select_for_update().get(pk=user.pk)
            user.organisation = organisation
            user.role = Role.VENDOR_OWNER
            user.save(update_fields=["organisation", "role"])
            # New rights: what was signed in with the old ones ends (the
            # caller keeps its own session).
            user_sign_ins_end(user=user, reason="role_change", actor=user, ip_address=ip_address)
        audit_record(
            actor=user,
            action="vendor.register",
            obj=vendor,
            organisation=organisation,
            ip_address=ip_address,
            details={"kind": kind, "name": organisation.name, "owner": user.username},
        )
    return vendor


def vendor_register_assisted(
    *, pendamping: User, data: VendorData, ip_address: str | None = None
) -> Vendor:
    """A pendamping registers a vendor on the owner's behalf.

    Creates the vendor in DRAFT and the owner's account without a usable
    password, then e-mails the owner a link (signed, valid 7 days) to confirm
    and choose a password. The vendor cannot be submitted before that. The
    kab/kota must lie in the pendamping's own region.
    """
    if not pendamping.is_authenticated or pendamping.role != Role.PENDAMPING:
        raise Forbidden
    errors = FieldErrors()
    account = _account_errors(errors, data, with_password=False)
    kind = str(data.get("kind", ""))
    vendor, organisation = _new_vendor_or_raise(kind, data, errors)
    if not _region_covers(pendamping, organisation.region_id):
        message = _("Choose a kabupaten/kota in your own region.")
        raise DomainError("invalid", message, {"kab_kota": message})
    username, email, full_name = account
    with transaction.atomic():
        organisation.save()
        vendor.organisation = organisation
        vendor.registered_by = pendamping
        vendor.save()
        owner = _create_owner(
            organisation=organisation,
            username=username,
            email=email,
            full_name=full_name,
            password=None,  # unusable until the owner confirms
        )
        audit_record(
            actor=pendamping,
            action="vendor.register_assisted",
            obj=vendor,
            organisation=organisation,
            ip_address=ip_address,
            details={"kind": kind, "name": organisation.name, "owner": owner.username},
        )
        transaction.on_commit(lambda: _send_owner_link(vendor.pk, owner.pk))
    return vendor


def _region_covers(user: User, region_code: str) -> bool:
    """Whether a kab/kota lies in the region of the user's pemda (a province covers all)."""
    pemda = user.organisation
    if pemda is None:
        return False
    return region_code == pemda.region_id or region_code.startswith(pemda.region_id + ".")


def owner_confirmation_token(vendor_id: int, owner_id: int) -> str:
    return signing.dumps({"vendor": vendor_id, "owner": owner_id}, salt=OWNER_LINK_SALT)


def _send_owner_link(vendor_id: int, owner_id: int) -> None:
    owner = User.objects.get(pk=owner_id)
    mail_vendor(
        vendor_id,
        "owner_confirm",
        {"owner": owner, "token": owner_confirmation_token(vendor_id, owner_id)},
    )


def vendor_owner_link_resend(
    *, pendamping: User, vendor_id: int, ip_address: str | None = None
) -> Vendor:
    """Send the owner a fresh confirmation link (the old one may have expired)."""
    with transaction.atomic():
        vendor = locked_for_editor(actor=pendamping, vendor_id=vendor_id)
        owner = vendor_owner(vendor)
        if vendor.registered_by_id != pendamping.pk or owner is None:
            raise NotFound
        if vendor.owner_confirmed_at is not None:
            raise DomainError("already_confirmed", _("The owner has already confirmed."))
        audit_record(
            actor=pendamping,
            action="vendor.owner_link_resend",
            obj=vendor,
            organisation=vendor.organisation,
            ip_address=ip_address,
        )
        transaction.on_commit(lambda: _send_owner_link(vendor.pk, owner.pk))
    return vendor


def owner_confirmation_get(*, token: str) -> tuple[Vendor, User]:
    """The vendor and owner a confirmation link names, if the link is still good."""
    try:
        payload = signing.loads(token, salt=OWNER_LINK_SALT, max_age=OWNER_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError(
            "expired_link",
            _("This link has expired. Ask your pendamping to send a new one."),
        ) from None
    except signing.BadSignature:
        raise DomainError(
            "invalid_link", _("This link is not valid. Copy the whole link from the e-mail.")
        ) from None
    vendor = Vendor.objects.select_related("organisation").filter(pk=payload["vendor"]).first()
    owner = (
        User.objects.filter(
            pk=payload["owner"], role=Role.VENDOR_OWNER, organisation_id=vendor.organisation_id
        ).first()
        if vendor is not None
        else None
    )
    if vendor is None or owner is None:
        raise DomainError("invalid_link", _("This link is not valid any more."))
    if vendor.owner_confirmed_at is not None:
        raise DomainError(
            "already_confirmed",
            _("The registration is already confirmed. Sign in with your username and password."),
        )
    return vendor, owner


def vendor_owner_confirm(*, token: str, password: str, ip_address: str | None = None) -> Vendor:
    """The owner confirms a registration a pendamping made and chooses a password."""
    vendor, owner = owner_confirmation_get(token=token)
    with transaction.atomic():
        vendor = (
            Vendor.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=vendor.pk)
        )
        if vendor.owner_confirmed_at is not None:
            raise DomainError("already_confirmed", _("The registration is already confirmed."))
        vendor.owner_confirmed_at = timezone.now()
        vendor.save(update_fields=["owner_confirmed_at", "updated_at"])
        user_password_set(actor=owner, user_id=owner.pk, password=password, reason="owner_confirm")
        audit_record(
            actor=owner,
            action="vendor.owner_confirm",
            obj=vendor,
            organisation=vendor.organisation,
            ip_address=ip_address,
        )
    return vendor


def vendor_update_draft(
    *, actor: User, vendor_id: int, data: VendorData, ip_address: str | None = None
) -> Vendor:
    """Save part of a registration (save-and-resume).

    Only while DRAFT or REVISION_REQUESTED. Keys present in `data` are checked
    for format and saved; missing ones are left alone; completeness is checked
    only on submit. Scale and the bank-holder flag are recomputed.
    """
    with transaction.atomic():
        vendor = locked_for_editor(actor=actor, vendor_id=vendor_id)
        _require_editable(vendor)
        organisation = Organisation.objects.select_for_update().get(pk=vendor.organisation_id)
        vendor.organisation = organisation
        changed = apply_data(vendor, organisation, data)
        if not changed:
            return vendor
        save_changes(vendor, organisation, changed)
        audit_record(
            actor=actor,
            action="vendor.update_draft",
            obj=vendor,
            organisation=organisation,
            ip_address=ip_address,
            # Field names only: identity and bank numbers stay out of the log.
            details={"fields": sorted(changed)},
        )
    return vendor


def _require_editable(vendor: Vendor) -> None:
    if vendor.status not in EDITABLE:
        raise DomainError(
            "not_editable",
            _("The registration is %(status)s and cannot be changed now.")
            % {"status": vendor.get_status_display()},
        )


def vendor_document_add(
    *,
    actor: User,
    vendor_id: int,
    kind: str,
    upload: UploadedFile,
    ip_address: str | None = None,
) -> VendorDocument:
    """Attach an identity or legal document (KTP, NPWP, NIB, akta, bank book).

    While the registration is editable. The documents app checks and stores the
    file (DomainError("invalid_file") for a bad one); a newer document of the
    same kind supersedes the older one.
    """
    if kind not in DOCUMENT_KINDS:
        message = _("Choose the kind of document from the list.")
        raise DomainError("invalid", message, {"kind": message})
    with files_atomic():
        vendor = locked_for_editor(actor=actor, vendor_id=vendor_id)
        _require_editable(vendor)
        stored = stored_file_create(
            actor=actor, owner=vendor.organisation, kind=kind, upload=upload, ip_address=ip_address
        )
        document = VendorDocument.objects.create(vendor=vendor, file=stored)
        audit_record(
            actor=actor,
            action="vendor.document_add",
            obj=vendor,
            organisation=vendor.organisation,
            ip_address=ip_address,
            details={"kind": kind, "file": str(stored.pk)},
        )
    return document


def vendor_submit(*, actor: User, vendor_id: int, ip_address: str | None = None) -> Vendor:
    """Send a complete registration to the verifiers (DRAFT/REVISION_REQUESTED -> SUBMITTED).

    DomainError("incomplete", fields=...) lists what is missing and how to fix
    it. A vendor a pendamping registered waits for the owner's confirmation
    (DomainError("owner_not_confirmed")).
    """
    with transaction.atomic():
        vendor = locked_for_editor(actor=actor, vendor_id=vendor_id)
        if vendor.status == VendorStatus.SUBMITTED:
            return vendor
        if vendor.status in EDITABLE:
            if vendor.registered_by_id is not None and vendor.owner_confirmed_at is None:
                raise DomainError(
                    "owner_not_confirmed",
                    _(
                        "The owner has not yet confirmed this registration through the link "
                        "sent by e-mail. Ask the owner to open it, or send the link again."
                    ),
                )
            problems = registration_problems(vendor)
            if problems:
                raise DomainError(
                    "incomplete",
                    _("The registration is not complete yet. Fix the fields listed below."),
                    problems,
                )
        vendor = vendor_transition(
            vendor_id=vendor.pk,
            to=VendorStatus.SUBMITTED,
            actor=actor,
            fields={"fields_to_fix": []},
            details={"resubmitted": bool(vendor.fields_to_fix)},
            ip_address=ip_address,
        )
        notify(
            recipients=vendor_verifiers(vendor),
            code="vendor.submitted",
            params={"vendor": vendor.organisation.name},
            url=reverse("vendors:verification-detail", args=[vendor.pk]),
        )
    return vendor
