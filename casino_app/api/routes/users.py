"""``/api/users``: profile alias, public profiles, profile changes, age verification."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import Field

from casino_app.api.deps import Context, CurrentUser
from casino_app.api.routes.auth import ProfileOut
from casino_app.api.schemas import ApiModel, Avatar, Nickname, ResponseModel, documented, errors
from casino_app.services.accounts import age, users

router = APIRouter(prefix="/api/users", tags=["users"])


class PublicProfileOut(ResponseModel):
    """What anyone may see about a player."""

    id: int
    nickname: str
    rank: str
    level: int
    avatar: str
    joined: datetime


class ProfileUpdate(ApiModel):
    """Fields a player may change (all optional)."""

    nickname: Nickname | None = None
    avatar: Avatar | None = None
    locale: Annotated[str, documented(enum=["ko", "en"])] | None = None
    sound_enabled: bool | None = None


class AgeVerificationRequest(ApiModel):
    """A self-declared birth date."""

    birth_date: date
    minor_confirmed: bool = Field(
        False,
        description="The player has seen the age this date gives and confirms it: without it a minor's date is "
        "answered 409 AGE_CONFIRM_MINOR (with the computed age) and nothing is recorded",
    )


class AgeStatusOut(ResponseModel):
    """The outcome of age verification."""

    age_verified: bool
    method: str | None
    verified_at: datetime | None


@router.get("/profile", responses=errors(401))
@router.get("/me", responses=errors(401), include_in_schema=False)
def profile(context: Context) -> ProfileOut:
    """The caller's full profile (alias of ``GET /api/auth/me``)."""
    return ProfileOut.model_validate(users.get_profile(context.user.id))


@router.patch("/me", responses=errors(401, 409))
def update_me(body: ProfileUpdate, user: CurrentUser) -> ProfileOut:
    """Change nickname, avatar, locale or sound preference."""
    updated = users.update_profile(
        user.id, nickname=body.nickname, avatar=body.avatar, locale=body.locale, sound_enabled=body.sound_enabled
    )
    return ProfileOut.model_validate(updated)


@router.post("/verify-age", responses=errors(401, 403, 409))
def verify_age(body: AgeVerificationRequest, user: CurrentUser) -> AgeStatusOut:
    """Verify the caller is an adult under Korean youth-protection rules (19); a minor's date is recorded only
    when ``minor_confirmed``."""
    return AgeStatusOut.model_validate(age.verify(user.id, body.birth_date, minor_confirmed=body.minor_confirmed))


@router.get("/{user_id}", responses=errors(401, 404))
def public_profile(user: CurrentUser, user_id: int = Path(ge=1, le=2**63 - 1)) -> PublicProfileOut:
    """Another player's public card: nickname, rank, level, avatar, joined."""
    return PublicProfileOut.model_validate(users.public_profile(user_id))
