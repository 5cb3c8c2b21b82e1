"""Tokens and the caller's own account."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from blangkon.accounts.authentication import login_check_password
from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.core.http import client_ip

router = Router(tags=["accounts"])


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=1024)


class TokenOut(Schema):
    token: str
    token_type: str = "bearer"
    expires_at: datetime.datetime


class MeOut(Schema):
    username: str
    role: str
    organisation_id: int | None
    organisation_name: str | None


@router.post("/auth/token", response=TokenOut, auth=None, summary="Issue a token")
def token_create(request: HttpRequest, payload: TokenIn) -> TokenOut:
    """Exchange a username and password for a bearer token. Failed attempts
    count towards the same lockout as the login page."""
    ip_address = client_ip(request)
    user = login_check_password(
        request=request,
        username=payload.username,
        password=payload.password,
        ip_address=ip_address,
    )
    token, raw = api_token_issue(user=user, ip_address=ip_address)
    return TokenOut(token=raw, expires_at=token.expires_at)


@router.get("/me", response=MeOut, summary="The caller's account")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)
    organisation = user.organisation
    return MeOut(
        username=user.username,
        role=user.role,
        organisation_id=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else None,
    )
