"""``/api/auth``: signup, login, token refresh, logout, own profile and sessions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import Field

from casino_app.api.deps import Client, Context
from casino_app.api.schemas import (
    ApiModel,
    InviteCodeText,
    Nickname,
    Password,
    PhoneNumber,
    ResponseModel,
    SiteId,
    errors,
)
from casino_app.services.accounts import availability, sessions, users

router = APIRouter(prefix="/api/auth", tags=["auth"])


class SignupRequest(ApiModel):
    """A new player's details and the invite code that admits them."""

    site_id: SiteId
    nickname: Nickname
    password: Password
    invite_code: InviteCodeText
    phone_number: PhoneNumber | None = None


class LoginRequest(ApiModel):
    """Credentials: site ID and password."""

    site_id: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=512)


class RefreshRequest(ApiModel):
    """The refresh token to rotate."""

    refresh_token: str = Field(min_length=1, max_length=200)


class ProfileOut(ResponseModel):
    """The full own profile."""

    id: int
    site_id: str
    nickname: str
    rank: str
    level: int
    xp: int
    age_verified: bool
    created_at: datetime
    last_login_at: datetime | None
    locale: str
    avatar: str
    sound_enabled: bool
    staff_role: str | None = None
    must_change_password: bool = Field(
        default=False,
        description="After a staff password reset: every other route answers 403 PASSWORD_CHANGE_REQUIRED "
        "until POST /api/auth/password sets a new one",
    )


class TokenResponse(ResponseModel):
    """Tokens for a new or refreshed session."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type
    expires_in: int = Field(description="Access token lifetime in seconds")
    user: ProfileOut


class RefreshResponse(ResponseModel):
    """A rotated token pair."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type
    expires_in: int


class SessionOut(ResponseModel):
    """One of the caller's sessions."""

    id: uuid.UUID
    device: str
    ip: str
    user_agent: str
    channel: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool


class LogoutAllResponse(ResponseModel):
    """How many sessions were closed."""

    revoked_sessions: int


def _tokens(pair: sessions.TokenPair) -> TokenResponse:
    profile = users.get_profile(pair.user.id)
    return TokenResponse(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=ProfileOut.model_validate(profile),
    )


@router.post("/signup", status_code=status.HTTP_201_CREATED, responses=errors(409, 429))
def signup(body: SignupRequest, client: Client) -> TokenResponse:
    """Create a player with an invite code; returns a logged-in session."""
    data = users.SignupInput(body.site_id, body.nickname, body.password, body.invite_code, body.phone_number)
    return _tokens(users.signup(data, client))


class AvailabilityRequest(ApiModel):
    """A site ID and/or a nickname to check before signing up (either may be left out)."""

    site_id: str | None = Field(None, max_length=80)
    nickname: str | None = Field(None, max_length=48)


class FieldAvailabilityOut(ResponseModel):
    """One field's answer."""

    available: bool
    value: str = Field(description='the value as it would be stored ("" when it breaks a rule)')
    code: str | None = Field(
        description="why not: a field rule (SITE_ID_FORMAT, NICKNAME_FORMAT, NICKNAME_RESERVED, REQUIRED…) or "
        "SITE_ID_TAKEN / NICKNAME_TAKEN; null when available"
    )


class AvailabilityResponse(ResponseModel):
    """The answers for the fields sent (null for a field not sent)."""

    site_id: FieldAvailabilityOut | None = None
    nickname: FieldAvailabilityOut | None = None


@router.post("/availability", responses=errors(429))
def availability_check(body: AvailabilityRequest, client: Client) -> AvailabilityResponse:
    """Whether a site ID and a nickname are free; rate-limited per IP on its own (never uses up a signup)."""
    answers = availability.check(client.ip, site_id=body.site_id, nickname=body.nickname)
    return AvailabilityResponse(
        **{
            field: FieldAvailabilityOut(available=a.available, value=a.value, code=a.code)
            for field, a in answers.items()
        }
    )


@router.post("/login", responses=errors(401, 429))
def login(body: LoginRequest, client: Client) -> TokenResponse:
    """Log a player in by site ID. Locked for a while after repeated failures (429 + Retry-After)."""
    return _tokens(sessions.login(body.site_id, body.password, portal=sessions.PLAYER, client=client))


@router.post("/refresh", responses=errors(401))
def refresh(body: RefreshRequest, client: Client) -> RefreshResponse:
    """Rotate a refresh token. Re-using a rotated token revokes the whole session (401)."""
    pair = sessions.refresh(body.refresh_token, client)
    return RefreshResponse(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401))
def logout(context: Context) -> Response:
    """Revoke this access token and its session."""
    sessions.logout(context)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/logout-all", responses=errors(401))
def logout_all(context: Context) -> LogoutAllResponse:
    """Revoke every session of the caller."""
    return LogoutAllResponse(revoked_sessions=sessions.logout_all(context))


@router.get("/me", responses=errors(401))
def me(context: Context) -> ProfileOut:
    """The caller's full profile."""
    return ProfileOut.model_validate(users.get_profile(context.user.id))


@router.get("/sessions", responses=errors(401))
def list_sessions(context: Context) -> list[SessionOut]:
    """The caller's open sessions (device, IP, user agent, created, last used)."""
    return [SessionOut.model_validate(s) for s in sessions.list_sessions(context.user.id, context.session_id)]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 404))
def revoke_session(session_id: uuid.UUID, context: Context) -> Response:
    """Revoke one of the caller's sessions (someone else's answers 404)."""
    sessions.revoke_session(context.user.id, session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
