"""Accounts: users, invite codes, sessions (refresh-token families), login attempts."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from casino_app.models.base import timestamp_field

RANKS = ("STANDARD", "PREMIUM", "VIP")
STAFF_ROLES = ("operator", "admin")


def _bigint_pk() -> object:
    return Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))


class InviteCode(SQLModel, table=True):
    """A code that admits new players; ``used_count`` can never pass ``max_uses``."""

    __tablename__ = "invite_codes"
    __table_args__ = (
        sa.CheckConstraint("used_count >= 0", name="used_count_non_negative"),
        sa.CheckConstraint("max_uses IS NULL OR max_uses > 0", name="max_uses_positive"),
        sa.CheckConstraint("max_uses IS NULL OR used_count <= max_uses", name="used_within_max"),
    )

    id: int | None = _bigint_pk()
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    expires_at: datetime | None = timestamp_field(nullable=True)
    max_uses: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    used_count: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    note: str = Field(default="", sa_column=sa.Column(sa.String(100), nullable=False, server_default=""))
    created_by: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    )
    created_at: datetime = timestamp_field()


class User(SQLModel, table=True):
    """A player or a staff member (``staff_role`` set). Staff and players log in through different doors."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(f"rank IN {RANKS!r}", name="rank_known"),
        sa.CheckConstraint(f"staff_role IS NULL OR staff_role IN {STAFF_ROLES!r}", name="staff_role_known"),
        sa.CheckConstraint("locale IN ('ko', 'en')", name="locale_known"),
        sa.CheckConstraint("xp >= 0", name="xp_non_negative"),
        sa.CheckConstraint("level >= 1", name="level_positive"),
        sa.Index("uq_users_nickname_lower", sa.text("lower(nickname)"), unique=True),
    )

    id: int | None = _bigint_pk()
    site_id: str = Field(sa_column=sa.Column(sa.String(20), nullable=False, unique=True))
    nickname: str = Field(sa_column=sa.Column(sa.String(12), nullable=False))
    password_hash: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    phone_number: str | None = Field(default=None, sa_column=sa.Column(sa.String(16), nullable=True))
    rank: str = Field(default="STANDARD", sa_column=sa.Column(sa.String(10), nullable=False, server_default="STANDARD"))
    staff_role: str | None = Field(default=None, sa_column=sa.Column(sa.String(10), nullable=True))
    xp: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    level: int = Field(default=1, sa_column=sa.Column(sa.Integer, nullable=False, server_default="1"))
    locale: str = Field(default="ko", sa_column=sa.Column(sa.String(2), nullable=False, server_default="ko"))
    avatar: str = Field(
        default="neon-cat", sa_column=sa.Column(sa.String(32), nullable=False, server_default="neon-cat")
    )
    sound_enabled: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    age_verified_at: datetime | None = timestamp_field(nullable=True)
    age_verification_method: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), nullable=True))
    age_declared_underage_at: datetime | None = timestamp_field(nullable=True)
    invite_code_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("invite_codes.id", ondelete="SET NULL"), nullable=True),
    )
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    created_at: datetime = timestamp_field(index=True)
    last_login_at: datetime | None = timestamp_field(nullable=True)


class AuthSession(SQLModel, table=True):
    """A login: one refresh-token family. Revoking it kills its refresh and access tokens."""

    __tablename__ = "auth_sessions"
    __table_args__ = (sa.Index("ix_auth_sessions_user_active", "user_id", "revoked_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, sa_column=sa.Column(UUID(as_uuid=True), primary_key=True))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    created_at: datetime = timestamp_field()
    last_used_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field(default_now=False)
    revoked_at: datetime | None = timestamp_field(nullable=True)
    revoked_reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), nullable=True))
    ip: str = Field(default="", sa_column=sa.Column(sa.String(45), nullable=False, server_default=""))
    user_agent: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))
    device: str = Field(default="", sa_column=sa.Column(sa.String(80), nullable=False, server_default=""))
    channel: str = Field(default="api", sa_column=sa.Column(sa.String(10), nullable=False, server_default="api"))


class RefreshToken(SQLModel, table=True):
    """One refresh token of a family, stored only as its SHA-256; ``used_at`` marks rotation."""

    __tablename__ = "refresh_tokens"

    id: int | None = _bigint_pk()
    session_id: uuid.UUID = Field(
        sa_column=sa.Column(
            UUID(as_uuid=True), sa.ForeignKey("auth_sessions.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    created_at: datetime = timestamp_field()
    used_at: datetime | None = timestamp_field(nullable=True)


class RevokedAccessToken(SQLModel, table=True):
    """Access-token denylist by ``jti`` until the token would have expired anyway."""

    __tablename__ = "revoked_access_tokens"

    jti: str = Field(sa_column=sa.Column(sa.String(36), primary_key=True))
    user_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    expires_at: datetime = timestamp_field(default_now=False, index=True)
    revoked_at: datetime = timestamp_field()


class LoginAttempt(SQLModel, table=True):
    """Every login attempt; failures within the window drive the lockout."""

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_site_id_created", "site_id", "created_at"),)

    id: int | None = _bigint_pk()
    site_id: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    user_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    portal: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    outcome: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    ip: str = Field(default="", sa_column=sa.Column(sa.String(45), nullable=False, server_default=""))
    created_at: datetime = timestamp_field()
