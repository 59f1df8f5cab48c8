"""OLAP replaces analytics_events (issue 15).

Outbox events are now stored in the OLAP store (ClickHouse, or chdb in ``DATA_DIR/olap``) by the Kafka
consumer or the embedded relay; the PostgreSQL landing table ``analytics_events`` is dropped. Its events go
back to the outbox first, pending, under their own outbox ids (the sink's de-duplication key), so the relay or
the consumer stores the history in OLAP like any new event. The downgrade recreates the table empty.

Revision ID: 0a1c7e5d9b11
Revises: 0a1c7e5d9b10
Create Date: 2026-11-29 00:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0a1c7e5d9b11"
down_revision: str | None = "0a1c7e5d9b10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        INSERT INTO outbox_events (id, topic, key, payload, created_at, published_at)
        SELECT outbox_id, topic, key, payload, occurred_at, NULL FROM analytics_events
        ON CONFLICT (id) DO UPDATE SET published_at = NULL
        """
    )
    op.drop_index("ix_analytics_events_topic_occurred", table_name="analytics_events")
    op.drop_table("analytics_events")


def downgrade() -> None:
    op.create_table(
        "analytics_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("outbox_id", sa.BigInteger(), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_events")),
        sa.UniqueConstraint("outbox_id", name=op.f("uq_analytics_events_outbox_id")),
    )
    op.create_index("ix_analytics_events_topic_occurred", "analytics_events", ["topic", "occurred_at"], unique=False)
