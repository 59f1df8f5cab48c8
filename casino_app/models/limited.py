"""Limited packages (a sale window, a finite stock, a per-player limit), their stock holds, promo codes.

A limited package is bought through an ordinary ``shop_orders`` row
(``limited_package_id`` instead of ``product_id``), so it follows the shop's
state machine, gateway, webhooks, receipts and refunds. Stock is counted on
the package row itself (``sold``, ``held``) and changed only by conditional
``UPDATE`` statements in the order's transaction; ``CHECK (sold + held <=
total_stock)`` makes an oversell impossible even for a buggy caller.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field

HOLD_STATES = ("held", "confirmed", "released")
PROMO_KINDS = ("percent", "fixed")


def _jsonb() -> Any:
    return Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )


def _fk(target: str, *, nullable: bool = False, ondelete: str = "RESTRICT", unique: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, unique=unique or None
        ),
    )


class LimitedPackage(SQLModel, table=True):
    """A package sold only inside its window, from a finite stock (NULL: no cap), at most N per player."""

    __tablename__ = "limited_packages"
    __table_args__ = (
        sa.CheckConstraint("price_krw >= 100", name="price_positive"),
        sa.CheckConstraint("gold > 0", name="gold_positive"),
        sa.CheckConstraint("bonus_gold >= 0", name="bonus_non_negative"),
        sa.CheckConstraint("ends_at > starts_at", name="window_order"),
        sa.CheckConstraint("sold >= 0 AND held >= 0", name="counts_non_negative"),
        sa.CheckConstraint("total_stock IS NULL OR sold + held <= total_stock", name="no_oversell"),
        sa.CheckConstraint("per_user_limit IS NULL OR per_user_limit >= 1", name="per_user_limit_positive"),
    )

    id: int | None = bigint_pk()
    code: str = Field(sa_column=sa.Column(sa.String(40), nullable=False, unique=True))
    name_ko: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    name_en: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    price_krw: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    gold: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    bonus_gold: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
    items: dict[str, int] = _jsonb()
    starts_at: datetime = timestamp_field(default_now=False)
    ends_at: datetime = timestamp_field(default_now=False)
    total_stock: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    sold: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    held: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    per_user_limit: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    sort_order: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class LimitedStockHold(SQLModel, table=True):
    """Stock taken by one order: ``held`` while the order is open, then ``confirmed`` (paid) or ``released``."""

    __tablename__ = "limited_stock_holds"
    __table_args__ = (
        sa.CheckConstraint(f"state IN {HOLD_STATES!r}", name="state_known"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_limited_stock_holds_package_user", "package_id", "user_id", "state"),
        sa.Index("ix_limited_stock_holds_expiry", "expires_at", postgresql_where=sa.text("state = 'held'")),
    )

    id: int | None = bigint_pk()
    order_id: int = _fk("shop_orders.id", unique=True)
    package_id: int = _fk("limited_packages.id")
    user_id: int = _fk("users.id")
    quantity: int = Field(default=1, sa_column=sa.Column(sa.Integer, nullable=False, server_default="1"))
    state: str = Field(default="held", sa_column=sa.Column(sa.String(10), nullable=False, server_default="held"))
    expires_at: datetime = timestamp_field(default_now=False)
    created_at: datetime = timestamp_field()
    settled_at: datetime | None = timestamp_field(nullable=True)


class PromoCode(SQLModel, table=True):
    """A code worth a percentage or a fixed number of won off a limited package, inside its window."""

    __tablename__ = "promo_codes"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN {PROMO_KINDS!r}", name="kind_known"),
        sa.CheckConstraint(
            "(kind = 'percent' AND percent_off BETWEEN 1 AND 90 AND amount_off_krw IS NULL)"
            " OR (kind = 'fixed' AND amount_off_krw > 0 AND percent_off IS NULL)",
            name="discount_shape",
        ),
        sa.CheckConstraint("ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at", name="window_order"),
        sa.CheckConstraint("max_uses IS NULL OR max_uses >= 1", name="max_uses_positive"),
        sa.CheckConstraint("used_count >= 0 AND (max_uses IS NULL OR used_count <= max_uses)", name="uses_within_max"),
    )

    id: int | None = bigint_pk()
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    kind: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    percent_off: int | None = Field(default=None, sa_column=sa.Column(sa.SmallInteger, nullable=True))
    amount_off_krw: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    package_id: int | None = _fk("limited_packages.id", nullable=True)  # NULL: any limited package
    starts_at: datetime | None = timestamp_field(nullable=True)
    ends_at: datetime | None = timestamp_field(nullable=True)
    max_uses: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    used_count: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0"))
    once_per_player: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )
    is_active: bool = Field(default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true()))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class PromoUsage(SQLModel, table=True):
    """One use of a promo code by one order; ``released_at`` set when the order failed or was voided.

    A once-per-player code may have one live (unreleased) use per player: the
    partial unique index is the database's guarantee of "once per player".
    """

    __tablename__ = "promo_usages"
    __table_args__ = (
        sa.CheckConstraint("discount_krw > 0", name="discount_positive"),
        sa.Index("ix_promo_usages_code", "promo_code_id"),
        sa.Index("ix_promo_usages_package_code", "package_id", "promo_code_id"),
        sa.Index(
            "uq_promo_usages_once_per_player",
            "promo_code_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text("once_per_player AND released_at IS NULL"),
        ),
    )

    id: int | None = bigint_pk()
    promo_code_id: int = _fk("promo_codes.id")
    user_id: int = _fk("users.id")
    package_id: int = _fk("limited_packages.id")
    order_id: int = _fk("shop_orders.id", unique=True)
    discount_krw: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    once_per_player: bool = Field(sa_column=sa.Column(sa.Boolean, nullable=False))
    created_at: datetime = timestamp_field()
    released_at: datetime | None = timestamp_field(nullable=True)
