"""The console's own tables and player messaging: staff notes, bulk grant batches, notification settings and
consent, campaigns and their deliveries, the mail outbox, web-push subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

# What a notification is about. Service messages (account security, purchases, operator notices such as
# maintenance) are always delivered and cannot be muted; marketing needs consent.
NOTIFICATION_CATEGORIES = ("account", "purchase", "notice", "reward", "game", "social", "event", "marketing")
SERVICE_CATEGORIES = ("account", "purchase", "notice")
CAMPAIGN_STATUSES = ("scheduled", "sending", "sent", "cancelled")
DELIVERY_OUTCOMES = ("sent", "skipped_consent", "skipped_break", "skipped_muted", "skipped_inactive")
EMAIL_STATUSES = ("queued", "sent", "failed", "local")


def _user_fk(*, nullable: bool = False, ondelete: str = "CASCADE", index: bool = False) -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("users.id", ondelete=ondelete), nullable=nullable, index=index
        ),
    )


class NotificationPreference(SQLModel, table=True):
    """A player's notification settings: muted categories and the two separate, timestamped marketing consents.

    Marketing messages need ``marketing_consent_at``; between 21:00 and 08:00 KST they also need
    ``night_consent_at`` (Korean law asks for a separate night-time consent). No row = defaults: nothing muted,
    no consent.
    """

    __tablename__ = "notification_preferences"

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    muted: list[str] = Field(
        default_factory=list,
        sa_column=sa.Column(ARRAY(sa.String(16)), nullable=False, server_default=sa.text("'{}'::varchar[]")),
    )
    marketing_consent_at: datetime | None = timestamp_field(nullable=True)
    night_consent_at: datetime | None = timestamp_field(nullable=True)
    updated_at: datetime = timestamp_field()


class StaffNote(SQLModel, table=True):
    """A note staff keep on a player (support, operators and admins may write them; never shown to the player)."""

    __tablename__ = "staff_notes"
    __table_args__ = (sa.Index("ix_staff_notes_user_id_desc", "user_id", sa.text("id DESC")),)

    id: int | None = bigint_pk()
    user_id: int = _user_fk()
    author_id: int | None = _user_fk(nullable=True, ondelete="SET NULL")
    body: str = Field(sa_column=sa.Column(sa.String(1000), nullable=False))
    created_at: datetime = timestamp_field()


class GrantBatch(SQLModel, table=True):
    """One bulk gold grant (a CSV upload). ``batch_key`` makes a re-upload return this batch and grant nothing."""

    __tablename__ = "grant_batches"

    id: int | None = bigint_pk()
    batch_key: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    actor_id: int | None = _user_fk(nullable=True, ondelete="SET NULL")
    reason: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    rows: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    granted: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    failed: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    total_gold: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    results: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'[]'::jsonb"))
    )
    created_at: datetime = timestamp_field()


class Campaign(SQLModel, table=True):
    """A scheduled message to a target group, dispatched by a periodic job exactly once per player."""

    __tablename__ = "campaigns"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {CAMPAIGN_STATUSES!r}", name="status_known"),
        sa.CheckConstraint(f"category IN {NOTIFICATION_CATEGORIES!r}", name="category_known"),
        sa.Index("ix_campaigns_due", "status", "scheduled_at"),
    )

    id: int | None = bigint_pk()
    name: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    category: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    # {"ko": {"title": ..., "body": ...}, "en": {...}}
    message: dict[str, Any] = Field(sa_column=sa.Column(JSONB, nullable=False))
    # {"rank": ..., "min_level": ..., "max_level": ..., "segment": ..., "inactive_days": ...}; empty = everyone
    target: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    scheduled_at: datetime = timestamp_field(default_now=False)
    status: str = Field(
        default="scheduled", sa_column=sa.Column(sa.String(10), nullable=False, server_default="scheduled")
    )
    created_by: int | None = _user_fk(nullable=True, ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    started_at: datetime | None = timestamp_field(nullable=True)
    finished_at: datetime | None = timestamp_field(nullable=True)
    cancelled_at: datetime | None = timestamp_field(nullable=True)


class CampaignDelivery(SQLModel, table=True):
    """What a campaign did for one player; the primary key is what makes a dispatch happen once per player."""

    __tablename__ = "campaign_deliveries"
    __table_args__ = (sa.CheckConstraint(f"outcome IN {DELIVERY_OUTCOMES!r}", name="outcome_known"),)

    campaign_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    outcome: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    created_at: datetime = timestamp_field()


class EmailMessage(SQLModel, table=True):
    """Every mail the app sends. Without SMTP configured it stays here (``local``), readable in the console."""

    __tablename__ = "email_messages"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {EMAIL_STATUSES!r}", name="status_known"),
        sa.Index("ix_email_messages_status_id", "status", "id"),
    )

    id: int | None = bigint_pk()
    user_id: int | None = _user_fk(nullable=True, ondelete="SET NULL", index=True)
    to_address: str = Field(sa_column=sa.Column(sa.String(254), nullable=False))
    template: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))
    locale: str = Field(sa_column=sa.Column(sa.String(2), nullable=False))
    category: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    subject: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    body_text: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    body_html: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    status: str = Field(default="queued", sa_column=sa.Column(sa.String(10), nullable=False, server_default="queued"))
    attempts: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    error: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))
    created_by: int | None = _user_fk(nullable=True, ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    sent_at: datetime | None = timestamp_field(nullable=True)


class PushSubscription(SQLModel, table=True):
    """A browser's web-push subscription (endpoint and its keys) for one player."""

    __tablename__ = "push_subscriptions"

    id: int | None = bigint_pk()
    user_id: int = _user_fk(index=True)
    endpoint: str = Field(sa_column=sa.Column(sa.String(1000), nullable=False, unique=True))
    p256dh: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    auth: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    user_agent: str = Field(default="", sa_column=sa.Column(sa.String(300), nullable=False, server_default=""))
    created_at: datetime = timestamp_field()
    last_success_at: datetime | None = timestamp_field(nullable=True)
    failures: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
