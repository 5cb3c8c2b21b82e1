"""The object an audit row is about, as a reader sees it: a label, whose it
is, and a link to its page when the reader may open that page.

One resolver per object type (`app_label.model`, as `audit_record` stores
it). Each loads the rows of one page in one query, so a page of 50 rows costs
a query per object type, not per row. An object that no longer exists (a
deleted synonym) or a type no resolver knows reads as its label in the row's
details, or its id.

Links follow the pages' own access rules, so a link never leads to a 404:
- products: the curation page for curators (kab/kota and province admins,
  whose audit scope is their region); the public page of a live product for
  anyone else;
- vendors and their certificates: the verification page (every audit reader
  is an official reader of the vendors in their scope);
- OPDs and delivery addresses: the OPD's page;
- training events: their page, for an admin of the pemda that held them.
Identity documents are never linked: opening one is itself a recorded read.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from blangkon.accounts.models import ApiToken, DeliveryAddress, Organisation, User
from blangkon.accounts.roles import OrganisationKind
from blangkon.audit.models import AuditEvent
from blangkon.catalog.models import BulkUpload, Product, ProductChangeRequest
from blangkon.catalog.product_selectors import is_curator
from blangkon.catalog.status import ProductStatus
from blangkon.documents.models import StoredFile
from blangkon.orders.models import Order
from blangkon.search.models import Synonym
from blangkon.vendors.access import OFFICIAL_READER_ROLES, can_record_training
from blangkon.vendors.models import TrainingEvent, Vendor, VendorCertificate


@dataclass(frozen=True)
class ObjectRef:
    label: str
    owner: str = ""  # whose it is: a vendor, an OPD, a person
    url: str = ""


@dataclass(frozen=True)
class Resolver:
    rows: Callable[[], QuerySet[Any]]
    describe: Callable[[Any, User | None], ObjectRef]
    numeric_ids: bool = True


def _product_url(product: Product, viewer: User | None) -> str:
    if viewer is None:
        return ""
    if is_curator(viewer):
        return reverse("catalog:curation-detail", args=[product.pk])
    if product.status == ProductStatus.TAYANG:
        return reverse("catalog:product-detail", args=[product.pk])
    return ""


def _product(product: Product, viewer: User | None) -> ObjectRef:
    return ObjectRef(product.name, product.vendor.organisation.name, _product_url(product, viewer))


def _change_request(change: ProductChangeRequest, viewer: User | None) -> ObjectRef:
    return _product(change.product, viewer)


def _vendor_url(vendor: Vendor, viewer: User | None) -> str:
    if viewer is not None and viewer.role in OFFICIAL_READER_ROLES:
        return reverse("vendors:verification-detail", args=[vendor.pk])
    return ""


def _vendor(vendor: Vendor, viewer: User | None) -> ObjectRef:
    return ObjectRef(vendor.organisation.name, url=_vendor_url(vendor, viewer))


def _certificate(certificate: VendorCertificate, viewer: User | None) -> ObjectRef:
    return ObjectRef(
        certificate.get_kind_display(),
        certificate.vendor.organisation.name,
        _vendor_url(certificate.vendor, viewer),
    )


def _training(event: TrainingEvent, viewer: User | None) -> ObjectRef:
    url = ""
    if (
        viewer is not None
        and can_record_training(viewer)
        and viewer.organisation_id == event.pemda_id
    ):
        url = reverse("vendors:training-detail", args=[event.pk])
    return ObjectRef(f"{event.topic} ({event.place})", event.pemda.name, url)


def _bulk_upload(upload: BulkUpload, viewer: User | None) -> ObjectRef:
    return ObjectRef(upload.file.original_name, upload.vendor.organisation.name)


def _organisation(organisation: Organisation, viewer: User | None) -> ObjectRef:
    url = ""
    if viewer is not None and organisation.kind == OrganisationKind.OPD:
        url = reverse("accounts:opd-detail", args=[organisation.pk])
    return ObjectRef(organisation.name, url=url)


def _address(address: DeliveryAddress, viewer: User | None) -> ObjectRef:
    url = reverse("accounts:opd-detail", args=[address.opd_id]) if viewer is not None else ""
    return ObjectRef(address.label, address.opd.name, url)


def _user(user: User, viewer: User | None) -> ObjectRef:
    organisation = user.organisation
    return ObjectRef(str(user), organisation.name if organisation else "")


def _api_token(token: ApiToken, viewer: User | None) -> ObjectRef:
    return ObjectRef(token.prefix, str(token.user))


def _stored_file(stored_file: StoredFile, viewer: User | None) -> ObjectRef:
    # The kind only: an uploaded file's own name may carry a NIK or a name.
    return ObjectRef(stored_file.get_kind_display(), stored_file.owner.name)


def _order(order: Order, viewer: User | None) -> ObjectRef:
    # No order page yet: the number (a draft has none), and the OPD that buys.
    label = order.number or _("Draft order %(id)s") % {"id": order.pk}
    return ObjectRef(label, order.opd.name)


def _synonym(synonym: Synonym, viewer: User | None) -> ObjectRef:
    return ObjectRef(str(synonym))


RESOLVERS: dict[str, Resolver] = {
    "catalog.product": Resolver(
        lambda: Product.objects.select_related("vendor__organisation"), _product
    ),
    "catalog.productchangerequest": Resolver(
        lambda: ProductChangeRequest.objects.select_related("product__vendor__organisation"),
        _change_request,
    ),
    "catalog.bulkupload": Resolver(
        lambda: BulkUpload.objects.select_related("file", "vendor__organisation"), _bulk_upload
    ),
    "vendors.vendor": Resolver(lambda: Vendor.objects.select_related("organisation"), _vendor),
    "vendors.vendorcertificate": Resolver(
        lambda: VendorCertificate.objects.select_related("vendor__organisation"), _certificate
    ),
    "vendors.trainingevent": Resolver(
        lambda: TrainingEvent.objects.select_related("pemda"), _training
    ),
    "accounts.organisation": Resolver(lambda: Organisation.objects.all(), _organisation),
    "accounts.deliveryaddress": Resolver(
        lambda: DeliveryAddress.objects.select_related("opd"), _address
    ),
    "accounts.user": Resolver(lambda: User.objects.select_related("organisation"), _user),
    "accounts.apitoken": Resolver(lambda: ApiToken.objects.select_related("user"), _api_token),
    "documents.storedfile": Resolver(
        lambda: StoredFile.objects.select_related("owner"), _stored_file, numeric_ids=False
    ),
    "search.synonym": Resolver(lambda: Synonym.objects.all(), _synonym),
    "orders.order": Resolver(lambda: Order.objects.select_related("opd"), _order),
}


# Rows whose object id is the username that was typed, not an account's id.
NAMED_BY_USERNAME = frozenset({"auth.locked_out"})


def _loadable(ids: Iterable[str], numeric: bool) -> list[str]:
    if not numeric:
        return [i for i in ids if len(i) == 36]
    return [i for i in ids if i.isdigit() and len(i) < 19]


def _load(object_type: str, ids: set[str]) -> dict[str, Model]:
    resolver = RESOLVERS[object_type]
    wanted = _loadable(ids, resolver.numeric_ids)
    if not wanted:
        return {}
    return {str(row.pk): row for row in resolver.rows().filter(pk__in=wanted)}


def _fallback(event: AuditEvent) -> ObjectRef:
    """An object gone or of an unknown type: what the row itself says."""
    details = event.details if isinstance(event.details, dict) else {}
    # An uploaded document's own name often carries a NIK or a person's name.
    keys = ("label",) if event.action.startswith("document.") else ("name", "label", "username")
    for key in keys:
        if isinstance(details.get(key), str) and details[key]:
            return ObjectRef(details[key])
    terms = details.get("terms")
    if isinstance(terms, list) and terms:
        first = terms[0]
        return ObjectRef(", ".join(map(str, first)) if isinstance(first, list) else str(first))
    return ObjectRef(f"#{event.object_id}" if event.object_id else _("(no object)"))


def resolve_objects(events: list[AuditEvent], viewer: User | None) -> dict[int, ObjectRef]:
    """Each row's object, by the row's id; without links when `viewer` is None
    (an export has no use for them)."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.action in NAMED_BY_USERNAME:
            continue
        if event.object_type in RESOLVERS and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    loaded = {object_type: _load(object_type, ids) for object_type, ids in wanted.items()}
    refs = {}
    for event in events:
        row = loaded.get(event.object_type, {}).get(event.object_id)
        if event.action in NAMED_BY_USERNAME:
            refs[event.pk] = ObjectRef(event.object_id)
        elif row is None:
            refs[event.pk] = _fallback(event)
        else:
            refs[event.pk] = RESOLVERS[event.object_type].describe(row, viewer)
    return refs
