"""The caller's own notifications: the same selector and services as the
page /notifikasi/. Another user's notification is not found (404)."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from blangkon.accounts.models import User
from blangkon.api.pagination import BoundedPagination
from blangkon.notifications import selectors, services
from blangkon.notifications.models import Notification

router = Router(tags=["notifications"])


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


class NotificationOut(Schema):
    id: int
    code: str = Field(description="What happened, e.g. vendor.submitted.")
    text: str = Field(description="The sentence, in the request's language.")
    url: str = Field(description="The page on this site where the reader acts.")
    created_at: datetime.datetime
    read_at: datetime.datetime | None

    @staticmethod
    def resolve_text(notification: Notification) -> str:
        return notification.text


@router.get(
    "/notifications",
    response=list[NotificationOut],
    summary="The caller's notifications, unread first",
)
@paginate(BoundedPagination)
def notification_list(request: HttpRequest) -> object:
    return selectors.notifications_for(_user(request))


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    summary="Mark one of the caller's notifications read",
)
def notification_read(request: HttpRequest, notification_id: int) -> Notification:
    """Marking a read notification again keeps the time it was first read."""
    return services.notification_mark_read(user=_user(request), notification_id=notification_id)
