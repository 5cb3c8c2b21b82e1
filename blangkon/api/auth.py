from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from blangkon.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """Authorization: Bearer blk_... (tokens from POST /api/v1/auth/token)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(raw_token=token)
        if user is not None:
            request.user = user
        return user
