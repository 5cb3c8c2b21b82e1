"""Changes to live products wait for a curator: the change-request machine.

A live (TAYANG) product shows buyers exactly what a curator approved. When its
vendor changes a curated field (status.CURATED_FIELDS), moves the price beyond
the tolerance or adds a photo, the new values wait in the product's one
PENDING ProductChangeRequest; the product row keeps the approved values. The
curator sees the proposal as a diff and approves (the values go live) or
rejects it. Every move goes through `change_request_transition`.

These functions run inside the calling service's transaction, on a product
the caller has locked and whose actor it has checked.
"""

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.catalog.models import (
    PriceChange,
    PriceChangeStatus,
    Product,
    ProductChangeRequest,
    ProductImage,
)
from blangkon.catalog.specs import required_certificate
from blangkon.catalog.status import CURATED_FIELDS, ChangeRequestStatus
from blangkon.catalog.transitions import CHANGE_REQUEST_MACHINE, change_request_transition
from blangkon.core.errors import DomainError
from blangkon.lifecycles.machine import json_value, start

PRICE = "price"
IMAGES = "images"


def open_change_request(product: Product) -> ProductChangeRequest | None:
    """The product's PENDING change request, locked; None if there is none."""
    return (
        ProductChangeRequest.objects.select_for_update()
        .filter(product=product, status=ChangeRequestStatus.PENDING)
        .first()
    )


def curated_differences(product: Product, values: dict[str, Any]) -> dict[str, Any]:
    """The curated fields among `values` that differ from the live product, as JSON."""
    return {
        name: json_value(values[name])
        for name in CURATED_FIELDS
        if name in values and getattr(product, name) != values[name]
    }


def change_request_save(
    *,
    actor: User,
    product: Product,
    proposed: dict[str, Any],
    keep_photos: bool = False,
    ip_address: str | None,
) -> str:
    """Make the product's waiting proposal `proposed` (the whole of it; with
    `keep_photos`, the photos already waiting stay in it: an edit of the
    listing's fields does not touch them).

    No request yet: one is created (PENDING). One is waiting: its proposal is
    replaced (a move to itself; nothing is written when it is the same). An
    empty proposal withdraws a waiting request (the vendor went back to the
    live values). Returns "pending", "withdrawn" or "none".
    """
    request = open_change_request(product)
    if keep_photos and request is not None and IMAGES in request.proposed:
        proposed = {**proposed, IMAGES: request.proposed[IMAGES]}
    if not proposed:
        if request is None:
            return "none"
        change_request_transition(
            change_request_id=request.pk,
            to=ChangeRequestStatus.WITHDRAWN,
            actor=actor,
            reason=_("The vendor went back to the live values."),
            ip_address=ip_address,
        )
        return "withdrawn"
    if request is None:
        start(
            CHANGE_REQUEST_MACHINE,
            status=ChangeRequestStatus.PENDING,
            values={"product": product, "proposed": proposed, "requested_by": actor},
            actor=actor,
            ip_address=ip_address,
        )
    else:
        change_request_transition(
            change_request_id=request.pk,
            to=ChangeRequestStatus.PENDING,
            actor=actor,
            fields={"proposed": proposed},
            ip_address=ip_address,
        )
    return "pending"


def change_request_photos(
    *,
    actor: User,
    product: Product,
    add: int | None = None,
    remove: int | None = None,
    ip_address: str | None,
) -> None:
    """A photo added to a live product waits in its change request; removing a
    waiting photo takes it out of the request (withdrawn when nothing is left)."""
    request = open_change_request(product)
    proposed = dict(request.proposed) if request else {}
    photos = [pk for pk in proposed.get(IMAGES, []) if pk != remove]
    if add is not None:
        photos.append(add)
    proposed.pop(IMAGES, None)
    if photos:
        proposed[IMAGES] = photos
    change_request_save(actor=actor, product=product, proposed=proposed, ip_address=ip_address)


def change_request_approve(*, actor: User, product: Product, ip_address: str | None) -> bool:
    """Curator: the waiting values go live. False when nothing waits."""
    request = open_change_request(product)
    if request is None:
        return False
    change_request_transition(
        change_request_id=request.pk,
        to=ChangeRequestStatus.APPROVED,
        actor=actor,
        ip_address=ip_address,
    )
    _apply_proposal(product, request.proposed, actor=actor, price=PriceChangeStatus.APPROVED)
    if PRICE in request.proposed:
        price_reviewed(product=product, price=product.price)
    return True


def change_request_reject(
    *, actor: User, product: Product, reason: str, ip_address: str | None
) -> ProductChangeRequest:
    """Curator: the approved listing stays; waiting photos are removed (their
    files are kept, as every stored file is)."""
    request = open_change_request(product)
    if request is None:
        raise DomainError("no_pending_change", _("This product has no change waiting for review."))
    proposed = request.proposed
    if PRICE in proposed:
        PriceChange.objects.create(
            product=product,
            old_price=product.price,
            new_price=proposed[PRICE],
            status=PriceChangeStatus.REJECTED,
            actor=actor,
        )
    ProductImage.objects.filter(
        product=product, pk__in=proposed.get(IMAGES, []), awaiting_review=True
    ).delete()
    return change_request_transition(
        change_request_id=request.pk,
        to=ChangeRequestStatus.REJECTED,
        actor=actor,
        reason=reason,
        fields={"status_reason": reason},
        ip_address=ip_address,
    )


def change_request_fold(*, actor: Any, product: Product) -> None:
    """The product stopped being live: its waiting values become the product's
    own (they are curated with the whole product when it is submitted again)
    and the request is withdrawn."""
    request = open_change_request(product)
    if request is None:
        return
    change_request_transition(
        change_request_id=request.pk,
        to=ChangeRequestStatus.WITHDRAWN,
        actor=actor,
        reason=_("The product is no longer live: the changes go to its next curation."),
        details={"folded_into_product": True},
    )
    _apply_proposal(product, request.proposed, actor=actor, price=PriceChangeStatus.APPLIED)


def price_reviewed(*, product: Product, price: int) -> None:
    """Record the price a curator has just seen (the product went live, or its
    price change was approved): later changes are judged against it."""
    product.reviewed_price = price
    product.price_reviewed_at = timezone.now()
    product.save(update_fields=["reviewed_price", "price_reviewed_at", "updated_at"])


def _apply_proposal(product: Product, proposed: dict[str, Any], *, actor: Any, price: str) -> None:
    """Write a proposal's values onto the (locked) product row."""
    changed: list[str] = []
    for name in CURATED_FIELDS:
        if name in proposed:
            value = proposed[name]
            if name == "tkdn_percent" and value is not None:
                value = Decimal(value)
            setattr(product, name, value)
            changed.append(name)
    if "category_id" in proposed:
        product.required_certificate = required_certificate(product.category.slug)
        changed.append("required_certificate")
    if PRICE in proposed:
        PriceChange.objects.create(
            product=product,
            old_price=product.price,
            new_price=proposed[PRICE],
            status=price,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        product.price = proposed[PRICE]
        changed.append(PRICE)
    ProductImage.objects.filter(product=product, pk__in=proposed.get(IMAGES, [])).update(
        awaiting_review=False
    )
    if changed:
        product.save(update_fields=[*changed, "updated_at"])
