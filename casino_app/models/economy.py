"""The economy: versioned economy configuration (starter gold, the daily check-in reward)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


class EconomyConfigRow(SQLModel, table=True):
    """A version of the economy configuration; never edited in place — staff add versions, exactly one is active."""

    __tablename__ = "economy_configs"
    __table_args__ = (
        sa.UniqueConstraint("version", name="uq_economy_configs_version"),
        sa.Index("uq_economy_configs_one_active", "is_active", unique=True, postgresql_where=sa.text("is_active")),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: int | None = bigint_pk()
    version: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    config: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False))
    reason: str = Field(default="", sa_column=sa.Column(sa.String(500), nullable=False, server_default=""))
    created_by: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    created_at: datetime = timestamp_field()
