"""Every notification code and the sentence it shows its reader.

Pure data (imports no model). A notification stores its code and the values of
the sentence's placeholders, not the sentence: it is rendered when it is read,
in the reader's language (the page's, or the site's for a mail), like the
audit log's action sentences (audit/actions.py). A caller that adds a code
adds its sentence here; `notify` refuses a code without one.

Placeholders are named (`%(vendor)s`), and their values are plain text the
caller passes (a vendor's or a product's name); templates escape them.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blangkon.core.moments import readable_moment

# The placeholders that hold a date or a moment (a deadline, a sanction's end):
# stored as ISO text (`core.moments.stored_moment`) and written in the reader's
# language when read, as the pages write dates. Notifications stored before
# hold them as text already written ("10/12/2026"), shown as they are.
MOMENT_PLACEHOLDERS = frozenset({"deadline", "until", "due"})

MESSAGES: dict[str, Promise] = {
    "vendor.submitted": _("%(vendor)s submitted its registration for verification."),
    # A verifier's decision, to the vendor's owner (vendors/services/verification.py).
    "vendor.verified": _("%(vendor)s is verified: its products can now go live in the catalog."),
    "vendor.revision_requested": _(
        "The verifier asked for changes to the registration of %(vendor)s: see the fields "
        "to fix on your dashboard."
    ),
    "vendor.rejected": _("The registration of %(vendor)s was rejected: %(note)s"),
    "vendor.suspended": _(
        "%(vendor)s is suspended through %(until)s: buyers do not see its products."
    ),
    "vendor.banned": _("%(vendor)s is barred from selling: buyers do not see its products."),
    "vendor.sanction_lifted": _("The sanction on %(vendor)s is lifted: it may sell again."),
    "product.revision_requested": _(
        "A curator asked for changes to %(product)s before it can go live."
    ),
    "product.approved": _("%(product)s was approved and is now live in the catalog."),
    # Orders: whoever must act next (orders/order_notifications.py).
    "order.submitted": _("Order %(number)s is waiting for your approval and signature."),
    "order.signed": _(
        "%(opd)s signed the Surat Pesanan of order %(number)s: accept or decline it by "
        "%(deadline)s."
    ),
    "order.accepted": _("%(vendor)s accepted order %(number)s and is preparing it."),
    "order.declined": _("%(vendor)s declined order %(number)s: %(reason)s"),
    "order.shipped": _("Order %(number)s was shipped: inspect it when it arrives."),
    "order.received": _("Order %(number)s was received: sign the BAST."),
    "order.sent_back": _("Order %(number)s was sent back to you: %(note)s"),
    "order.bast_signed_by_one": _(
        "The other party signed the BAST of order %(number)s: sign it too."
    ),
    "order.bast_signed": _("The BAST of order %(number)s is signed by both parties."),
    "order.cancelled": _("Order %(number)s was cancelled: %(reason)s"),
    "order.timed_out": _("Order %(number)s was cancelled automatically: no answer in time."),
    "order.disputed": _("A dispute was opened on order %(number)s: %(reason)s"),
    "order.dispute_resolved": _("The dispute on order %(number)s was resolved: %(reason)s"),
    "order.invoiced": _(
        "%(vendor)s invoiced order %(number)s: pay %(net)s to the vendor and remit the "
        "taxes withheld."
    ),
    "order.paid": _("Order %(number)s was paid: confirm that the money arrived."),
    "order.completed": _("Order %(number)s is completed: rate the other party."),
    "order.receiver_appointed": _(
        "You were appointed to receive and inspect the order %(order)s from %(vendor)s."
    ),
    # The payment clock (payments/clock_services.py), to the OPD's bendahara.
    "payment.reminder": _(
        "Pay order %(number)s of %(vendor)s (%(amount)s) by %(due)s, the payment deadline."
    ),
    "payment.overdue": _(
        "The payment of order %(number)s to %(vendor)s (%(amount)s) is late: it was due on %(due)s."
    ),
    # Ratings after an order is completed (ratings/services.py).
    "rating.asked": _(
        "%(party)s rated order %(number)s. Give your rating too by %(until)s: both are "
        "published once both are in."
    ),
    "rating.published": _("The ratings of order %(number)s are published."),
    "rating.replied": _("%(vendor)s replied to your rating of order %(number)s."),
    "negotiation.offer_from_buyer": _(
        "%(opd)s proposed new terms for a draft order: accept them or answer with your own."
    ),
    "negotiation.offer_from_vendor": _(
        "%(vendor)s answered your negotiation of a draft order with a new offer."
    ),
    "negotiation.agreed": _(
        "The negotiation of a draft order between %(opd)s and %(vendor)s was agreed."
    ),
    "negotiation.withdrawn": _("%(opd)s withdrew its negotiation of a draft order."),
    "negotiation.expired": _(
        "The negotiation of a draft order between %(opd)s and %(vendor)s expired unanswered."
    ),
}


def message_text(code: str, params: dict[str, Any]) -> str:
    """The sentence of `code` with `params`, in the active language. A code
    or a placeholder this version no longer knows reads as a generic sentence
    rather than failing the page."""
    sentence = MESSAGES.get(code)
    if sentence is None:
        return gettext("You have a new notification.")
    readable = {
        name: (readable_moment(value) or value)
        if name in MOMENT_PLACEHOLDERS and isinstance(value, str)
        else value
        for name, value in params.items()
    }
    try:
        return str(sentence) % readable
    except (KeyError, TypeError, ValueError):
        return gettext("You have a new notification.")
