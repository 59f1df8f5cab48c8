"""The transactional outbox (its events are relayed to Kafka or, without Kafka, into the OLAP store)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


class OutboxEvent(SQLModel, table=True):
    """A domain event written in the same transaction as the change it describes; relayed at least once."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        # The relay only ever scans what is still pending.
        sa.Index("ix_outbox_events_pending", "id", postgresql_where=sa.text("published_at IS NULL")),
    )

    id: int | None = bigint_pk()
    topic: str = Field(sa_column=sa.Column(sa.String(60), nullable=False))
    key: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    payload: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    created_at: datetime = timestamp_field()
    published_at: datetime | None = timestamp_field(nullable=True)
