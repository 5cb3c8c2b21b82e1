"""Organisations (pemda, OPD, vendor) and the people who act for them.

One Organisation table holds the three kinds so that users, audit rows and
permission scopes all point at the same thing; each later domain keeps its own
details in a one-to-one table (vendors.Vendor) rather than widening this one.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from blangkon.accounts.roles import OrganisationKind, Role


class Organisation(models.Model):
    kind = models.CharField(max_length=10, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Pemda: the region it governs. OPD: its pemda's region. Vendor: its domicile.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    # OPD -> its pemda. Pemda and vendors have no parent.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Pemda only: when it joined the platform; NULL means not (yet) joined.
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind=OrganisationKind.PEMDA),
                name="one_pemda_per_region",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(kind=OrganisationKind.OPD),
                name="opd_name_unique_in_pemda",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=OrganisationKind.OPD, parent__isnull=False)
                | (~models.Q(kind=OrganisationKind.OPD) & models.Q(parent__isnull=True)),
                name="only_opd_has_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(joined_on__isnull=True) | models.Q(kind=OrganisationKind.PEMDA),
                name="only_pemda_joins",
            ),
        ]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.name

    @property
    def pemda_id(self) -> int | None:
        """The pemda this organisation belongs to (itself for a pemda)."""
        if self.kind == OrganisationKind.PEMDA:
            return self.pk
        if self.kind == OrganisationKind.OPD:
            return self.parent_id
        return None


class DeliveryAddress(models.Model):
    opd = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=100)
    street = models.CharField(_("street address"), max_length=255)
    kab_kota = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    postal_code = models.CharField(_("postal code"), max_length=5)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postal_code__regex=r"^[0-9]{5}$"),
                name="postal_code_five_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.street}"


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    # NIP (civil-servant number) identifies officials on signed documents; never public.
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Raised whenever every sign-in of the account must end: its password is
    # set, it is deactivated, its role changes (services._sign_ins_end).
    credentials_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["username"]
        constraints = [
            # Only Django superusers (operators) may exist outside an organisation.
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(is_superuser=True),
                name="user_belongs_to_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """What a session remembers of the account, checked on every request;
        a session whose copy differs is ended. Django's covers the password.
        Ours adds the credentials version, so deactivating an account ends its
        sessions for good (reactivating it does not bring them back), and the
        role and organisation, so a session never outlives the rights it was
        opened with, even if a future service forgets to end it."""
        key_salt = "blangkon.accounts.User.get_session_auth_hash"
        value = f"{self.password}|{self.credentials_version}|{self.role}|{self.organisation_id}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class LoginFailure(models.Model):
    """One failed sign-in, or one being checked right now (counted before the
    password is tried). Recent rows throttle the username, the address and the
    pair of both (accounts/authentication.py, ADR 0019)."""

    # As typed, lower-cased: guesses at "Admin" and "admin" count together.
    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["ip_address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%Y-%m-%d %H:%M}"


class MailLinkKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("password reset")
    LOGIN_LINK = "login_link", _("sign-in link")


class MailLinkRequest(models.Model):
    """Someone asked for a mail with a link into an account (a password reset, a
    sign-in link). Recent rows limit how many such mails go out to one address
    and how many requests one client makes (ADR 0019)."""

    kind = models.CharField(max_length=20, choices=MailLinkKind.choices)
    # The address a mail went to, lower-cased; empty when none was sent (no
    # such account, or a limit said no), so typed addresses are not kept.
    recipient = models.CharField(max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["recipient", "at"]),
            models.Index(fields=["ip_address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest of the secret is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    # The first characters, shown to the owner so they can tell tokens apart.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The account's session hash when the token was issued. Services revoke
    # tokens when a password, role or organisation changes; this also stops a
    # token after a change made around them (manage.py changepassword), as the
    # same hash ends sessions. Empty on tokens issued before it was kept.
    credentials_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}…"
