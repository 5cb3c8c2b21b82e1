"""Writes to vendors. Each checks the actor's rights (vendors/access.py), runs in
one transaction, changes status only through vendor_transition, and leaves an
audit row. Split by sub-domain; import from here."""

from blangkon.vendors.services._common import vendor_owner
from blangkon.vendors.services.certificates import certificate_save, expire_certificates
from blangkon.vendors.services.data import registration_problems
from blangkon.vendors.services.registration import (
    owner_confirmation_get,
    owner_confirmation_token,
    vendor_document_add,
    vendor_owner_confirm,
    vendor_owner_link_resend,
    vendor_register,
    vendor_register_assisted,
    vendor_submit,
    vendor_update_draft,
)
from blangkon.vendors.services.training import training_attendance_add, training_event_create
from blangkon.vendors.services.verification import (
    lift_expired_sanctions,
    vendor_approve,
    vendor_ban,
    vendor_lift_sanction,
    vendor_reject,
    vendor_request_revision,
    vendor_suspend,
)

__all__ = [
    "certificate_save",
    "expire_certificates",
    "lift_expired_sanctions",
    "owner_confirmation_get",
    "owner_confirmation_token",
    "registration_problems",
    "training_attendance_add",
    "training_event_create",
    "vendor_approve",
    "vendor_ban",
    "vendor_document_add",
    "vendor_lift_sanction",
    "vendor_owner_confirm",
    "vendor_owner_link_resend",
    "vendor_register",
    "vendor_register_assisted",
    "vendor_reject",
    "vendor_request_revision",
    "vendor_owner",
    "vendor_submit",
    "vendor_suspend",
    "vendor_update_draft",
]
