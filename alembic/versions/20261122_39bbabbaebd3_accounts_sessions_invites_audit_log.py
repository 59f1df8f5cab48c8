"""accounts, sessions, invites, audit log

Revision ID: 39bbabbaebd3
Revises: 966c87998273
Create Date: 2026-11-22 04:24:49.404780+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "39bbabbaebd3"
down_revision: str | None = "966c87998273"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invite_codes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("used_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("note", sa.String(length=100), server_default="", nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("max_uses IS NULL OR max_uses > 0", name=op.f("ck_invite_codes_max_uses_positive")),
        sa.CheckConstraint("max_uses IS NULL OR used_count <= max_uses", name=op.f("ck_invite_codes_used_within_max")),
        sa.CheckConstraint("used_count >= 0", name=op.f("ck_invite_codes_used_count_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_invite_codes_code")),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("site_id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("portal", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("ip", sa.String(length=45), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_site_id_created", "login_attempts", ["site_id", "created_at"], unique=False)
    op.create_table(
        "revoked_access_tokens",
        sa.Column("jti", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_revoked_access_tokens")),
    )
    op.create_index(op.f("ix_revoked_access_tokens_expires_at"), "revoked_access_tokens", ["expires_at"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("site_id", sa.String(length=20), nullable=False),
        sa.Column("nickname", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("phone_number", sa.String(length=16), nullable=True),
        sa.Column("rank", sa.String(length=10), server_default="STANDARD", nullable=False),
        sa.Column("staff_role", sa.String(length=10), nullable=True),
        sa.Column("xp", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("level", sa.Integer(), server_default="1", nullable=False),
        sa.Column("locale", sa.String(length=2), server_default="ko", nullable=False),
        sa.Column("avatar", sa.String(length=32), server_default="neon-cat", nullable=False),
        sa.Column("sound_enabled", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("age_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("age_verification_method", sa.String(length=20), nullable=True),
        sa.Column("age_declared_underage_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invite_code_id", sa.BigInteger(), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("locale IN ('ko', 'en')", name=op.f("ck_users_locale_known")),
        sa.CheckConstraint("rank IN ('STANDARD', 'PREMIUM', 'VIP')", name=op.f("ck_users_rank_known")),
        sa.CheckConstraint(
            "staff_role IS NULL OR staff_role IN ('operator', 'admin')", name=op.f("ck_users_staff_role_known")
        ),
        sa.CheckConstraint("level >= 1", name=op.f("ck_users_level_positive")),
        sa.CheckConstraint("xp >= 0", name=op.f("ck_users_xp_non_negative")),
        sa.ForeignKeyConstraint(
            ["invite_code_id"],
            ["invite_codes.id"],
            name=op.f("fk_users_invite_code_id_invite_codes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("site_id", name=op.f("uq_users_site_id")),
    )
    op.create_index(op.f("ix_users_created_at"), "users", ["created_at"], unique=False)
    # invite_codes and users reference each other: add this FK once both tables exist.
    op.create_foreign_key(
        op.f("fk_invite_codes_created_by_users"), "invite_codes", "users", ["created_by"], ["id"], ondelete="SET NULL"
    )
    op.create_index("uq_users_nickname_lower", "users", [sa.literal_column("lower(nickname)")], unique=True)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column(
            "details", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("ip", sa.String(length=45), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_log_actor_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_created_at"), "audit_log", ["created_at"], unique=False)
    op.create_index("ix_audit_log_target", "audit_log", ["target_type", "target_id"], unique=False)
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=20), nullable=True),
        sa.Column("ip", sa.String(length=45), server_default="", nullable=False),
        sa.Column("user_agent", sa.String(length=300), server_default="", nullable=False),
        sa.Column("device", sa.String(length=80), server_default="", nullable=False),
        sa.Column("channel", sa.String(length=10), server_default="api", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_auth_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
    )
    op.create_index("ix_auth_sessions_user_active", "auth_sessions", ["user_id", "revoked_at"], unique=False)
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("session_id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["auth_sessions.id"],
            name=op.f("fk_refresh_tokens_session_id_auth_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(op.f("ix_refresh_tokens_session_id"), "refresh_tokens", ["session_id"], unique=False)


def downgrade() -> None:
    op.drop_constraint(op.f("fk_invite_codes_created_by_users"), "invite_codes", type_="foreignkey")
    op.drop_index(op.f("ix_refresh_tokens_session_id"), table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_index("ix_auth_sessions_user_active", table_name="auth_sessions")
    op.drop_table("auth_sessions")
    op.drop_index("ix_audit_log_target", table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_created_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("uq_users_nickname_lower", table_name="users")
    op.drop_index(op.f("ix_users_created_at"), table_name="users")
    op.drop_table("users")
    op.drop_index(op.f("ix_revoked_access_tokens_expires_at"), table_name="revoked_access_tokens")
    op.drop_table("revoked_access_tokens")
    op.drop_index("ix_login_attempts_site_id_created", table_name="login_attempts")
    op.drop_table("login_attempts")
    op.drop_table("invite_codes")
