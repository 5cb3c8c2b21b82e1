"""GET /red-flags: the red flags (indicators, not accusations) for auditors
and admins, the same selector as the pages /indikator/. Auditors and province
admins read every flag, a kab/kota admin those of their pemda's buyers;
anyone else is answered 404. Unknown filter values are 400 naming the field."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from blangkon.red_flags import selectors
from blangkon.red_flags.models import FlagKind, FlagStatus, RedFlag

router = Router(tags=["red flags"])


class RedFlagsIn(InputSchema):
    kind: str = Field("", description="One of: " + ", ".join(FlagKind.values) + ".")
    channel: str = Field("", description="blangkon (our orders) or inaproc (imported packages).")
    status: str = Field("", description="One of: " + ", ".join(FlagStatus.values) + ".")
    kab_kota: str = Field("", max_length=10, description="The buyer's kab/kota code.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"1 to {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"0 to {MAX_OFFSET}.")


class BuyerOut(Schema):
    name: str = Field(description="The OPD, or the INAPROC work unit with its instansi.")
    kab_kota: str | None = Field(description="Region code of the buyer's kab/kota.")


class VendorOut(Schema):
    id: str = Field(description="Blangkon's vendor id, or INAPROC's kd_penyedia_v6.")
    name: str = Field(description="The business name (INAPROC: its code).")


class RedFlagOut(Schema):
    id: int
    kind: str
    channel: str
    buyer: BuyerOut
    vendor: VendorOut | None
    orders: list[str] = Field(
        description="Public order numbers (Blangkon) or kd_paket (INAPROC) of the evidence."
    )
    products: list[int] = Field(description="Blangkon product ids of the evidence.")
    value: int = Field(description="Whole rupiah.")
    explanation: str
    evidence: dict[str, object] = Field(description="The figures the finding rests on.")
    status: str
    review_note: str
    still_present: bool = Field(description="False: the finding is no longer in the data.")
    first_raised_at: datetime.datetime
    last_seen_at: datetime.datetime


class RedFlagsOut(Schema):
    count: int
    results: list[RedFlagOut]


def _out(flag: RedFlag) -> RedFlagOut:
    vendor = None
    if flag.vendor_id is not None or flag.vendor_code:
        vendor = VendorOut(
            id=str(flag.vendor_id) if flag.vendor_id is not None else flag.vendor_code,
            name=selectors.vendor_name(flag),
        )
    evidence = {
        k: v for k, v in flag.evidence.items() if k not in ("orders", "order_ids", "products")
    }
    return RedFlagOut(
        id=flag.pk,
        kind=flag.kind,
        channel=flag.channel,
        buyer=BuyerOut(name=selectors.buyer_name(flag), kab_kota=flag.region_id),
        vendor=vendor,
        orders=[str(o) for o in flag.evidence.get("orders", [])],
        products=list(flag.evidence.get("products", [])),
        value=flag.value,
        explanation=selectors.explanation(flag),
        evidence=evidence,
        status=flag.status,
        review_note=flag.review_note,
        still_present=flag.still_present,
        first_raised_at=flag.first_raised_at,
        last_seen_at=flag.last_seen_at,
    )


@router.get(
    "/red-flags",
    response={200: RedFlagsOut, **errors(404)},
    summary="Red flags: indicators for auditors and admins",
)
def red_flag_list(request: HttpRequest, query: Query[RedFlagsIn]) -> RedFlagsOut:
    """Newest first. `kind`: split_purchase, near_ceiling, quick_listing,
    price_outlier, concentration, shared_contact, late_payer. Channel and
    status narrow it further. An indicator is a reason to look, not a
    finding of wrongdoing."""
    filters = selectors.parse_flag_filters(
        query.dict(), kab_kota_codes={code for code, _name in selectors.kab_kota_choices()}
    )
    flags = selectors.flag_list(request.user, filters)
    window = flags[query.offset : query.offset + query.limit]
    return RedFlagsOut(count=flags.count(), results=[_out(flag) for flag in window])
