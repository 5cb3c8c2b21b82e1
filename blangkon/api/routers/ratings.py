"""Ratings after an order is completed: the PPK rates the vendor, the vendor
rates the OPD (one operation; the caller's side decides which scores it
takes), the vendor replies once to the PPK's published rating, and anyone
reads a vendor's published ratings.

The POSTs accept an `Idempotency-Key` header (the same key again returns the
first answer and records nothing more). Refusals have the common error body
with stable codes: `invalid_transition` (the order is not completed),
`rating_closed` (14 days after completion), `not_allowed` (403: the caller
reads the order but does not rate for either side), `already_rated`,
`already_replied`, `not_published`, `invalid` (a score outside 1 to 5, in
`fields`); 404 for an order the caller may not read. Published ratings name
the OPD, never the official who rated."""

import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from blangkon.accounts.models import User
from blangkon.api.errors import errors
from blangkon.api.idempotency import IdempotencyKey, answered_once, keyed_action
from blangkon.api.inputs import InputSchema
from blangkon.api.pagination import BoundedPagination
from blangkon.ratings import services
from blangkon.ratings.models import COMMENT_MAX, SCORE_MAX, SCORE_MIN, OpdRating, VendorRating
from blangkon.ratings.selectors import PublicRating, rater_side, vendor_ratings_public

router = Router(tags=["ratings"])

Score = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX)]


class RatingIn(InputSchema):
    quality: Score | None = Field(None, description="The PPK's: quality of the goods, 1 to 5.")
    timeliness: Score | None = Field(None, description="The PPK's: delivered on time, 1 to 5.")
    conformity: Score | None = Field(
        None, description="The PPK's: conformity to the order, 1 to 5."
    )
    clarity: Score | None = Field(
        None, description="The vendor's: clarity of the order and its terms, 1 to 5."
    )
    payment_speed: Score | None = Field(None, description="The vendor's: payment speed, 1 to 5.")
    comment: str = Field("", max_length=COMMENT_MAX)


class RatingOut(Schema):
    order_id: int
    side: str = Field(description='"ppk" (the PPK rated the vendor) or "vendor" (the OPD).')
    quality: int | None
    timeliness: int | None
    conformity: int | None
    clarity: int | None
    payment_speed: int | None
    comment: str
    created_at: datetime.datetime
    published_at: datetime.datetime | None = Field(
        description="Null until both sides rated or 14 days after completion."
    )

    @staticmethod
    def of(rating: VendorRating | OpdRating) -> "RatingOut":
        by_ppk = isinstance(rating, VendorRating)
        return RatingOut(
            order_id=rating.order_id,
            side="ppk" if by_ppk else "vendor",
            quality=rating.quality if isinstance(rating, VendorRating) else None,
            timeliness=rating.timeliness if isinstance(rating, VendorRating) else None,
            conformity=rating.conformity if isinstance(rating, VendorRating) else None,
            clarity=rating.clarity if isinstance(rating, OpdRating) else None,
            payment_speed=rating.payment_speed if isinstance(rating, OpdRating) else None,
            comment=rating.comment,
            created_at=rating.created_at,
            published_at=rating.published_at,
        )


@router.post(
    "/orders/{order_id}/rate",
    response={200: RatingOut, **errors(403)},
    summary="Rate the other side of a completed order",
)
def order_rate(
    request: HttpRequest, order_id: int, payload: RatingIn, idempotency_key: IdempotencyKey = ""
) -> Status[RatingOut]:
    """The PPK of the ordering OPD sends quality, timeliness and conformity; a
    user of the vendor sends clarity and payment_speed; both may add a comment.
    Once per order and side, within 14 days of completion."""

    def run(user: User) -> RatingOut:
        side = rater_side(user, order_id)
        if side == "vendor":
            return RatingOut.of(
                services.rating_by_vendor(
                    user=user,
                    order_id=order_id,
                    clarity=payload.clarity or 0,
                    payment_speed=payload.payment_speed or 0,
                    comment=payload.comment,
                )
            )
        # The PPK; any other reader is refused by the service, which says why.
        return RatingOut.of(
            services.rating_by_ppk(
                user=user,
                order_id=order_id,
                quality=payload.quality or 0,
                timeliness=payload.timeliness or 0,
                conformity=payload.conformity or 0,
                comment=payload.comment,
            )
        )

    action = keyed_action("rate", order_id)
    return answered_once(request, key=idempotency_key, action=action, run=run, out=RatingOut)


class ReplyIn(InputSchema):
    text: str = Field(min_length=1, max_length=COMMENT_MAX)


class ReplyOut(Schema):
    order_id: int
    text: str
    created_at: datetime.datetime


@router.post(
    "/orders/{order_id}/rating-reply",
    response={200: ReplyOut, **errors(403)},
    summary="Reply to the PPK's published rating (the vendor, once)",
)
def order_rating_reply(
    request: HttpRequest, order_id: int, payload: ReplyIn, idempotency_key: IdempotencyKey = ""
) -> Status[ReplyOut]:
    """A user of the order's vendor, once, after the PPK's rating is published.
    The reply is public beside the rating."""

    def run(user: User) -> ReplyOut:
        reply = services.rating_reply(user=user, order_id=order_id, text=payload.text)
        return ReplyOut(order_id=order_id, text=reply.text, created_at=reply.created_at)

    return answered_once(
        request,
        key=idempotency_key,
        action=keyed_action("rating-reply", order_id),
        run=run,
        out=ReplyOut,
    )


class PublicRatingOut(Schema):
    opd: str = Field(description="The OPD that rated (never the official's name).")
    published_at: datetime.datetime
    quality: int
    timeliness: int
    conformity: int
    score: float = Field(description="The mean of the three scores, one decimal.")
    comment: str
    reply: str = Field(description="The vendor's reply; empty without one.")
    replied_at: datetime.datetime | None


@router.get(
    "/vendors/{vendor_id}/ratings",
    response=list[PublicRatingOut],
    auth=None,
    summary="A vendor's published ratings",
)
@paginate(BoundedPagination)
def vendor_ratings(request: HttpRequest, vendor_id: int) -> list[PublicRating]:
    """The PPKs' published ratings of a verified vendor, newest first, with its
    replies. Its average and count are on its storefront. No personal data."""
    return vendor_ratings_public(vendor_id=vendor_id, limit=None)
