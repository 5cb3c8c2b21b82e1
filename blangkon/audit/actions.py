"""Every audit action code, what it says to a reader, and the kind it belongs to.

Pure data (imports no model): the audit viewer turns a row into a sentence
from its entry here, and the filter's "kind of action" select is built from
KINDS. An action code written anywhere in blangkon/ must have an entry:
`blangkon/audit/tests/test_actions.py` scans the source for the codes the
services write (and the state machines' `<machine>.<status>` codes) and fails
on one that is missing. A code in an old row that is no longer written keeps
its entry, so the row still reads; an unknown one falls back to a generic
sentence (`action_entry`).

A sentence is a gettext msgid with two placeholders: `%(actor)s` (who, as
their role, with their name) and `%(object)s` (what, linked where the reader
may open it). It starts with the actor, so the viewer capitalises the role.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Kind:
    """A kind of action, as the filter offers it."""

    code: str
    label: Promise
    group: Promise


@dataclass(frozen=True)
class ActionEntry:
    code: str
    kind: str
    sentence: Promise
    # The sentence when the row's details hold this key with a true value
    # (a vendor verified again after a sanction is a sanction lifted).
    variants: tuple[tuple[str, Promise], ...] = ()


ACCOUNTS = pgettext_lazy("audit kind group", "Accounts")
VENDORS = pgettext_lazy("audit kind group", "Vendors")
CATALOG = pgettext_lazy("audit kind group", "Catalog")
PROCUREMENT = pgettext_lazy("audit kind group", "Procurement")
RECORDS = pgettext_lazy("audit kind group", "Documents and records")

KINDS: tuple[Kind, ...] = (
    Kind("sign_in", _("Sign-in and sign-out"), ACCOUNTS),
    Kind("users", _("User accounts"), ACCOUNTS),
    Kind("organisations", _("OPDs and local governments"), ACCOUNTS),
    Kind("api_tokens", _("API tokens"), ACCOUNTS),
    Kind("vendor_registration", _("Vendor registration"), VENDORS),
    Kind("vendor_verification", _("Vendor verification"), VENDORS),
    Kind("vendor_sanctions", _("Vendor sanctions"), VENDORS),
    Kind("certificates", _("Certificates"), VENDORS),
    Kind("training", _("Training"), VENDORS),
    Kind("products", _("Product listings"), CATALOG),
    Kind("curation", _("Product curation"), CATALOG),
    Kind("bulk_uploads", _("Bulk uploads"), CATALOG),
    Kind("synonyms", _("Search synonyms"), CATALOG),
    Kind("procurement_rules", _("Procurement rules"), PROCUREMENT),
    Kind("holidays", _("Holidays and working days"), PROCUREMENT),
    Kind("orders", _("Orders"), PROCUREMENT),
    Kind("inaproc", _("INAPROC packages"), PROCUREMENT),
    Kind("order_checks", _("Order approvals and BAST"), PROCUREMENT),
    Kind("red_flags", _("Reviews of indicators"), PROCUREMENT),
    Kind("documents", _("Documents"), RECORDS),
    Kind("audit", _("Audit log"), RECORDS),
)
KIND_BY_CODE = {kind.code: kind for kind in KINDS}


def _entries(*entries: ActionEntry) -> dict[str, ActionEntry]:
    registry = {entry.code: entry for entry in entries}
    assert len(registry) == len(entries), "an action code is listed twice"
    unknown = {entry.kind for entry in entries} - set(KIND_BY_CODE)
    assert not unknown, f"unknown kinds: {unknown}"
    return registry


E = ActionEntry
ACTIONS: dict[str, ActionEntry] = _entries(
    # --- sign-in (accounts/authentication.py, accounts/services.py) ---
    E("auth.login", "sign_in", _("%(actor)s signed in")),
    E("auth.login_link", "sign_in", _("%(actor)s signed in with a mailed link")),
    E("auth.mail_link_sent", "sign_in", _("A sign-in link was mailed to %(object)s")),
    E(
        "auth.locked_out",
        "sign_in",
        _("Sign-in to the account %(object)s was paused after repeated wrong passwords"),
    ),
    E("auth.sign_ins_ended", "sign_in", _("%(actor)s ended every sign-in of %(object)s")),
    # --- user accounts ---
    E("user.create", "users", _("%(actor)s created the account %(object)s")),
    E("user.activate", "users", _("%(actor)s activated the account %(object)s")),
    E("user.deactivate", "users", _("%(actor)s deactivated the account %(object)s")),
    E("user.password_set", "users", _("%(actor)s set a new password for %(object)s")),
    # --- organisations ---
    E("opd.create", "organisations", _("%(actor)s added the OPD %(object)s")),
    E("opd.address_add", "organisations", _("%(actor)s added the delivery address %(object)s")),
    E(
        "pemda.set_joined",
        "organisations",
        _("%(actor)s set the joining date of %(object)s"),
    ),
    # --- API tokens ---
    E("api_token.issue", "api_tokens", _("%(actor)s created the API token %(object)s")),
    E("api_token.revoke", "api_tokens", _("%(actor)s revoked the API token %(object)s")),
    # --- vendor registration (vendors/services/registration.py, machine "vendor") ---
    E("vendor.register", "vendor_registration", _("%(actor)s registered the vendor %(object)s")),
    E(
        "vendor.register_assisted",
        "vendor_registration",
        _("%(actor)s registered the vendor %(object)s on the owner's behalf"),
    ),
    E(
        "vendor.owner_link_resend",
        "vendor_registration",
        _("%(actor)s sent the owner's confirmation link of %(object)s again"),
    ),
    E(
        "vendor.owner_confirm",
        "vendor_registration",
        _("%(actor)s confirmed the registration of %(object)s"),
    ),
    E(
        "vendor.update_draft",
        "vendor_registration",
        _("%(actor)s edited the registration of %(object)s"),
    ),
    E(
        "vendor.document_add",
        "vendor_registration",
        _("%(actor)s uploaded a document for %(object)s"),
    ),
    E("vendor.draft", "vendor_registration", _("%(actor)s started the registration of %(object)s")),
    E(
        "vendor.submitted",
        "vendor_registration",
        _("%(actor)s sent the registration of %(object)s for verification"),
    ),
    # --- vendor verification and sanctions ---
    E(
        "vendor.verified",
        "vendor_verification",
        _("%(actor)s verified the vendor %(object)s"),
        variants=(("lifted", _("%(actor)s lifted the sanction on the vendor %(object)s")),),
    ),
    E(
        "vendor.revision_requested",
        "vendor_verification",
        _("%(actor)s asked %(object)s to revise its registration"),
    ),
    E(
        "vendor.rejected",
        "vendor_verification",
        _("%(actor)s rejected the registration of %(object)s"),
    ),
    E("vendor.suspended", "vendor_sanctions", _("%(actor)s suspended the vendor %(object)s")),
    E("vendor.banned", "vendor_sanctions", _("%(actor)s banned the vendor %(object)s")),
    # --- certificates ---
    E("certificate.add", "certificates", _("%(actor)s added the certificate %(object)s")),
    E("certificate.valid", "certificates", _("%(actor)s renewed the certificate %(object)s")),
    E("certificate.expired", "certificates", _("The certificate %(object)s expired")),
    # --- training ---
    E("training.create", "training", _("%(actor)s recorded the training %(object)s")),
    E(
        "training.attendance_add",
        "training",
        _("%(actor)s recorded who attended the training %(object)s"),
    ),
    # --- products (catalog/services.py, machine "product") ---
    E("product.create", "products", _("%(actor)s created the product %(object)s")),
    E("product.update", "products", _("%(actor)s edited the product %(object)s")),
    E("product.image_add", "products", _("%(actor)s added a photo to the product %(object)s")),
    E(
        "product.image_remove",
        "products",
        _("%(actor)s removed a photo from the product %(object)s"),
    ),
    E("product.draft", "products", _("%(actor)s started the product %(object)s as a draft")),
    E(
        "product.submitted",
        "products",
        _("%(actor)s sent the product %(object)s for curation"),
    ),
    # --- curation ---
    E("product.tayang", "curation", _("%(actor)s approved the product %(object)s")),
    E(
        "product.revision_requested",
        "curation",
        _("%(actor)s asked for a revision of the product %(object)s"),
    ),
    E("product.rejected", "curation", _("%(actor)s rejected the product %(object)s")),
    E("product.turun_tayang", "curation", _("%(actor)s took down the product %(object)s")),
    E(
        "product_change.pending",
        "products",
        _("%(actor)s proposed changes to the live product %(object)s"),
    ),
    E(
        "product_change.approved",
        "curation",
        _("%(actor)s approved the changes to the product %(object)s"),
    ),
    E(
        "product_change.rejected",
        "curation",
        _("%(actor)s rejected the changes to the product %(object)s"),
    ),
    E(
        "product_change.withdrawn",
        "products",
        _("%(actor)s withdrew the changes to the product %(object)s"),
    ),
    # --- bulk uploads (catalog/bulk/, machine "bulk_upload") ---
    E("bulk_upload.create", "bulk_uploads", _("%(actor)s uploaded the product file %(object)s")),
    E("bulk_upload.queued", "bulk_uploads", _("The product file %(object)s was queued")),
    E("bulk_upload.running", "bulk_uploads", _("The import of the product file %(object)s began")),
    E("bulk_upload.done", "bulk_uploads", _("The import of the product file %(object)s finished")),
    E("bulk_upload.failed", "bulk_uploads", _("The import of the product file %(object)s failed")),
    # --- INAPROC packages (inaproc/services.py) ---
    E("inaproc.import", "inaproc", _("%(actor)s imported a file of INAPROC packages")),
    E(
        "inaproc.satker_mapped",
        "inaproc",
        _("%(actor)s mapped the INAPROC work unit %(object)s to an OPD"),
    ),
    # --- search synonyms ---
    E("search.synonym_saved", "synonyms", _("%(actor)s saved the search synonyms %(object)s")),
    E(
        "search.synonym_deleted",
        "synonyms",
        _("%(actor)s deleted the search synonyms %(object)s"),
    ),
    # --- orders (orders/order_services.py, machine "order") ---
    E("order.draft", "orders", _("%(actor)s checked out the order %(object)s from the cart")),
    E(
        "order.menunggu_persetujuan",
        "orders",
        _("%(actor)s submitted the order %(object)s for approval"),
    ),
    E(
        "order.menunggu_konfirmasi",
        "order_checks",
        _("%(actor)s approved and signed the Surat Pesanan of the order %(object)s"),
    ),
    E("order.diproses", "orders", _("%(actor)s set the order %(object)s to be prepared")),
    E("order.dikirim", "orders", _("%(actor)s shipped the order %(object)s")),
    E(
        "order.diterima",
        "order_checks",
        _("%(actor)s received the order %(object)s"),
        variants=(
            (
                "partial",
                _("%(actor)s accepted part of the order %(object)s, with its value adjusted"),
            ),
        ),
    ),
    E(
        "order.receiver_appointed",
        "order_checks",
        _("%(actor)s appointed the receiver of the order %(object)s"),
    ),
    E(
        "order.receiver_removed",
        "order_checks",
        _("%(actor)s removed the appointed receiver of the order %(object)s"),
    ),
    E(
        "order.bast_ditandatangani",
        "order_checks",
        _("%(actor)s completed the signatures of the BAST of the order %(object)s"),
    ),
    E("bast.signed", "order_checks", _("%(actor)s signed the BAST of the order %(object)s")),
    E("order.ditagih", "orders", _("%(actor)s invoiced the order %(object)s")),
    E(
        "order.payment_channel_changed",
        "orders",
        _("%(actor)s changed how the order %(object)s will be paid"),
    ),
    E("order.dibatalkan", "orders", _("%(actor)s cancelled the order %(object)s")),
    E("order.ditolak", "orders", _("%(actor)s declined the order %(object)s")),
    E(
        "order.batal_otomatis",
        "orders",
        _("The order %(object)s was cancelled automatically: nobody acted in time"),
    ),
    E("order.sengketa", "orders", _("%(actor)s opened a dispute on the order %(object)s")),
    # --- the order's issued PDFs (paperwork/services.py) ---
    E(
        "document.issued",
        "order_checks",
        _("A signed document of the order %(object)s was issued as a PDF, its fingerprint stored"),
    ),
    # --- paying (payments/payment_core.py, payments/payment_services.py) ---
    E("order.dibayar", "orders", _("%(actor)s recorded the payment of the order %(object)s")),
    E(
        "order.selesai",
        "orders",
        _("%(actor)s confirmed that the money of the order %(object)s arrived"),
        variants=(
            (
                "automatic",
                _("The order %(object)s was completed automatically after its payment"),
            ),
        ),
    ),
    # --- ratings after an order is completed (ratings/services.py) ---
    E("rating.vendor_rated", "orders", _("%(actor)s rated the vendor of the order %(object)s")),
    E("rating.opd_rated", "orders", _("%(actor)s rated the OPD of the order %(object)s")),
    E(
        "rating.replied",
        "orders",
        _("%(actor)s replied to the PPK's rating of the order %(object)s"),
    ),
    E("rating.published", "orders", _("The ratings of the order %(object)s were published")),
    # --- negotiation of a draft order (orders/negotiation_services.py) ---
    E(
        "negotiation.opened",
        "orders",
        _("%(actor)s opened a negotiation of the order %(object)s with a first offer"),
    ),
    E(
        "negotiation.countered",
        "orders",
        _("%(actor)s answered the negotiation of the order %(object)s with a new offer"),
    ),
    E(
        "negotiation.agreed",
        "orders",
        _("%(actor)s accepted the last offer of the negotiation of the order %(object)s"),
    ),
    E(
        "negotiation.withdrawn",
        "orders",
        _("%(actor)s withdrew the negotiation of the order %(object)s"),
    ),
    E(
        "negotiation.expired",
        "orders",
        _("The negotiation of the order %(object)s expired: nobody answered in time"),
    ),
    # --- paying by virtual account (payments/va_services.py) ---
    E(
        "va.issued",
        "orders",
        _("%(actor)s created a virtual account for paying the order %(object)s"),
    ),
    # --- procurement rules and the holiday calendar (procurement/services.py) ---
    E(
        "procurement.rule_created",
        "procurement_rules",
        _("%(actor)s added the procurement rules version %(object)s"),
    ),
    E(
        "procurement.rule_deleted",
        "procurement_rules",
        _("%(actor)s deleted the procurement rules version %(object)s before it took effect"),
    ),
    E(
        "procurement.holiday_added",
        "holidays",
        _("%(actor)s made %(object)s a non-working day"),
    ),
    E(
        "procurement.holiday_removed",
        "holidays",
        _("%(actor)s made %(object)s a working day"),
    ),
    # --- the review of an indicator (red_flags/services.py, machine "red_flag") ---
    E("red_flag.reviewed", "red_flags", _("%(actor)s marked the indicator %(object)s reviewed")),
    E("red_flag.dismissed", "red_flags", _("%(actor)s dismissed the indicator %(object)s")),
    E("red_flag.open", "red_flags", _("%(actor)s reopened the indicator %(object)s")),
    # --- documents ---
    E("document.upload", "documents", _("%(actor)s uploaded the file %(object)s")),
    E("document.thumbnail", "documents", _("A small copy of the photo %(object)s was made")),
    E("document.read", "documents", _("%(actor)s opened the document %(object)s")),
    E(
        "payments.withholding_exported",
        "documents",
        _("%(actor)s downloaded the taxes withheld by %(object)s as a spreadsheet"),
    ),
    # --- the open-data files of the public register (transparency/services.py) ---
    E(
        "opendata.publish_requested",
        "audit",
        _("%(actor)s asked for the open-data files to be written again"),
    ),
    # --- the audit log itself ---
    E("audit.export", "audit", _("%(actor)s exported the audit log")),
)

# The sentence of a code no entry knows (an old row of a code since removed).
FALLBACK_SENTENCE = _("%(actor)s did “%(action)s” on %(object)s")


def action_entry(code: str) -> ActionEntry | None:
    return ACTIONS.get(code)


def action_codes_of_kind(kind: str) -> list[str]:
    return sorted(entry.code for entry in ACTIONS.values() if entry.kind == kind)


def grouped_kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The kinds for a grouped select: [(group, [(kind code, label), ...]), ...]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for kind in KINDS:
        groups.setdefault(str(kind.group), []).append((kind.code, str(kind.label)))
    return list(groups.items())
