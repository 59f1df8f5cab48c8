"""The audit trail of staff actions (append-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import timestamp_field


class AuditLog(SQLModel, table=True):
    """Who did what to which object, with the details that matter."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_target", "target_type", "target_id"),
        sa.Index("ix_audit_log_action_id", "action", "id"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    actor_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    )
    action: str = Field(sa_column=sa.Column(sa.String(60), nullable=False))
    target_type: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    target_id: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    ip: str = Field(default="", sa_column=sa.Column(sa.String(45), nullable=False, server_default=""))
    created_at: datetime = timestamp_field(index=True)
