"""product_transition(): the only code that assigns Product.status.

One transaction: lock the product, check the ALLOWED table and the guards,
set the status and its timestamp, write a ProductStatusChange and an audit
row. Services (catalog/services.py) check who may ask for a move and call it.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.audit.services import audit_record
from blangkon.catalog.models import Product, ProductStatusChange
from blangkon.catalog.status import ALLOWED, ProductStatus, TakedownReason
from blangkon.core.errors import DomainError, NotFound
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import ACTIVE

# The timestamp column stamped when a product enters a status.
STAMPS: dict[str, str] = {
    ProductStatus.SUBMITTED: "submitted_at",
    ProductStatus.TAYANG: "published_at",
}


def product_transition(
    *,
    product_id: int,
    to: str,
    actor: Any,
    reason: str = "",
    takedown_reason: str = "",
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> Product:
    """Move a product to `to`.

    Idempotent: a product already in `to` is returned unchanged. Errors:
    DomainError("invalid_transition") for a move the table does not allow,
    DomainError("vendor_not_active") when going live for a vendor that may not
    sell, DomainError("invalid") for TURUN_TAYANG without a known take-down
    reason, NotFound for an unknown product. Permission is the caller's job.
    """
    if to not in ProductStatus.values:
        raise DomainError("invalid_transition", _("Unknown product status."))
    with transaction.atomic():
        product = Product.objects.select_for_update().filter(pk=product_id).first()
        if product is None:
            raise NotFound
        current = product.status
        if current == to:
            return product
        if to not in ALLOWED[current]:
            raise DomainError(
                "invalid_transition",
                _("A product that is %(current)s cannot become %(target)s.")
                % {
                    "current": ProductStatus(current).label,
                    "target": ProductStatus(to).label,
                },
            )
        if to == ProductStatus.TURUN_TAYANG and takedown_reason not in TakedownReason.values:
            raise DomainError(
                "invalid",
                _("Choose why the product is taken down."),
                {"reason": _("Choose a reason from the list.")},
            )
        vendor = Vendor.objects.select_related("organisation").get(pk=product.vendor_id)
        if to == ProductStatus.TAYANG and vendor.status not in ACTIVE:
            raise DomainError(
                "vendor_not_active",
                _("The vendor is not verified or is suspended, so the product cannot go live."),
            )

        now = timezone.now()
        product.status = to
        product.status_reason = reason
        product.takedown_reason = takedown_reason if to == ProductStatus.TURUN_TAYANG else ""
        changed = ["status", "status_reason", "takedown_reason", "updated_at"]
        if stamp := STAMPS.get(to):
            setattr(product, stamp, now)
            changed.append(stamp)
        product.save(update_fields=changed)

        history_details = dict(details or {})
        if product.takedown_reason:
            history_details["takedown_reason"] = product.takedown_reason
        ProductStatusChange.objects.create(
            product=product,
            from_status=current,
            to_status=to,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason,
            details=history_details,
        )
        audit_record(
            actor=actor,
            action=f"product.{to}",
            obj=product,
            organisation=vendor.organisation,
            ip_address=ip_address,
            details={"from": current, "to": to, "reason": reason, **history_details},
        )
    return product
