from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from blangkon.accounts.models import User
from blangkon.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """`notification_count`: the signed-in user's unread notifications, for
    the header's bell. Lazy: a page that does not show it asks nothing."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"notification_count": 0}
    return {"notification_count": SimpleLazyObject(lambda: unread_count(user))}
