"""Procurement rules as dated rows, and the calendar of non-working days.

`ProcurementRule`: one row per version of the rules, in force from its
`effective_from` until the next row's. A row is never edited: a change is a
new row (ADR 0024), and a row may be deleted only before it takes effect. A
database trigger (migration 0001) refuses any UPDATE, and a DELETE of a row
already in force, whatever code runs.

`HolidayDate`: weekdays that are not working days (national holidays, cuti
bersama, local holidays), imported from the `holidays` package and edited by
the province admin. A package date an admin declares a working day keeps its
row with `is_working_day_override`, so the next import does not bring it back.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ProcurementRule(models.Model):
    effective_from = models.DateField(_("effective from"), unique=True)
    # Integer rupiah, tax included: the toko daring channel's ceiling.
    ceiling_rupiah = models.BigIntegerField(_("per-transaction ceiling (Rp, tax included)"))
    splitting_window_days = models.PositiveSmallIntegerField(_("splitting window (days)"))
    near_ceiling_low_percent = models.PositiveSmallIntegerField(_("near-ceiling band from (%)"))
    near_ceiling_high_percent = models.PositiveSmallIntegerField(_("near-ceiling band to (%)"))
    repeat_window_days = models.PositiveSmallIntegerField(_("repeat-order window (days)"))
    vendor_response_working_days = models.PositiveSmallIntegerField(
        _("vendor must answer an order within (working days)")
    )
    ppk_signature_working_days = models.PositiveSmallIntegerField(
        _("PPK must sign within (working days)")
    )
    negotiation_expiry_working_days = models.PositiveSmallIntegerField(
        _("an open negotiation expires after (working days)")
    )
    # The payment clock (docs/design/paying.md, section 5): the OPD pays
    # within these working days of the BAST; its bendahara is reminded the
    # listed working days before the deadline (0: on the deadline's day).
    payment_due_working_days = models.PositiveSmallIntegerField(
        _("the OPD pays within (working days of the BAST)"), default=10
    )
    # Comma-separated, largest first: "3,1,0" is 3 and 1 working days
    # before the deadline and on its day; "" sends no reminder.
    payment_reminder_working_days = models.CharField(
        _("remind the bendahara (working days before the payment deadline)"),
        max_length=40,
        blank=True,
        default="3,1,0",
    )
    note = models.TextField(_("legal basis and note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(ceiling_rupiah__gt=0), name="rule_ceiling_positive"),
            models.CheckConstraint(
                condition=Q(near_ceiling_low_percent__lt=F("near_ceiling_high_percent"))
                & Q(near_ceiling_high_percent__lte=100),
                name="rule_band_ordered",
            ),
            models.CheckConstraint(
                condition=Q(splitting_window_days__gte=1)
                & Q(repeat_window_days__gte=1)
                & Q(vendor_response_working_days__gte=1)
                & Q(ppk_signature_working_days__gte=1)
                & Q(negotiation_expiry_working_days__gte=1),
                name="rule_windows_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(payment_due_working_days__gte=1), name="rule_payment_due_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(payment_reminder_working_days__regex=r"^([0-9]{1,3}(,[0-9]{1,3})*)?$"),
                name="rule_payment_reminders_listed",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Procurement rules')} {self.effective_from.isoformat()}"


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "local", _("Local holiday")


class HolidaySource(models.TextChoices):
    PACKAGE = "package", _("Holiday calendar package")
    ADMIN = "admin", _("Province admin")


class HolidayDate(models.Model):
    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=HolidaySource.choices)
    # A package holiday the province admin declared a working day after all
    # (only package rows: an admin's own date is simply deleted).
    is_working_day_override = models.BooleanField(_("working day after all"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_working_day_override=False) | Q(source="package"),
                name="holiday_override_only_on_package_rows",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
