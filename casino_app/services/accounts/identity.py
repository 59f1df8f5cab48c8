"""Who is calling: the authenticated user as every surface sees it (REST, Reflex, workers)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from casino_app.core.errors import Forbidden
from casino_app.models.accounts import RANKS, STAFF_ROLES, User


@dataclass(frozen=True)
class AuthUser:
    """A verified, active user (re-read from the database on every request or event)."""

    id: int
    site_id: str
    nickname: str
    rank: str
    staff_role: str | None
    level: int
    xp: int
    locale: str
    avatar: str
    sound_enabled: bool
    age_verified: bool
    # Set by a staff password reset: the player must choose a new password before anything else.
    must_change_password: bool = False

    @classmethod
    def from_row(cls, user: User) -> AuthUser:
        """Build from a ``users`` row."""
        assert user.id is not None
        return cls(
            id=user.id,
            site_id=user.site_id,
            nickname=user.nickname,
            rank=user.rank,
            staff_role=user.staff_role,
            level=user.level,
            xp=user.xp,
            locale=user.locale,
            avatar=user.avatar,
            sound_enabled=user.sound_enabled,
            age_verified=user.age_verified_at is not None,
            must_change_password=user.must_change_password,
        )

    @property
    def is_staff(self) -> bool:
        """Support, operators and admins."""
        return self.staff_role is not None


@dataclass(frozen=True)
class AuthContext:
    """A user plus the session and token the request came with."""

    user: AuthUser
    session_id: uuid.UUID
    jti: str | None = None
    token_expires_at: datetime | None = None


def rank_at_least(user: AuthUser, rank: str) -> bool:
    """Player ranks are ordered STANDARD < PREMIUM < VIP."""
    return RANKS.index(user.rank) >= RANKS.index(rank)


def require_rank(user: AuthUser, rank: str) -> AuthUser:
    """The player, if their rank is at least ``rank`` (staff are not players)."""
    if user.is_staff or not rank_at_least(user, rank):
        raise Forbidden(code="RANK_REQUIRED", details={"required": rank})
    return user


def require_staff(user: AuthUser, role: str = "operator") -> AuthUser:
    """The staff member, if their role is at least ``role`` (support < operator < admin)."""
    if user.staff_role is None or STAFF_ROLES.index(user.staff_role) < STAFF_ROLES.index(role):
        raise Forbidden(code="STAFF_REQUIRED", details={"required": role})
    return user


def require_player(user: AuthUser) -> AuthUser:
    """Players only (staff accounts cannot play or hold gold)."""
    if user.is_staff:
        raise Forbidden(code="PLAYERS_ONLY")
    return user


def load(user_id: int) -> AuthUser:
    """The user as every surface sees them, read fresh (404 ``NOT_FOUND`` for an unknown id)."""
    from casino_app.core.db import session_scope
    from casino_app.core.errors import NotFound

    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None:
            raise NotFound(details={"user_id": user_id})
        return AuthUser.from_row(user)
