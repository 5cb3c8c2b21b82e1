from typing import Any

from django.http import HttpRequest


def role(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_role": None}
    return {"current_role": user.role}
