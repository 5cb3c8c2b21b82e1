"""One OCDS contracting process per order the PPK signed, and one release per
step the order has reached (docs/design/transparency.md § 10, ADR 0033).

Pure functions of an order loaded with its OPD, vendor, lines and payment
(selectors.py loads them per chunk): no query here. What a release names is
public by design: the OPD and the vendor by their names and Blangkon's ids,
products by name and category, whole rupiah. Never a person: no official, no
NIK, NPWP, bank account, phone, e-mail, address of a street, or the free text
of a reason (which could name one).
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from blangkon.orders.models import Order, OrderLine
from blangkon.orders.status import OrderStatus as S

JAKARTA = ZoneInfo("Asia/Jakarta")
CURRENCY = "IDR"
LANGUAGE = "id"
# Custom schemes (OCDS allows "X-" names): Blangkon's own ids, documented in
# docs/design/transparency.md § 10.
CATEGORY_SCHEME = "X-BLANGKON-KATEGORI"
ORGANISATION_SCHEME = "X-BLANGKON-ORGANISASI"
VENDOR_SCHEME = "X-BLANGKON-PENYEDIA"
METHOD_DETAILS = "E-purchasing toko daring (Blangkon)"

# The steps in the order of the process; a release per step reached. Steps
# on the same moment (award and contract: the PPK's signature) keep this order.
STEP_TAGS: dict[str, str] = {
    "tender": "tender",  # the PP submitted the order
    "award": "award",  # the PPK signed: the vendor is chosen ...
    "contract": "contract",  # ... and the Surat Pesanan is the contract
    "accepted": "contractUpdate",  # the vendor confirmed: the contract is in force
    "delivered": "implementation",  # received and inspected
    "disputed": "implementationUpdate",  # the PPK disputed the delivery
    "bast": "implementation",  # the BAST signed
    "invoiced": "implementation",  # the vendor's invoice
    "paid": "implementation",  # the payment
    "ended": "contractTermination",  # completed, declined, timed out or cancelled
}
STEPS = tuple(STEP_TAGS)
ENDINGS: dict[str, tuple[str, str]] = {
    S.SELESAI: ("completed_at", "Selesai: barang diterima dan dibayar."),
    S.DITOLAK: ("declined_at", "Ditolak oleh penyedia."),
    S.BATAL_OTOMATIS: ("timed_out_at", "Batal otomatis: tidak ditanggapi dalam batas waktu."),
    S.DIBATALKAN: ("cancelled_at", "Dibatalkan."),
}
STEP_FIELDS: dict[str, str] = {
    "award": "approved_at",
    "contract": "approved_at",
    "accepted": "accepted_at",
    "delivered": "received_at",
    "disputed": "disputed_at",
    "bast": "bast_signed_at",
    "invoiced": "invoiced_at",
    "paid": "paid_at",
}
# Every date a release can take, for the window's filter in SQL.
DATE_FIELDS = (
    "submitted_at",
    *dict.fromkeys(STEP_FIELDS.values()),
    *(field for field, _text in ENDINGS.values()),
)


@dataclass(frozen=True)
class Step:
    name: str
    date: datetime.datetime


def ocid(order: Order) -> str:
    """The registered prefix, then the order's number with dashes: the
    number ("BLK/2026/000123") is already public on the order's documents."""
    return f"{settings.OCDS_OCID_PREFIX}-{order.number.replace('/', '-')}"


def _end_date(order: Order) -> datetime.datetime | None:
    ending = ENDINGS.get(order.status)
    return getattr(order, ending[0]) if ending else None


def order_steps(order: Order) -> list[Step]:
    """The steps the order has reached, by date. None before the PPK signs."""
    if order.approved_at is None:
        return []
    dates: dict[str, datetime.datetime | None] = {
        "tender": order.submitted_at or order.approved_at,
        **{name: getattr(order, field) for name, field in STEP_FIELDS.items()},
        "ended": _end_date(order),
    }
    steps = [Step(name, date) for name, date in dates.items() if date is not None]
    return sorted(steps, key=lambda step: (step.date, STEPS.index(step.name)))


def when(moment: datetime.datetime | datetime.date) -> str:
    """RFC 3339 in Asia/Jakarta, to the second; a date is its day's end."""
    return _when(moment)


@lru_cache(maxsize=4096)  # the same moments recur in each release of an order
def _when(moment: datetime.datetime | datetime.date) -> str:
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(23, 59, 59), tzinfo=JAKARTA)
    return moment.astimezone(JAKARTA).isoformat(timespec="seconds")


def _value(amount: int) -> dict[str, Any]:
    return {"amount": int(amount), "currency": CURRENCY}


def _memo[T](order: Order, key: str, make: Callable[[], T]) -> T:
    """What every release of the order shares, made once per order (a million
    orders make several million releases). Never changed once made."""
    memo = order.__dict__.setdefault("_ocds_memo", {})
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _opd_ref(order: Order) -> dict[str, str]:
    return _memo(order, "opd", lambda: {"id": f"opd-{order.opd_id}", "name": order.opd.name})


def _vendor_ref(order: Order) -> dict[str, str]:
    return _memo(
        order,
        "vendor",
        lambda: {"id": f"penyedia-{order.vendor_id}", "name": order.vendor.organisation.name},
    )


@lru_cache(maxsize=1024)
def _place(locality: str, province: str) -> dict[str, str]:
    return {"locality": locality, "region": province, "countryName": "Indonesia"}


def _address(region: Any) -> dict[str, str]:
    """The kab/kota and the province only: never a street."""
    province = region.parent.name if region.parent_id else region.name
    return _place(region.name, province)


def _parties(order: Order, reached: set[str]) -> list[dict[str, Any]]:
    paid = "paid" in reached
    opd = {
        **_opd_ref(order),
        "identifier": {
            "scheme": ORGANISATION_SCHEME,
            "id": str(order.opd_id),
            "legalName": order.opd.name,
        },
        "address": _address(order.opd.region),
        "roles": ["buyer", "procuringEntity", *(["payer"] if paid else [])],
    }
    organisation = order.vendor.organisation
    vendor = {
        **_vendor_ref(order),
        # The vendor's id in Blangkon (its storefront's): never the NIK or NPWP.
        "identifier": {
            "scheme": VENDOR_SCHEME,
            "id": str(order.vendor_id),
            "legalName": organisation.name,
        },
        "address": _address(organisation.region),
        # The order names its vendor: the one tenderer of a direct purchase.
        "roles": [
            "tenderer",
            *(["supplier"] if "award" in reached else []),
            *(["payee"] if paid else []),
        ],
    }
    return [opd, vendor]


def _item(position: int, line: OrderLine) -> dict[str, Any]:
    return {
        "id": str(position),
        "description": line.name,
        "classification": {
            "scheme": CATEGORY_SCHEME,
            "id": line.category.slug,
            "description": line.category.name,
        },
        "quantity": line.quantity,
        "unit": {"name": line.unit, "value": _value(line.unit_price)},
    }


def _items(order: Order) -> list[dict[str, Any]]:
    return _memo(
        order,
        "items",
        lambda: [_item(position, line) for position, line in enumerate(order.lines.all(), 1)],
    )


def _tender(order: Order, reached: set[str], *, full: bool) -> dict[str, Any]:
    tender: dict[str, Any] = {
        "id": order.number,
        "status": "complete" if "award" in reached else "active",
    }
    if full:
        tender |= {
            "title": f"Pesanan {order.number}",
            "procurementMethod": "direct",
            "procurementMethodDetails": METHOD_DETAILS,
            "procuringEntity": _opd_ref(order),
            "items": _items(order),
            "value": _value(order.total),
            "numberOfTenderers": 1,
            "tenderers": [_vendor_ref(order)],
        }
    return tender


def _never_in_force(reached: set[str]) -> bool:
    return "ended" in reached and "accepted" not in reached


def _award(order: Order, reached: set[str], *, full: bool) -> dict[str, Any]:
    award: dict[str, Any] = {
        "id": order.number,
        "status": "cancelled" if _never_in_force(reached) else "active",
    }
    if full:
        award |= {
            "date": when(order.approved_at),  # type: ignore[arg-type]
            "value": _value(order.total),
            "suppliers": [_vendor_ref(order)],
            "items": _items(order),
        }
    return award


def _contract_status(reached: set[str]) -> str:
    if "ended" in reached:
        return "terminated" if "accepted" in reached else "cancelled"
    return "active" if "accepted" in reached else "pending"


def _delivery_milestone(order: Order, reached: set[str]) -> dict[str, Any]:
    milestone: dict[str, Any] = {
        "id": "pengiriman",
        "title": "Pengiriman dan pemeriksaan barang",
        "type": "delivery",
        "dueDate": when(order.requested_arrival),
        "status": "scheduled",
    }
    received = order.received_at if "delivered" in reached else None
    disputed = order.disputed_at if "disputed" in reached else None
    if received and not (disputed and disputed > received):
        milestone["status"] = "partiallyMet" if order.partially_accepted else "met"
        milestone["dateMet"] = milestone["dateModified"] = when(received)
    elif disputed:
        milestone["status"] = "notMet"
        milestone["dateModified"] = when(disputed)
    return milestone


def _milestones(order: Order, reached: set[str]) -> list[dict[str, Any]]:
    bast: dict[str, Any] = {
        "id": "bast",
        "title": "Berita Acara Serah Terima (BAST)",
        "type": "approval",
        "status": "scheduled",
    }
    if "bast" in reached:
        bast |= {"status": "met", "dateMet": when(order.bast_signed_at)}  # type: ignore[arg-type]
    milestones = [_delivery_milestone(order, reached), bast]
    if "invoiced" in reached or "paid" in reached:
        payment: dict[str, Any] = {"id": "pembayaran", "title": "Pembayaran", "type": "payment"}
        if "paid" in reached:
            payment |= {"status": "met", "dateMet": when(order.paid_at)}  # type: ignore[arg-type]
        else:
            payment |= {"status": "scheduled", "dateModified": when(order.invoiced_at)}  # type: ignore[arg-type]
        milestones.append(payment)
    return milestones


def _transactions(order: Order) -> list[dict[str, Any]]:
    """The money actually paid to the vendor (the invoice's net), once."""
    payment = getattr(order, "payment", None)
    if payment is None:
        return []
    return [
        {
            "id": f"{order.number}-pembayaran",
            "date": _paid_when(order, payment.paid_on),
            "value": _value(payment.amount),
            "payer": _opd_ref(order),
            "payee": _vendor_ref(order),
        }
    ]


def _paid_when(order: Order, paid_on: datetime.date) -> str:
    """The moment recorded when it is on the payment's day; else the day's start."""
    if order.paid_at and timezone.localdate(order.paid_at, JAKARTA) == paid_on:
        return when(order.paid_at)
    return when(datetime.datetime.combine(paid_on, datetime.time(), tzinfo=JAKARTA))


def _contract(order: Order, reached: set[str], step: str) -> dict[str, Any]:
    contract: dict[str, Any] = {
        "id": f"SP/{order.number}",
        "awardID": order.number,
        "status": _contract_status(reached),
    }
    if step == "contract":
        contract |= {
            "title": f"Surat Pesanan SP/{order.number}",
            "dateSigned": when(order.approved_at),  # type: ignore[arg-type]
            "value": _value(order.total),
            "items": _items(order),
            "period": {
                "startDate": when(order.approved_at),  # type: ignore[arg-type]
                "endDate": when(order.requested_arrival),
            },
        }
    if step == "ended":
        contract["description"] = _ending_text(order)
    if "accepted" in reached:
        implementation: dict[str, Any] = {"milestones": _milestones(order, reached)}
        if "paid" in reached and (transactions := _transactions(order)):
            implementation["transactions"] = transactions
        contract["implementation"] = implementation
    return contract


def _ending_text(order: Order) -> str:
    if order.status == S.DIBATALKAN and order.disputed_at:
        return "Dibatalkan setelah sengketa."
    return ENDINGS[order.status][1]


def release(order: Order, steps: list[Step], index: int) -> dict[str, Any]:
    """The release of `steps[index]`: what the order was at that step. The
    sections of its own step in full; the others as their status."""
    step = steps[index]
    reached = {s.name for s in steps[: index + 1]}
    body: dict[str, Any] = {
        "ocid": ocid(order),
        "id": f"{ocid(order)}-{step.name}",
        "date": when(step.date),
        "tag": [STEP_TAGS[step.name]],
        "initiationType": "tender",
        "language": LANGUAGE,
        "parties": _parties(order, reached),
        "buyer": _opd_ref(order),
        "tender": _tender(order, reached, full=step.name == "tender"),
    }
    if "award" in reached:
        body["awards"] = [_award(order, reached, full=step.name == "award")]
    if "contract" in reached:
        body["contracts"] = [_contract(order, reached, step.name)]
    return body


def releases_of(order: Order) -> Iterator[dict[str, Any]]:
    """Every release of the order, by date."""
    steps = order_steps(order)
    for index in range(len(steps)):
        yield release(order, steps, index)
