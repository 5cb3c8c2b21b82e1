"""Tokens and the caller's own account."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from blangkon.accounts.authentication import login_check_password
from blangkon.accounts.models import User
from blangkon.accounts.selectors import api_tokens_for_user
from blangkon.accounts.services import api_token_issue, api_token_revoke
from blangkon.api.errors import errors
from blangkon.api.inputs import InputSchema
from blangkon.core.http import client_ip

router = Router(tags=["accounts"])


class TokenIn(InputSchema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=1024)


class TokenOut(Schema):
    token: str
    token_type: str = "bearer"
    expires_at: datetime.datetime


class TokenInfoOut(Schema):
    id: int
    prefix: str  # the first characters, to tell tokens apart; never the secret
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None  # updated at most once a minute


class MeOut(Schema):
    username: str
    role: str
    organisation_id: int | None
    organisation_name: str | None


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@router.post(
    "/auth/token",
    response={200: TokenOut, **errors(401, 429)},
    auth=None,
    summary="Issue a token",
)
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
    user = _user(request)
    organisation = user.organisation
    return MeOut(
        username=user.username,
        role=user.role,
        organisation_id=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else None,
    )


@router.get("/auth/tokens", response=list[TokenInfoOut], summary="The caller's tokens")
def token_list(request: HttpRequest) -> list[TokenInfoOut]:
    """The caller's own tokens that still work (not revoked, not expired), newest first."""
    return [
        TokenInfoOut.model_validate(token, from_attributes=True)
        for token in api_tokens_for_user(user=_user(request))
    ]


@router.delete("/auth/tokens/{token_id}", response={204: None}, summary="Revoke a token")
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of the caller's tokens (the one in use, too). Another user's
    token answers 404. A password reset or change, a deactivation or a role
    change revokes every token of the account."""
    api_token_revoke(actor=_user(request), token_id=token_id, ip_address=client_ip(request))
    return Status(204, None)
