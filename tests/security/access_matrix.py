"""Who may use which route: the expected-access table of every page and API operation.

`tests/security/test_access_matrix.py` calls every route as every actor, on their
own organisation's object and on another's, and compares the answer with this
table; `test_route_inventory.py` fails when a route exists that the table does
not list, so nobody adds a route without deciding who may use it.

One line per route. `rule(...)` names what each group of actors gets; `others=`
covers the groups not named, and `anonymous` gets LOGIN unless said otherwise.
A value is an outcome, or `Scoped(own, other)` when the answer depends on whose
object the route is called with: "own" is an object of the actor's side
(Batang or Kendal; their own vendor for vendor users), "other" one of the other
side. Province-wide actors and anonymous visitors count Batang's objects as
"own". Objects of others are 404, never 403 (ADR 0007); 403 means the actor may
know the object (or the route holds none) but the role may never act.

`fill=` picks which of an owner's objects fills a path parameter when the
default does not suit the route: products are drafts unless it names
"submitted", "live" or "changed" (tests/security/probe.py fills parameters).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from blangkon.accounts.roles import Role


class Outcome(Enum):
    OK = "allowed (2xx/3xx)"
    INERT = "allowed (2xx/3xx) but changes nothing"
    LOGIN = "login required (302 to the login page, 401 from the API)"
    NOT_FOUND = "not found (404)"
    FORBIDDEN = "forbidden (403)"
    METHOD = "method not allowed (405)"
    INVALID = "refused by the service's rules (400), nothing changed"


OK = Outcome.OK
INERT = Outcome.INERT
LOGIN = Outcome.LOGIN
NOT_FOUND = Outcome.NOT_FOUND
FORBIDDEN = Outcome.FORBIDDEN
INVALID = Outcome.INVALID


@dataclass(frozen=True)
class Scoped:
    """The outcome on the actor's own object, and on another owner's."""

    own: Outcome
    other: Outcome


OWN = Scoped(OK, NOT_FOUND)
OWN_INERT = Scoped(INERT, NOT_FOUND)  # reaches the form, but the role's write is refused
OWN_FORBIDDEN = Scoped(FORBIDDEN, NOT_FOUND)  # may read the object, may never act on it

Access = Outcome | Scoped

GROUPS = (
    "anonymous",
    "buyer",  # PP: the OPD's buying official (the PPK buys only where the OPD has no PP)
    "opd",  # bendahara: an OPD's member who neither buys nor signs
    "ppk",  # the PPK: signs the Surat Pesanan, receives, signs the BAST
    "opd_admin",
    "kab_admin",
    "province_admin",
    "auditor",
    "vendor_owner",
    "vendor_staff",
    "pendamping",
)
GROUP_OF_ROLE = {
    Role.PP: "buyer",
    Role.PPK: "ppk",
    Role.BENDAHARA: "opd",
    Role.OPD_ADMIN: "opd_admin",
    Role.KAB_KOTA_ADMIN: "kab_admin",
    Role.PROVINCE_ADMIN: "province_admin",
    Role.AUDITOR: "auditor",
    Role.VENDOR_OWNER: "vendor_owner",
    Role.VENDOR_STAFF: "vendor_staff",
    Role.PENDAMPING: "pendamping",
}
# "opd" names every member of an OPD who is not its admin, the buyer and the PPK too.
ALIASES = {"vendor": ("vendor_owner", "vendor_staff"), "opd": ("buyer", "opd", "ppk")}


@dataclass(frozen=True)
class Rule:
    access: Mapping[str, Access]
    fill: Mapping[str, str] = field(default_factory=dict)

    def expect(self, group: str, ownership: str) -> Outcome | None:
        """The expected outcome, or None when the table has no entry for the group."""
        access = self.access.get(group)
        if isinstance(access, Scoped):
            return access.own if ownership == "own" else access.other
        return access


def rule(
    *,
    anonymous: Access = LOGIN,
    others: Access | None = None,
    fill: Mapping[str, str] | None = None,
    **groups: Access,
) -> Rule:
    access: dict[str, Access] = {"anonymous": anonymous}
    for name, value in groups.items():
        for group in ALIASES.get(name, (name,)):
            assert group in GROUPS, f"unknown actor group {group!r}"
            access[group] = value
    if others is not None:
        for group in GROUPS:
            access.setdefault(group, others)
    return Rule(access, fill or {})


PUBLIC = rule(anonymous=OK, others=OK)
SIGNED_IN = rule(others=OK)
VENDOR_ONLY = rule(vendor=OK, others=NOT_FOUND)
VENDOR_OWN = rule(vendor=OWN, others=NOT_FOUND)
SUBMITTED = {"product_id": "submitted"}  # what curators decide on
CHANGES = {"product_id": "changed"}  # a live product with changes waiting
LIVE = {"product_id": "live"}
# An order has parties, each of whom reads the orders of its own side (the OPD's
# officials, the vendor's users, the kab/kota admins of the OPD's pemda), and
# overseers who read every order (the province's admins and the auditors).
ORDER_PARTIES = ("opd", "opd_admin", "vendor", "kab_admin")
ORDER_OVERSEERS = ("province_admin", "auditor")


def order_rule(
    parties: Access,
    overseers: Access,
    fill: Mapping[str, str] | None = None,
    **groups: Access,
) -> Rule:
    """`parties` for an order's parties, `overseers` for its overseers,
    `groups` for any named otherwise; nobody else knows it exists (404)."""
    access = dict.fromkeys(ORDER_PARTIES, parties) | dict.fromkeys(ORDER_OVERSEERS, overseers)
    return rule(**(access | groups), others=NOT_FOUND, fill=fill)


# Its readers read it; nobody else knows it exists.
ORDER_READERS = order_rule(OWN, OK)
# The order lists: every role that has orders (each sees its own, see
# orders/order_lists.py); the flags: the kab/kota and province admins and auditors.
ORDER_LISTERS = order_rule(OK, OK)
FLAG_READERS = rule(kab_admin=OK, province_admin=OK, auditor=OK, others=NOT_FOUND)


REFUSED_BY_THE_TABLE = Scoped(INVALID, NOT_FOUND)
# Pages of one step of an order (the receipt, the negotiation): the order's
# readers reach them; a write by one who may not make it, or at the wrong step
# (the estate's order is a draft), comes back to the page with a message and
# changes nothing.
ORDER_READERS_INERT = order_rule(OWN_INERT, INERT)
# An order's API step on the estate's draft order, refused for the order's state
# (400) to every reader before who asks is judged; to anyone else not found.
ORDER_STEP_REFUSED = order_rule(Scoped(INVALID, NOT_FOUND), INVALID)
# The buyer's offer waits for the vendor: only the vendor's users answer.
NEGOTIATION_VENDOR_TURN = order_rule(OWN_FORBIDDEN, FORBIDDEN, vendor=OWN)

# A step of the bendahara (the group "opd" alone, not its alias): refused by the
# state of the estate's draft; the order's other readers are refused (403).
BENDAHARA_STEP_REFUSED = Rule(
    {
        **order_rule(OWN_FORBIDDEN, FORBIDDEN).access,
        "opd": REFUSED_BY_THE_TABLE,
    }
)


def bendahara_and(bendahara: Access, **groups: Access) -> Rule:
    """`bendahara` for the OPD's bendahara alone (the alias "opd" names the
    buyer and the PPK too), `groups` for the others named; nobody else knows
    the route exists (404)."""
    assert set(groups) <= set(GROUPS)
    return Rule({**rule(others=NOT_FOUND).access, **groups, "opd": bendahara})


# The bendahara's books: the OPD's bendahara, the kab/kota admins of its pemda
# and auditors (payments/books_selectors.py); the API has the caller's own only.
BOOKS_READERS = bendahara_and(OWN, kab_admin=OWN, auditor=OK)
BOOKS_START = bendahara_and(OK, kab_admin=OK, auditor=OK)
BOOKS_API = bendahara_and(OK)


def order_readers(status: str) -> Rule:
    """ORDER_READERS on an order in `status` (a page that exists from there on)."""
    return Rule(ORDER_READERS.access, {"order_id": status})


def order_move(status: str | None = None, **movers: Access) -> Rule:
    """A move on an order in `status` (the side's draft when None): the
    `movers` make it; its other readers are refused (403); nobody else knows
    the order exists (404)."""
    fill = {"order_id": status} if status else None
    return order_rule(OWN_FORBIDDEN, FORBIDDEN, fill, **movers)


def bendahara_move(status: str | None = None) -> Rule:
    """A write on an order (in `status`) only the bendahara of its OPD makes:
    the "opd" group of the table (the buyer and the PPK are refused, 403)."""
    moved = order_move(status)
    return Rule({**moved.access, "opd": OWN}, moved.fill)


# The bendahara of the ordering OPD pays an invoiced order.
ORDER_PAYER = bendahara_move("ditagih")
CURATOR_OWN = rule(kab_admin=OWN, province_admin=OK, others=NOT_FOUND, fill=SUBMITTED)
# A vendor's registration: its owner and the pendamping who registered it; its
# staff read it and are refused (the owner's declaration, ADR 0048), as are its
# other readers (its verifiers, the auditor); everyone else finds no such vendor.
REGISTRATION_EDITORS = rule(
    vendor_owner=OWN,
    vendor_staff=OWN_FORBIDDEN,
    pendamping=OWN,
    kab_admin=OWN_FORBIDDEN,
    province_admin=FORBIDDEN,
    auditor=FORBIDDEN,
    others=NOT_FOUND,
)
# Its certificates: the staff keep them too.
CERTIFICATE_KEEPERS = Rule(
    {**REGISTRATION_EDITORS.access, "vendor_staff": OWN}, REGISTRATION_EDITORS.fill
)
OFFICIAL_READERS = rule(kab_admin=OK, province_admin=OK, auditor=OK, others=FORBIDDEN)
# Verification decisions: the admins of the vendor's kab/kota and the province.
VERIFIERS = rule(
    kab_admin=OWN,
    province_admin=OK,
    auditor=FORBIDDEN,
    vendor=OWN_FORBIDDEN,
    pendamping=OWN_FORBIDDEN,
    others=NOT_FOUND,
)
# Pages the overseers of purchases read and only the province admin changes.
RED_FLAG_READERS = rule(kab_admin=OK, province_admin=OK, auditor=OK, others=NOT_FOUND)
STAFF_READERS = rule(kab_admin=OK, province_admin=OK, auditor=OK, others=NOT_FOUND)
PROVINCE_WRITERS = rule(province_admin=OK, kab_admin=FORBIDDEN, auditor=FORBIDDEN, others=NOT_FOUND)
# A buyer's own cart: nobody else has one, and another buyer's line is not found.
CART = rule(buyer=OK, others=NOT_FOUND)
CART_LINE = rule(buyer=OWN, others=NOT_FOUND)
# A notification is its recipient's alone: the side's one is its vendor owner's,
# the only actor of that group on the side.
NOTIFICATION = rule(vendor_owner=OWN, others=NOT_FOUND)
CURATION_API = rule(kab_admin=OWN, province_admin=OK, others=FORBIDDEN, fill=SUBMITTED)


def file_readers(anonymous: Access) -> Rule:
    """A vendor's KTP (the estate's stored file): its owner, the pendamping who
    registered it, the admins who verify it. Not its staff (ADR 0048) nor
    auditors: identity documents are personal data."""
    return rule(
        anonymous=anonymous,
        vendor_owner=OWN,
        pendamping=OWN,
        kab_admin=OWN,
        province_admin=OK,
        others=NOT_FOUND,
    )


PAGES: dict[str, Rule] = {
    # --- catalog: public pages ---
    "catalog:landing": PUBLIC,
    "catalog:product-detail": rule(anonymous=OK, others=OK, fill=LIVE),
    # --- catalog: the vendor's own products ---
    "catalog:my-products": VENDOR_ONLY,
    "catalog:product-create": VENDOR_ONLY,
    "catalog:unit-options": SIGNED_IN,
    "catalog:my-product": VENDOR_OWN,
    "catalog:product-edit": VENDOR_OWN,
    "catalog:product-submit": VENDOR_OWN,
    # Curators reach the service through the vendor's button, which offers no
    # curator's reason, so their take-down is refused; other roles are 403.
    "catalog:product-take-down": rule(
        vendor=OWN, kab_admin=OWN_INERT, province_admin=INERT, others=FORBIDDEN, fill=LIVE
    ),
    "catalog:product-image-add": VENDOR_OWN,
    "catalog:product-image-remove": VENDOR_OWN,
    # --- catalog: curation ---
    "catalog:curation-queue": rule(kab_admin=OK, province_admin=OK, others=NOT_FOUND),
    "catalog:curation-bulk-approve": CURATOR_OWN,
    "catalog:curation-detail": CURATOR_OWN,
    "catalog:curation-approve": CURATOR_OWN,
    "catalog:curation-request-revision": CURATOR_OWN,
    "catalog:curation-reject": CURATOR_OWN,
    "catalog:curation-change-reject": rule(
        kab_admin=OWN, province_admin=OK, others=NOT_FOUND, fill=CHANGES
    ),
    "catalog:curation-take-down": rule(
        kab_admin=OWN, province_admin=OK, others=NOT_FOUND, fill=LIVE
    ),
    # --- catalog: bulk upload and export ---
    "catalog_bulk:upload": VENDOR_ONLY,
    "catalog_bulk:template": PUBLIC,
    "catalog_bulk:progress": VENDOR_OWN,
    "catalog_bulk:error-report": VENDOR_OWN,
    "catalog_bulk:export-xlsx": VENDOR_ONLY,
    "catalog_bulk:export-csv": VENDOR_ONLY,
    # --- search ---
    "search:catalog": PUBLIC,
    "search:suggest": PUBLIC,
    "search:compare": PUBLIC,
    "search:synonyms": rule(province_admin=OK, others=FORBIDDEN),
    "search:synonym-delete": rule(province_admin=OK, others=FORBIDDEN),
    # --- accounts ---
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password-reset": PUBLIC,
    "accounts:password-reset-done": PUBLIC,
    "accounts:password-reset-confirm": rule(
        anonymous=OK, others=OK, fill={"token": "password-reset"}
    ),
    "accounts:password-reset-complete": PUBLIC,
    "accounts:login-link": PUBLIC,
    "accounts:login-link-sent": PUBLIC,
    "accounts:login-link-open": rule(anonymous=OK, others=OK, fill={"token": "password-reset"}),
    "accounts:password-change": SIGNED_IN,
    # Every signed-in user lists and revokes their own tokens; another's is 404.
    "accounts:api-tokens": SIGNED_IN,
    "accounts:api-token-revoke": rule(vendor_owner=OWN, others=NOT_FOUND),
    "accounts:home": SIGNED_IN,
    "accounts:opd-list": SIGNED_IN,
    "accounts:opd-detail": rule(
        opd=OWN, opd_admin=OWN, kab_admin=OWN, province_admin=OK, auditor=OK, others=NOT_FOUND
    ),
    "accounts:address-add": rule(opd_admin=OWN, kab_admin=OWN, province_admin=OK, others=NOT_FOUND),
    "accounts:pemda-list": SIGNED_IN,
    "accounts:opd-create": rule(kab_admin=OWN, province_admin=OK, others=NOT_FOUND),
    # Joining dates are the province admin's; a kab/kota admin sees the form
    # of their own pemda, and the service refuses the change.
    "accounts:pemda-joined": rule(kab_admin=OWN_INERT, province_admin=OK, others=NOT_FOUND),
    "accounts:user-create": rule(opd_admin=OWN, kab_admin=OWN, province_admin=OK, others=NOT_FOUND),
    "accounts:user-deactivate": rule(
        opd_admin=OWN, kab_admin=OWN, province_admin=OK, others=NOT_FOUND
    ),
    # --- vendors ---
    "vendors:register": PUBLIC,
    "vendors:register-step": REGISTRATION_EDITORS,
    "vendors:document-upload": REGISTRATION_EDITORS,
    "vendors:certificate-add": CERTIFICATE_KEEPERS,
    "vendors:register-assisted": rule(pendamping=OK, others=NOT_FOUND),
    "vendors:owner-confirm": PUBLIC,
    "vendors:dashboard": SIGNED_IN,
    "vendors:assisted-list": rule(pendamping=OK, others=NOT_FOUND),
    # Only the pendamping who registered the vendor; a reader of it is told
    # the resend was refused (on the page it came from), nothing is sent.
    "vendors:owner-link-resend": rule(
        pendamping=OWN,
        vendor_staff=OWN_INERT,
        kab_admin=OWN_INERT,
        province_admin=INERT,
        auditor=INERT,
        others=NOT_FOUND,
    ),
    "vendors:verification-queue": OFFICIAL_READERS,
    "vendors:verification-detail": rule(
        kab_admin=OWN,
        province_admin=OK,
        auditor=OK,
        vendor=OWN_FORBIDDEN,
        pendamping=OWN_FORBIDDEN,
        others=NOT_FOUND,
    ),
    "vendors:verification-action": VERIFIERS,
    "vendors:training-list": OFFICIAL_READERS,
    # Events belong to the pemda that held them: a province admin or auditor
    # sees the province's own events, not a kab/kota's.
    "vendors:training-detail": rule(
        kab_admin=OWN, province_admin=NOT_FOUND, auditor=NOT_FOUND, others=FORBIDDEN
    ),
    "vendors:storefront": PUBLIC,
    # --- documents: no login redirect, so a file's existence never leaks ---
    "documents:file": file_readers(anonymous=NOT_FOUND),
    # --- audit ---
    "audit:list": rule(kab_admin=OK, province_admin=OK, auditor=OK, others=NOT_FOUND),
    # Exports of the filtered log, inside the reader's scope; each is audited.
    "audit:export-csv": rule(kab_admin=OK, province_admin=OK, auditor=OK, others=NOT_FOUND),
    "audit:export-xlsx": rule(kab_admin=OK, province_admin=OK, auditor=OK, others=NOT_FOUND),
    # --- procurement rules and the holiday calendar: staff read, the province admin writes ---
    "procurement:rules": STAFF_READERS,
    "procurement:rule-create": PROVINCE_WRITERS,
    "procurement:rule-delete": PROVINCE_WRITERS,
    "procurement:holidays": STAFF_READERS,
    "procurement:holiday-add": PROVINCE_WRITERS,
    "procurement:holiday-remove": PROVINCE_WRITERS,
    "procurement:holiday-restore": PROVINCE_WRITERS,
    # --- orders: the cart ---
    "orders:cart": CART,
    "orders:cart-add": CART,
    "orders:cart-line-update": CART_LINE,
    "orders:cart-line-remove": CART_LINE,
    # Clearing a vendor's lines touches the buyer's own cart only, whichever vendor.
    "orders:cart-clear-vendor": CART,
    # --- orders: the parties, the kab/kota of the OPD, the province and the auditor read ---
    "order:detail": ORDER_READERS,
    "order:surat-pesanan": order_readers("menunggu_konfirmasi"),
    "order:bast": order_readers("diterima"),
    # The issued PDFs: the order's readers, from the PPK's signature on (the
    # probe asks for the Surat Pesanan); the verification page is public.
    "paperwork:document": order_readers("menunggu_konfirmasi"),
    "paperwork:verify": PUBLIC,
    # The buyer's own cart, of their own OPD's vendor: nothing of another vendor is in it.
    "order:checkout": rule(buyer=OWN, others=NOT_FOUND),
    "order:submit": order_move(buyer=OWN),
    "order:cancel": order_move(buyer=OWN, ppk=OWN),
    "order:approve": order_move("menunggu_persetujuan", ppk=OWN),
    "order:accept": order_move("menunggu_konfirmasi", vendor=OWN),
    "order:decline": order_move("menunggu_konfirmasi", vendor=OWN),
    "order:ship": order_move("diproses", vendor=OWN),
    "order:receive": order_move("dikirim", ppk=OWN),
    "order:dispute": order_move("dikirim", ppk=OWN, vendor=OWN),
    "order:send-back": order_move("diterima", ppk=OWN),
    "order:sign-bast": order_move("diterima", ppk=OWN, vendor=OWN),
    "order:resolve": order_move("sengketa", kab_admin=OWN),
    # --- paying: the bendahara's payment form; the vendor's "the money arrived" ---
    "payment:pay": ORDER_PAYER,
    "payment:complete": order_move("dibayar", vendor=OWN),
    "order:list": ORDER_LISTERS,
    "order:flags": FLAG_READERS,
    "order:receiver": ORDER_READERS_INERT,
    "order:inspect": ORDER_READERS_INERT,
    "order:negotiation": ORDER_READERS_INERT,
    # --- the bendahara's books ---
    "books:home": BOOKS_START,
    "books:due": BOOKS_READERS,
    "books:withholding": BOOKS_READERS,
    "books:withholding-xlsx": BOOKS_READERS,
    # The bendahara of the OPD chooses how an order is paid, until the invoice.
    "order:payment-channel": bendahara_move(),
    # --- payments: the vendor issues the invoice after the BAST; the order's readers read it ---
    "invoice:issue": order_move("bast_ditandatangani", vendor=OWN),
    "invoice:detail": order_readers("ditagih"),
    # --- ratings of a completed order: its readers see the page; the estate's order is a
    # draft, so a rating or a reply sent by anyone is refused with a message ---
    "rating:order": ORDER_READERS_INERT,
    "rating:reply": ORDER_READERS_INERT,
    # --- payments: the VA of an invoiced order (its readers see the page; the
    # bendahara's write is refused on the estate's draft, anyone else's always) ---
    "va:order-va": ORDER_READERS_INERT,
    # The demo bank's counter: any signed-in user; the probe's empty form pays nothing.
    "va:bank-simulator": rule(others=INERT),
    # --- notifications: everyone's own; another's is not found ---
    "notifications:list": SIGNED_IN,
    "notifications:read": NOTIFICATION,
    "notifications:read-all": SIGNED_IN,
    "notifications:preference": SIGNED_IN,
    # --- the tax preview: a calculation on facts typed in, no record (public) ---
    "taxes:preview": PUBLIC,
    # --- the public statistics: figures, never a person (docs/design/transparency.md) ---
    "transparency:dashboard": PUBLIC,
    "transparency:download-csv": PUBLIC,
    "transparency:download-xlsx": PUBLIC,
    # --- INAPROC packages: the province admin imports; the admins of a pemda map
    # its satkers to OPDs (another kab/kota's satker is not found) ---
    "inaproc:import": rule(province_admin=OK, others=NOT_FOUND),
    "inaproc:satkers": rule(kab_admin=OK, province_admin=OK, others=NOT_FOUND),
    "inaproc:satker-map": rule(kab_admin=OWN, province_admin=OK, others=NOT_FOUND),
    # --- the internal dashboards (transparency/internal.py): a pemda's to its kab/kota
    # admins and the province-wide overseers, an OPD's to its admin and PPK (and those
    # overseers), a vendor's to its users. /dasbor/ sends each to their own ---
    "dashboard:home": rule(
        ppk=OK,
        opd_admin=OK,
        kab_admin=OK,
        province_admin=OK,
        auditor=OK,
        vendor=OK,
        others=NOT_FOUND,
    ),
    "dashboard:pemda": rule(kab_admin=OWN, province_admin=OK, auditor=OK, others=NOT_FOUND),
    "dashboard:opd": rule(
        ppk=OWN, opd_admin=OWN, kab_admin=OWN, province_admin=OK, auditor=OK, others=NOT_FOUND
    ),
    "dashboard:vendor": VENDOR_OWN,
    # The register of every signed order: business names and figures, never a person.
    "transparency:register": PUBLIC,
    "transparency:register-csv": PUBLIC,
    "transparency:register-xlsx": PUBLIC,
    # --- open data: the files anyone may take; only the province admin writes them again ---
    "opendata:index": PUBLIC,
    # The estate publishes no files: every name is not found (test_open_data.py downloads them).
    "opendata:download": rule(anonymous=NOT_FOUND, others=NOT_FOUND),
    "opendata:publish": rule(province_admin=OK, others=FORBIDDEN),
    # --- red flags (indicators): auditors and province admins read all, a kab/kota
    # admin their pemda's buyers'; only auditors review (the probe's empty form
    # is refused with its errors); nobody else knows the pages exist ---
    "red_flags:list": RED_FLAG_READERS,
    "red_flags:detail": rule(kab_admin=OWN, province_admin=OK, auditor=OK, others=NOT_FOUND),
    "red_flags:review": rule(
        auditor=INERT, province_admin=FORBIDDEN, kab_admin=OWN_FORBIDDEN, others=NOT_FOUND
    ),
    # --- the language switch, the living style page and the API's own pages ---
    "set_language": PUBLIC,
    # Shows components only, no records: every signed-in role but the vendors'.
    "style-guide": rule(vendor=FORBIDDEN, others=OK),
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    # django-ninja's root answers 404 outside DEBUG.
    "api-v1:api-root": rule(anonymous=NOT_FOUND, others=NOT_FOUND),
}

API: dict[str, Rule] = {
    # --- reference (public) ---
    "blangkon_api_routers_reference_regions": PUBLIC,
    "blangkon_api_routers_reference_categories": PUBLIC,
    # --- procurement rules and working days (public: law and the calendar) ---
    "blangkon_api_routers_procurement_procurement_rules": PUBLIC,
    "blangkon_api_routers_procurement_working_days": PUBLIC,
    # --- the tax preview (public: no record, facts in, taxes out) ---
    "blangkon_api_routers_taxes_tax_preview": PUBLIC,
    # --- the public statistics ---
    "blangkon_api_routers_stats_stats_summary_get": PUBLIC,
    # --- open data: the orders as OCDS releases (organisations, never a person) ---
    "blangkon_api_routers_ocds_ocds_releases": PUBLIC,
    "blangkon_api_routers_transactions_transactions_list": PUBLIC,
    # --- red flags: the same readers as the pages ---
    "blangkon_api_routers_red_flags_red_flag_list": RED_FLAG_READERS,
    # --- the bendahara's books: the caller's own OPD, its bendahara only ---
    "blangkon_api_routers_payment_books_payments_due": BOOKS_API,
    "blangkon_api_routers_payment_books_payments_withholding": BOOKS_API,
    # --- accounts ---
    "blangkon_api_routers_accounts_token_create": PUBLIC,
    "blangkon_api_routers_accounts_me": SIGNED_IN,
    "blangkon_api_routers_accounts_token_list": SIGNED_IN,
    "blangkon_api_routers_accounts_token_revoke": rule(vendor_owner=OWN, others=NOT_FOUND),
    # --- vendors ---
    "blangkon_api_routers_vendors_vendor_me": VENDOR_ONLY,
    "blangkon_api_routers_vendors_vendor_storefront": PUBLIC,
    "blangkon_api_routers_vendors_verification_queue": OFFICIAL_READERS,
    "blangkon_api_routers_vendors_vendor_approve": VERIFIERS,
    "blangkon_api_routers_vendors_vendor_request_revision": VERIFIERS,
    "blangkon_api_routers_vendors_vendor_reject": VERIFIERS,
    # --- search (public) ---
    "blangkon_api_routers_search_product_search": PUBLIC,
    "blangkon_api_routers_search_product_suggest": PUBLIC,
    # --- products: the vendor's own ---
    "blangkon_api_routers_products_vendor_product_list": VENDOR_ONLY,
    "blangkon_api_routers_products_vendor_product_upsert": VENDOR_ONLY,
    "blangkon_api_routers_products_vendor_product_get": VENDOR_OWN,
    "blangkon_api_routers_products_vendor_product_update": VENDOR_OWN,
    "blangkon_api_routers_products_vendor_product_submit": VENDOR_OWN,
    # The service serves vendors and curators alike: a curator reaches it here
    # with a vendor's reason, which it refuses.
    "blangkon_api_routers_products_vendor_product_take_down": rule(
        vendor=OWN,
        kab_admin=Scoped(INVALID, NOT_FOUND),
        province_admin=INVALID,
        others=FORBIDDEN,
        fill=LIVE,
    ),
    # --- products: curation. Roles that never curate are 403 before any lookup ---
    # The queue, like the page's, does not exist for roles that do not curate.
    "blangkon_api_routers_products_curation_list": rule(
        kab_admin=OK, province_admin=OK, others=NOT_FOUND
    ),
    "blangkon_api_routers_products_curation_bulk_approve": CURATION_API,
    "blangkon_api_routers_products_curation_approve": CURATION_API,
    "blangkon_api_routers_products_curation_request_revision": CURATION_API,
    "blangkon_api_routers_products_curation_reject": CURATION_API,
    "blangkon_api_routers_products_curation_reject_changes": rule(
        kab_admin=OWN, province_admin=OK, others=FORBIDDEN, fill=CHANGES
    ),
    "blangkon_api_routers_products_curation_reject_price": rule(
        kab_admin=OWN, province_admin=OK, others=FORBIDDEN, fill=CHANGES
    ),
    # ... and a vendor reaches it here with a curator's reason.
    "blangkon_api_routers_products_curation_take_down": rule(
        kab_admin=OWN,
        province_admin=OK,
        vendor=Scoped(INVALID, NOT_FOUND),
        others=FORBIDDEN,
        fill=LIVE,
    ),
    # --- products: public ---
    "blangkon_api_routers_products_product_public": rule(anonymous=OK, others=OK, fill=LIVE),
    # --- documents: uploads go to the caller's own organisation (or, for a
    # pendamping, a vendor they registered); "other" names another's ---
    "blangkon_api_routers_documents_document_upload": rule(others=OWN),
    "blangkon_api_routers_documents_document_detail": file_readers(anonymous=LOGIN),
    "blangkon_api_routers_documents_document_content": file_readers(anonymous=LOGIN),
    # --- bulk upload ---
    "blangkon_api_routers_bulk_bulk_upload_create": VENDOR_ONLY,
    "blangkon_api_routers_bulk_bulk_upload_detail": VENDOR_OWN,
    "blangkon_api_routers_bulk_bulk_upload_error_report": VENDOR_OWN,
    # --- cart ---
    "blangkon_api_routers_cart_cart_get": CART,
    "blangkon_api_routers_cart_cart_line_add": CART,
    "blangkon_api_routers_cart_cart_line_update": CART_LINE,
    "blangkon_api_routers_cart_cart_line_remove": CART_LINE,
    # --- notifications ---
    "blangkon_api_routers_notifications_notification_list": SIGNED_IN,
    "blangkon_api_routers_notifications_notification_read": NOTIFICATION,
    # --- orders: the parties, the kab/kota of the OPD, the province and the auditor read ---
    "blangkon_api_routers_orders_order_get": ORDER_READERS,
    "blangkon_api_routers_orders_order_list": ORDER_LISTERS,
    # --- orders: the writes. A draft: the buying official only (anyone else has no cart
    # and no draft: 404). The moves, tried on the side's draft ---
    "blangkon_api_routers_order_writes_order_create": rule(buyer=OK, others=NOT_FOUND),
    "blangkon_api_routers_order_writes_order_submit": order_move(buyer=OWN),
    "blangkon_api_routers_order_writes_order_approve": order_move(ppk=REFUSED_BY_THE_TABLE),
    "blangkon_api_routers_order_writes_order_accept": order_move(vendor=REFUSED_BY_THE_TABLE),
    "blangkon_api_routers_order_writes_order_decline": order_move(vendor=REFUSED_BY_THE_TABLE),
    "blangkon_api_routers_order_writes_order_ship": order_move(vendor=REFUSED_BY_THE_TABLE),
    # The inspection judges the state first (see order_receiving), so every reader is refused alike.
    "blangkon_api_routers_order_writes_order_receive": ORDER_STEP_REFUSED,
    "blangkon_api_routers_order_writes_order_send_back": order_move(ppk=REFUSED_BY_THE_TABLE),
    "blangkon_api_routers_order_writes_order_sign_bast": order_move(
        ppk=REFUSED_BY_THE_TABLE, vendor=REFUSED_BY_THE_TABLE
    ),
    # The PP who built it and the PPK of its OPD both cancel a draft.
    "blangkon_api_routers_order_writes_order_cancel": order_move(buyer=OWN, ppk=OWN),
    "blangkon_api_routers_order_writes_order_dispute": order_move(
        ppk=REFUSED_BY_THE_TABLE, vendor=REFUSED_BY_THE_TABLE
    ),
    "blangkon_api_routers_order_writes_order_resolve_dispute": order_move(
        kab_admin=REFUSED_BY_THE_TABLE
    ),
    # --- paying: the bendahara of the ordering OPD pays an invoiced order (not
    # its PP or PPK); a user of the vendor confirms the money of a paid one ---
    "blangkon_api_routers_payments_order_pay": ORDER_PAYER,
    "blangkon_api_routers_payments_order_complete": order_move("dibayar", vendor=OWN),
    "blangkon_api_routers_order_receiving_order_receiver_set": ORDER_STEP_REFUSED,
    "blangkon_api_routers_order_receiving_order_inspection": ORDER_STEP_REFUSED,
    "blangkon_api_routers_order_writes_order_payment_channel": bendahara_move(),
    "blangkon_api_routers_invoices_order_invoice": order_move("bast_ditandatangani", vendor=OWN),
    # --- payments: the bendahara of the OPD asks for a VA (refused on the draft by its
    # state, 400); the order's other readers may not (403); nobody else knows it ---
    "blangkon_api_routers_virtual_accounts_order_va_issue": BENDAHARA_STEP_REFUSED,
    # The bank's callback: no session or token, authenticated by the HMAC signature of
    # its body. Unsigned, every caller is refused (401) and nothing is paid; the refusal
    # is logged (probe.LOGGED_REFUSALS). Its answers hold codes only, no personal data.
    "blangkon_api_routers_virtual_accounts_bank_callback": rule(anonymous=LOGIN, others=LOGIN),
    # --- negotiation of a draft order (probed with one open where noted in probe.py) ---
    "blangkon_api_routers_negotiations_negotiation_get": ORDER_READERS,
    # One is open already (negotiation_open), so every reader is refused alike.
    "blangkon_api_routers_negotiations_negotiation_open": ORDER_STEP_REFUSED,
    "blangkon_api_routers_negotiations_negotiation_counter": NEGOTIATION_VENDOR_TURN,
    "blangkon_api_routers_negotiations_negotiation_accept": NEGOTIATION_VENDOR_TURN,
    # None is open (no_open_negotiation), so every reader is refused alike.
    "blangkon_api_routers_negotiations_negotiation_withdraw": ORDER_STEP_REFUSED,
    # --- an issued document's public check, by the code printed on it ---
    "blangkon_api_routers_paperwork_document_verify": PUBLIC,
    # The order's PDFs for machines: its readers, from the PPK's signature on.
    "blangkon_api_routers_paperwork_order_document": order_readers("menunggu_konfirmasi"),
    # --- ratings: the order's state is judged first (the estate's order is a draft, not
    # completed), so every reader is refused alike; a vendor's published ratings are public ---
    "blangkon_api_routers_ratings_order_rate": ORDER_STEP_REFUSED,
    "blangkon_api_routers_ratings_order_rating_reply": ORDER_STEP_REFUSED,
    "blangkon_api_routers_ratings_vendor_ratings": PUBLIC,
}

ROUTES: dict[str, Rule] = {**PAGES, **API}
