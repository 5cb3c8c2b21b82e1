"""Vendors (penyedia): UMKM that sell through Blangkon, their verification
history, certificates, documents and training."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blangkon.lifecycles.models import StatusChange
from blangkon.vendors.status import CertificateStatus, SanctionReason, VendorStatus


class VendorKind(models.TextChoices):
    PERORANGAN = "perorangan", _("Individual (perorangan)")
    BADAN_USAHA = "badan_usaha", _("Business entity (badan usaha)")


class LegalForm(models.TextChoices):
    CV = "cv", "CV"
    PT = "pt", "PT"
    PT_PERORANGAN = "pt_perorangan", "PT Perorangan"
    FIRMA = "firma", "Firma"
    KOPERASI = "koperasi", "Koperasi"
    UD = "ud", "UD"
    BUMDES = "bumdes", "BUMDes"


class UmkmScale(models.TextChoices):
    # PP 7/2021 Pasal 35: by paid-up capital (excluding land and buildings) or,
    # where capital is not the measure, by annual sales.
    MIKRO = "mikro", _("Micro")
    KECIL = "kecil", _("Small")
    MENENGAH = "menengah", _("Medium")
    BESAR = "besar", _("Large (not UMKM)")


class Vendor(models.Model):
    # Name (business name; the KTP name for perorangan) and domicile kab/kota
    # live on the organisation, like every other organisation's.
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="vendor"
    )
    kind = models.CharField(max_length=12, choices=VendorKind.choices)
    legal_form = models.CharField(max_length=14, choices=LegalForm.choices, blank=True)
    # Perorangan: the owner. Badan usaha: the person in charge (penanggung jawab).
    person_name = models.CharField(_("name as on the KTP"), max_length=150, blank=True)
    person_position = models.CharField(_("position"), max_length=80, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    # Stored as 16 digits; a legacy 15-digit NPWP is normalised with a leading 0.
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, db_index=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True, db_index=True)
    akta_number = models.CharField(_("deed number"), max_length=60, blank=True)
    akta_date = models.DateField(_("deed date"), null=True, blank=True)
    street = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_pkp = models.BooleanField(_("VAT-registered (PKP)"), default=False)
    # Declared in whole rupiah; the scale is computed from them and stored.
    declared_capital = models.BigIntegerField(_("business capital"), null=True, blank=True)
    declared_annual_sales = models.BigIntegerField(_("annual sales"), null=True, blank=True)
    scale = models.CharField(max_length=10, choices=UmkmScale.choices, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=30, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=150, blank=True)
    # Set when the holder name does not match the vendor's; shown to the verifier.
    bank_holder_mismatch = models.BooleanField(default=False)

    status = models.CharField(
        max_length=20, choices=VendorStatus.choices, default=VendorStatus.DRAFT, db_index=True
    )
    status_reason = models.TextField(blank=True)
    # Fields the verifier asked to fix (REVISION_REQUESTED).
    fields_to_fix = models.JSONField(default=list, blank=True)
    sanction_reason = models.CharField(max_length=20, choices=SanctionReason.choices, blank=True)
    # Suspensions and bans end on this date (lifted by `lift_expired_sanctions`).
    sanction_until = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    # A pendamping may register on the owner's behalf; the owner then confirms.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assisted_vendors",
    )
    owner_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The PPKs' published ratings of this vendor, kept by the ratings app
    # (ratings/services.py): the mean of each rating's scores, averaged, and
    # how many. Here, not computed on read, because the storefront and the
    # search index (search/sql.py, the rating sort) read them and neither may
    # import ratings. NULL: no published rating yet.
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    rating_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=VendorKind.BADAN_USAHA) | models.Q(legal_form=""),
                name="only_badan_usaha_has_legal_form",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def is_active(self) -> bool:
        return self.status == VendorStatus.VERIFIED


class VendorStatusChange(StatusChange):
    """One row per verification move: the vendor's status history."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=VendorStatus.choices)
    to_status = models.CharField(max_length=20, choices=VendorStatus.choices)

    class Meta(StatusChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.vendor_id}: {self.from_status} → {self.to_status}"


class CertificateKind(models.TextChoices):
    PKP = "pkp", _("VAT registration (SPPKP)")
    # xgettext:no-python-format
    PP55 = "pp55", _("Final tax 0.5% certificate (PP 55/2022)")
    HALAL = "halal", _("Halal")
    PIRT = "pirt", _("Home-industry food permit (PIRT)")
    BPOM = "bpom", _("BPOM registration")


class VendorCertificate(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(max_length=10, choices=CertificateKind.choices)
    number = models.CharField(_("certificate number"), max_length=80)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Moved only by vendors/transitions.py (certificate_transition).
    status = models.CharField(
        max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    # When the expiry job last asked the vendor to renew (entering EXPIRED).
    renewal_requested_at = models.DateTimeField(null=True, blank=True)
    # When an expired certificate was last renewed.
    renewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-expires_on"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "kind"], name="one_certificate_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_expired(self) -> bool:
        return self.status == CertificateStatus.EXPIRED


class CertificateStatusChange(StatusChange):
    """One row per move of a certificate: expiry, renewal, early update."""

    certificate = models.ForeignKey(
        VendorCertificate, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=CertificateStatus.choices)
    to_status = models.CharField(max_length=10, choices=CertificateStatus.choices)

    class Meta(StatusChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.from_status} → {self.to_status}"


class VendorDocument(models.Model):
    """Links a vendor to an uploaded identity or legal document."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="documents")
    file = models.OneToOneField("documents.StoredFile", on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.file)


class TrainingEvent(models.Model):
    """A pelatihan held by a kab/kota (e.g. how to upload products)."""

    pemda = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="training_events"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    attendees = models.ManyToManyField(Vendor, related_name="training_events", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.topic}"
