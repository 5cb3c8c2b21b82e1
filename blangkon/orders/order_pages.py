"""What the order pages show besides the order itself: one entry per move (its
form, the service it calls, its words), the forms a reader may send now, the
history told for the reader, and the documents' facts."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blangkon.accounts.models import User
from blangkon.accounts.roles import VENDOR_ROLES
from blangkon.audit.acted_as import ACTED_AS
from blangkon.orders import order_access as access
from blangkon.orders import order_services as services
from blangkon.orders.actors import acted_as_of, acted_as_then, actor_label
from blangkon.orders.models import Order, OrderStatusChange
from blangkon.orders.order_forms import (
    ApproveForm,
    NoteForm,
    OrderForm,
    PaymentChannelForm,
    ReasonForm,
    ReceiveForm,
    ResolveForm,
    ShipForm,
)
from blangkon.orders.order_selectors import OrderDetail
from blangkon.orders.status import ACTION_SOURCES, INVOICED
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.transitions import ORDER_MACHINE

Run = Callable[[User, int, Mapping[str, Any]], Order]


@dataclass(frozen=True)
class Move:
    form: type[OrderForm]
    run: Run
    title: Promise
    button: Promise
    hint: Promise
    danger: bool = False

    def done(self, status: str) -> str:
        return _("Done. The order is now: %(status)s.") % {"status": ORDER_MACHINE.label(status)}


def _reason(service: Callable[..., Order]) -> Run:
    return lambda user, order_id, data: service(user=user, order_id=order_id, reason=data["reason"])


def _note(service: Callable[..., Order]) -> Run:
    return lambda user, order_id, data: service(user=user, order_id=order_id, note=data["note"])


def _plain(service: Callable[..., Order]) -> Run:
    return lambda user, order_id, _data: service(user=user, order_id=order_id)


def _receive(user: User, order_id: int, data: Mapping[str, Any]) -> Order:
    received = {
        int(name.removeprefix("line_")): value
        for name, value in data.items()
        if name.startswith("line_")
    }
    return services.order_receive(
        user=user,
        order_id=order_id,
        received=received,
        condition_ok=data["condition_ok"],
        on_time=data["on_time"],
        note=data["note"],
    )


# The API's action names that this page's forms name otherwise.
PAGE_NAMES = {"resolve-dispute": "resolve"}

MOVES: dict[str, Move] = {
    "submit": Move(
        OrderForm,
        _plain(services.order_submit),
        gettext_lazy("Submit to the PPK"),
        gettext_lazy("Submit for approval"),
        gettext_lazy(
            "The order gets its number and goes to the PPK of your OPD to approve and sign."
        ),
    ),
    "approve": Move(
        ApproveForm,
        lambda user, order_id, data: services.order_approve(
            user=user, order_id=order_id, split_justification=data.get("split_justification", "")
        ),
        gettext_lazy("Approve and sign the Surat Pesanan"),
        gettext_lazy("Approve and sign"),
        gettext_lazy(
            "Your signature commits the budget: the Surat Pesanan goes to the vendor and the "
            "stock is reserved."
        ),
    ),
    "accept": Move(
        OrderForm,
        _plain(services.order_accept),
        gettext_lazy("Accept the order"),
        gettext_lazy("Accept"),
        gettext_lazy("Accept to start preparing the goods."),
    ),
    "decline": Move(
        ReasonForm,
        _reason(services.order_decline),
        gettext_lazy("Decline the order"),
        gettext_lazy("Decline"),
        gettext_lazy("The buyer reads your reason; the reserved stock comes back."),
        danger=True,
    ),
    "ship": Move(
        ShipForm,
        lambda user, order_id, data: services.order_ship(
            user=user,
            order_id=order_id,
            courier=data["courier"],
            tracking_number=data["tracking_number"],
            own_delivery=data["own_delivery"],
        ),
        gettext_lazy("Ship the order"),
        gettext_lazy("Mark as shipped"),
        gettext_lazy("Enter the courier and the tracking number, or tick own delivery."),
    ),
    "receive": Move(
        ReceiveForm,
        _receive,
        gettext_lazy("Receive and inspect"),
        gettext_lazy("Record the receipt"),
        gettext_lazy(
            "Enter what arrived. The order is received only when everything arrived in good "
            "condition; a shortfall or damaged goods send it back to the vendor with your note."
        ),
    ),
    "send-back": Move(
        NoteForm,
        _note(services.order_send_back),
        gettext_lazy("Send back to the vendor"),
        gettext_lazy("Send back"),
        gettext_lazy(
            "For a problem found after the receipt: the vendor prepares the order again and any "
            "BAST signature is removed."
        ),
    ),
    "sign-bast": Move(
        OrderForm,
        _plain(services.order_sign_bast),
        gettext_lazy("Sign the BAST"),
        gettext_lazy("Sign the BAST"),
        gettext_lazy("The BAST is complete when both the PPK and the vendor have signed it."),
    ),
    "cancel": Move(
        ReasonForm,
        _reason(services.order_cancel),
        gettext_lazy("Cancel the order"),
        gettext_lazy("Cancel the order"),
        gettext_lazy(
            "A cancelled order cannot be restored; stock taken for it goes back to the vendor."
        ),
        danger=True,
    ),
    "dispute": Move(
        ReasonForm,
        _reason(services.order_dispute),
        gettext_lazy("Open a dispute"),
        gettext_lazy("Open a dispute"),
        gettext_lazy("The kab/kota admin reads both sides and decides."),
        danger=True,
    ),
    "resolve": Move(
        ResolveForm,
        lambda user, order_id, data: services.order_resolve_dispute(
            user=user, order_id=order_id, to=data["to"], reason=data["reason"]
        ),
        gettext_lazy("Resolve the dispute"),
        gettext_lazy("Resolve"),
        gettext_lazy("Your decision ends the dispute; both sides read your reason."),
    ),
}


def page_actions(user: User, detail: OrderDetail) -> list[str]:
    """The moves the reader may make now, as the selector lists them (the
    API's names), under the names of this page's forms."""
    actions = [PAGE_NAMES.get(name, name) for name in detail.next_actions]
    return [name for name in actions if name in MOVES]


@dataclass(frozen=True)
class Panel:
    action: str
    order_id: int
    url: str
    form: OrderForm
    move: Move


def action_panels(user: User, detail: OrderDetail, bound: Mapping[str, OrderForm]) -> list[Panel]:
    """A form for each move the reader may make now (a form sent back with a
    refusal keeps what was typed), and the refused one even when the reader
    may no longer make it, so its message shows where it was sent from."""
    actions = page_actions(user, detail)
    actions += [name for name in bound if name not in actions and name in MOVES]
    panels = []
    for action in actions:
        move = MOVES[action]
        form = bound.get(action) or move.form(lines=detail.lines, auto_id=f"{action}-%s")
        if action == "approve" and not getattr(form, "split_suspected", False):
            form.fields.pop("split_justification", None)  # asked only after a splitting refusal
        url = reverse(f"order:{action}", kwargs={"order_id": detail.order.pk})
        panels.append(Panel(action, detail.order.pk, url, form, move))
    return panels


def payment_channel_form(user: User, order: Order, bound: OrderForm | None) -> OrderForm | None:
    """The bendahara's choice of how the order will be paid, until the invoice
    (a form sent back with a refusal is shown to whoever sent it)."""
    if bound is not None:
        return bound
    if access.is_bendahara_of(user, order) and order.status in services.PAYMENT_CHANNEL_OPEN:
        return PaymentChannelForm(
            initial={"payment_channel": order.payment_channel}, auto_id="payment-channel-%s"
        )
    return None


def invoice_links(user: User, order: Order) -> dict[str, bool]:
    """Which of the invoice's pages (payments/invoice_urls.py, linked by URL
    name) the order page links to: issuing it, for the vendor after the BAST;
    reading it, for every reader once issued."""
    return {
        "issue": order.status in ACTION_SOURCES["invoice"] and access.is_vendor_of(user, order),
        "read": order.status in INVOICED,
    }


BADGES: dict[str, str] = {
    S.DRAFT: "badge-info",
    S.MENUNGGU_PERSETUJUAN: "badge-warning",
    S.MENUNGGU_KONFIRMASI: "badge-warning",
    S.DIPROSES: "badge-info",
    S.DIKIRIM: "badge-info",
    S.DITERIMA: "badge-ok",
    S.BAST_DITANDATANGANI: "badge-ok",
    S.DITAGIH: "badge-warning",
    S.DIBAYAR: "badge-ok",
    S.SELESAI: "badge-ok",
    S.DIBATALKAN: "badge-danger",
    S.DITOLAK: "badge-danger",
    S.BATAL_OTOMATIS: "badge-danger",
    S.SENGKETA: "badge-danger",
}


def status_badge(status: str) -> str:
    return BADGES.get(status, "badge-info")


def address_shown(order: Order, reader: User) -> bool:
    """The OPD's delivery address: to the vendor only once the PPK signed
    (the Surat Pesanan tells it where to deliver)."""
    return reader.role not in VENDOR_ROLES or order.approved_by_id is not None


@dataclass(frozen=True)
class HistoryRow:
    change: OrderStatusChange
    source: str
    target: str
    who: str


def history_rows(history: list[OrderStatusChange], *, reader: User) -> list[HistoryRow]:
    then = acted_as_then(history)
    return [
        HistoryRow(
            change=change,
            source=ORDER_MACHINE.label(change.from_status),
            target=ORDER_MACHINE.label(change.to_status),
            who=actor_label(change.actor, reader, change.to_status, then.get(change.pk)),
        )
        for change in history
    ]


@dataclass(frozen=True)
class SignatureRow:
    party: str
    who: str
    at: Any


def document_context(detail: OrderDetail, reader: User) -> dict[str, Any]:
    """The facts of the Surat Pesanan and the BAST, all from the order's snapshot."""
    order = detail.order
    signed = list(order.bast_signatures.select_related("signed_by__organisation"))
    then = acted_as_of(
        (signature.pk, {ACTED_AS: signature.acted_as}, signature.signed_by) for signature in signed
    )
    signatures = [
        SignatureRow(
            signature.party,
            actor_label(signature.signed_by, reader, then=then[signature.pk]),
            signature.signed_at,
        )
        for signature in signed
    ]
    return {
        "detail": detail,
        "order": order,
        "lines": detail.lines,
        "address": order.delivery_address,
        "ppk": order.approved_by,
        "rules": order.rules_version,
        "signatures": signatures,
        "complete": order.status == S.BAST_DITANDATANGANI,
    }
