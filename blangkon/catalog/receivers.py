"""The catalog's reactions to what happens to vendors (vendors/events.py).

Connected in CatalogConfig.ready(). Each runs inside the sender's transaction
and returns how many products it moved.
"""

from typing import Any

from blangkon.catalog.services import (
    products_restore_for_certificate,
    products_take_down_for_certificate,
)
from blangkon.vendors.events import certificate_expired, certificate_renewed


def take_down_products_of_expired_certificate(
    *, vendor: Any, certificate_kind: str, actor: Any, **_kwargs: Any
) -> int:
    return products_take_down_for_certificate(
        vendor=vendor, certificate_kind=certificate_kind, actor=actor
    )


def restore_products_of_renewed_certificate(
    *, vendor: Any, certificate_kind: str, actor: Any, **_kwargs: Any
) -> int:
    return products_restore_for_certificate(
        vendor=vendor, certificate_kind=certificate_kind, actor=actor
    )


def connect() -> None:
    certificate_expired.connect(
        take_down_products_of_expired_certificate, dispatch_uid="catalog-certificate-expired"
    )
    certificate_renewed.connect(
        restore_products_of_renewed_certificate, dispatch_uid="catalog-certificate-renewed"
    )
