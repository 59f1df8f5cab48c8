"""The shop: products (the catalog), orders tied to the ledger, their history, purchase limits, payment attempts.

An order moves ``created → pending → paid | failed | voided`` and ``paid →
refunded``; every transition is one conditional update plus one
``shop_order_events`` row in the same transaction. Gold is credited (one
ledger transfer, ``transfer_id``) only when the order becomes paid.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.accounts import RANKS
from casino_app.models.base import bigint_pk, timestamp_field

ORDER_STATUSES = ("created", "pending", "paid", "failed", "voided", "refunded")
ATTEMPT_OUTCOMES = ("started", "blocked", "approved", "declined", "canceled", "failed")


def _jsonb(default: str = "'{}'::jsonb") -> Any:
    return Field(default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text(default)))


class ShopProduct(SQLModel, table=True):
    """A gold package for sale: a price in won, the gold and bonus it grants, optional extra items."""

    __tablename__ = "shop_products"
    __table_args__ = (
        sa.CheckConstraint("price_krw > 0", name="price_positive"),
        sa.CheckConstraint("gold > 0", name="gold_positive"),
        sa.CheckConstraint("bonus_gold >= 0", name="bonus_non_negative"),
        sa.CheckConstraint("discount_percent BETWEEN 0 AND 90", name="discount_range"),
        sa.CheckConstraint("discount_percent = 0 OR discount_ends_at IS NOT NULL", name="discount_has_end"),
        sa.CheckConstraint(f"required_rank IS NULL OR required_rank IN {RANKS!r}", name="rank_known"),
    )

    id: int | None = bigint_pk()
    sku: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    name_ko: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    name_en: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    price_krw: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    gold: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    bonus_gold: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    items: dict[str, int] = _jsonb()  # extra items granted with the gold, e.g. {"roulette_ticket": 3}
    discount_percent: int = Field(default=0, sa_column=sa.Column(sa.SmallInteger, nullable=False, server_default="0"))
    discount_ends_at: datetime | None = timestamp_field(nullable=True)
    required_rank: str | None = Field(default=None, sa_column=sa.Column(sa.String(10), nullable=True))
    rank_discounts: dict[str, int] = _jsonb()  # percent off per rank, e.g. {"VIP": 10}
    sort_order: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    sunset_at: datetime | None = timestamp_field(nullable=True)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ShopOrder(SQLModel, table=True):
    """One purchase: the amount is computed on the server; the gold moves only when it becomes paid."""

    __tablename__ = "shop_orders"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "product_id", "idempotency_key", name="uq_shop_orders_user_product_idem"),
        # A limited-package order has no product: the same idempotency rule, keyed by the package.
        sa.UniqueConstraint(
            "user_id", "limited_package_id", "idempotency_key", name="uq_shop_orders_user_limited_idem"
        ),
        sa.CheckConstraint("(product_id IS NULL) <> (limited_package_id IS NULL)", name="one_item"),
        sa.CheckConstraint("discount_krw >= 0", name="discount_non_negative"),
        sa.CheckConstraint(f"status IN {ORDER_STATUSES!r}", name="status_known"),
        sa.CheckConstraint("amount_krw > 0", name="amount_positive"),
        sa.CheckConstraint("status NOT IN ('paid', 'refunded') OR transfer_id IS NOT NULL", name="paid_has_transfer"),
        sa.CheckConstraint(
            "status NOT IN ('paid', 'refunded') OR (receipt_code IS NOT NULL AND receipt_signature IS NOT NULL)",
            name="paid_has_receipt",
        ),
        sa.Index("ix_shop_orders_user_id_desc", "user_id", sa.text("id DESC")),
        sa.Index("ix_shop_orders_user_created", "user_id", "created_at"),
        sa.Index("ix_shop_orders_status_created", "status", "created_at"),
    )

    id: int | None = bigint_pk()
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    )
    product_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("shop_products.id", ondelete="RESTRICT"), nullable=True),
    )
    # Limited packages and promo codes (``models/limited.py``): the package sold instead of a product,
    # the promo code applied and the won it took off (``amount_krw`` is already the discounted price).
    limited_package_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("limited_packages.id", ondelete="RESTRICT"), nullable=True),
    )
    promo_code_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("promo_codes.id", ondelete="RESTRICT"), nullable=True),
    )
    discount_krw: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    idempotency_key: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    amount_krw: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    gold: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    bonus_gold: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    items: dict[str, int] = _jsonb()
    status: str = Field(default="created", sa_column=sa.Column(sa.String(10), nullable=False, server_default="created"))
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    provider: str = Field(sa_column=sa.Column(sa.String(20), nullable=False))
    payment_ref: str | None = Field(default=None, sa_column=sa.Column(sa.String(200), nullable=True))
    checkout_url: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    card_fingerprint: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    transfer_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id", ondelete="RESTRICT"), nullable=True),
    )
    refund_transfer_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_transfers.id", ondelete="RESTRICT"), nullable=True),
    )
    refunded_gold: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    refund_shortfall: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    receipt_code: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True, unique=True))
    receipt_signature: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    created_at: datetime = timestamp_field()
    paid_at: datetime | None = timestamp_field(nullable=True)
    refunded_at: datetime | None = timestamp_field(nullable=True)
    updated_at: datetime = timestamp_field()


class ShopOrderEvent(SQLModel, table=True):
    """Append-only history of an order: each transition with its reason and who caused it."""

    __tablename__ = "shop_order_events"

    id: int | None = bigint_pk()
    order_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("shop_orders.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    from_status: str | None = Field(default=None, sa_column=sa.Column(sa.String(10), nullable=True))
    to_status: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    actor: str = Field(sa_column=sa.Column(sa.String(40), nullable=False))  # player:<id>, staff:<id>, provider, job
    details: dict[str, Any] = _jsonb()
    created_at: datetime = timestamp_field()


class PurchaseLimit(SQLModel, table=True):
    """A player's own purchase limits in won (NULL: none) and increases waiting out their 24 hours.

    ``pending`` maps a period (``day``/``week``/``month``) to ``{"krw": int | null, "effective_at": iso}``.
    """

    __tablename__ = "purchase_limits"
    __table_args__ = (
        sa.CheckConstraint(
            "(day_krw IS NULL OR day_krw > 0) AND (week_krw IS NULL OR week_krw > 0)"
            " AND (month_krw IS NULL OR month_krw > 0)",
            name="limits_positive",
        ),
    )

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    day_krw: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    week_krw: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    month_krw: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    pending: dict[str, Any] = _jsonb()
    updated_at: datetime = timestamp_field()


class PaymentAttempt(SQLModel, table=True):
    """One attempt to pay (or a blocked one), for the fraud velocity rule."""

    __tablename__ = "payment_attempts"
    __table_args__ = (
        sa.CheckConstraint(f"outcome IN {ATTEMPT_OUTCOMES!r}", name="outcome_known"),
        sa.Index("ix_payment_attempts_user_at", "user_id", "at"),
    )

    id: int | None = bigint_pk()
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    order_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("shop_orders.id", ondelete="SET NULL"), nullable=True),
    )
    at: datetime = timestamp_field()
    card_fingerprint: str | None = Field(default=None, sa_column=sa.Column(sa.String(64), nullable=True))
    outcome: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
