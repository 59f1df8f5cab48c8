"""Payments: the webhook deliveries already processed, and the sandbox provider's own payment records."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

SANDBOX_STATUSES = ("pending", "approved", "declined", "canceled", "refunded")


class PaymentWebhookEvent(SQLModel, table=True):
    """One verified webhook delivery; ``(provider, event_id)`` is unique, so a replay is a no-op."""

    __tablename__ = "payment_webhook_events"
    __table_args__ = (sa.UniqueConstraint("provider", "event_id", name="uq_payment_webhook_events_provider_event_id"),)

    id: int | None = bigint_pk()
    provider: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    event_id: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    order_code: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True, index=True))
    status: str | None = Field(default=None, sa_column=sa.Column(sa.String(12), nullable=True))
    body_sha256: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    received_at: datetime = timestamp_field()


class SandboxPayment(SQLModel, table=True):
    """A payment at the embedded sandbox provider: what its hosted checkout page shows and decides.

    The amount, title and order come from this row, never from the checkout form.
    """

    __tablename__ = "sandbox_payments"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'canceled', 'refunded')", name="status_known"
        ),
        sa.CheckConstraint("amount_krw > 0", name="amount_positive"),
        sa.CheckConstraint("status = 'pending' OR decided_at IS NOT NULL", name="decided_has_time"),
    )

    id: int | None = bigint_pk()
    payment_ref: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    order_code: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, index=True))
    amount_krw: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    title: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    status: str = Field(default="pending", sa_column=sa.Column(sa.String(10), nullable=False, server_default="pending"))
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    card_fingerprint: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    return_url: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = timestamp_field()
    decided_at: datetime | None = timestamp_field(nullable=True)
