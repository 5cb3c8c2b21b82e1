from typing import Any

from django.http import HttpRequest

from blangkon.accounts.access import is_province_admin
from blangkon.transparency.internal import has_dashboard


def role(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_role": None, "is_province_admin": False, "has_dashboard": False}
    return {
        "current_role": user.role,
        "is_province_admin": is_province_admin(user),
        # The navigation's "Dashboard" (/dasbor/, transparency/internal.py).
        "has_dashboard": has_dashboard(user),
    }
