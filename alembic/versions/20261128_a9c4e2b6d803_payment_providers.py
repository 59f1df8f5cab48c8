"""Payment providers: processed webhook events (replays are no-ops) and the sandbox provider's payments.

Revision ID: a9c4e2b6d803
Revises: b7e3a91c5d20
Create Date: 2026-11-28 14:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9c4e2b6d803"
down_revision: str | None = "b7e3a91c5d20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_webhook_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("order_code", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_webhook_events")),
        sa.UniqueConstraint("provider", "event_id", name="uq_payment_webhook_events_provider_event_id"),
    )
    op.create_index(
        op.f("ix_payment_webhook_events_order_code"), "payment_webhook_events", ["order_code"], unique=False
    )
    op.create_table(
        "sandbox_payments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("payment_ref", sa.String(length=40), nullable=False),
        sa.Column("order_code", sa.String(length=64), nullable=False),
        sa.Column("amount_krw", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("card_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("return_url", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount_krw > 0", name=op.f("ck_sandbox_payments_amount_positive")),
        sa.CheckConstraint(
            "status = 'pending' OR decided_at IS NOT NULL", name=op.f("ck_sandbox_payments_decided_has_time")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'canceled', 'refunded')",
            name=op.f("ck_sandbox_payments_status_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_payments")),
        sa.UniqueConstraint("payment_ref", name=op.f("uq_sandbox_payments_payment_ref")),
    )
    op.create_index(op.f("ix_sandbox_payments_order_code"), "sandbox_payments", ["order_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sandbox_payments_order_code"), table_name="sandbox_payments")
    op.drop_table("sandbox_payments")
    op.drop_index(op.f("ix_payment_webhook_events_order_code"), table_name="payment_webhook_events")
    op.drop_table("payment_webhook_events")
