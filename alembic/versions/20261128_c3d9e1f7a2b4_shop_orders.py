"""Shop: products, orders tied to the ledger, their event history, purchase limits and payment attempts.

Revision ID: c3d9e1f7a2b4
Revises: a9c4e2b6d803
Create Date: 2026-11-28 10:15:04.116301+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "c3d9e1f7a2b4"
down_revision: str | None = "a9c4e2b6d803"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shop_products",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name_ko", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("price_krw", sa.BigInteger(), nullable=False),
        sa.Column("gold", sa.BigInteger(), nullable=False),
        sa.Column("bonus_gold", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column(
            "items", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("discount_percent", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("discount_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("required_rank", sa.String(length=10), nullable=True),
        sa.Column(
            "rank_discounts",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("sunset_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "required_rank IS NULL OR required_rank IN ('STANDARD', 'PREMIUM', 'VIP')",
            name=op.f("ck_shop_products_rank_known"),
        ),
        sa.CheckConstraint("bonus_gold >= 0", name=op.f("ck_shop_products_bonus_non_negative")),
        sa.CheckConstraint(
            "discount_percent = 0 OR discount_ends_at IS NOT NULL", name=op.f("ck_shop_products_discount_has_end")
        ),
        sa.CheckConstraint("discount_percent BETWEEN 0 AND 90", name=op.f("ck_shop_products_discount_range")),
        sa.CheckConstraint("gold > 0", name=op.f("ck_shop_products_gold_positive")),
        sa.CheckConstraint("price_krw > 0", name=op.f("ck_shop_products_price_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_shop_products_sku")),
    )
    op.create_table(
        "purchase_limits",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day_krw", sa.BigInteger(), nullable=True),
        sa.Column("week_krw", sa.BigInteger(), nullable=True),
        sa.Column("month_krw", sa.BigInteger(), nullable=True),
        sa.Column(
            "pending", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "(day_krw IS NULL OR day_krw > 0) AND (week_krw IS NULL OR week_krw > 0)"
            " AND (month_krw IS NULL OR month_krw > 0)",
            name=op.f("ck_purchase_limits_limits_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_purchase_limits_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_purchase_limits")),
    )
    op.create_table(
        "shop_orders",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=False),
        sa.Column("amount_krw", sa.BigInteger(), nullable=False),
        sa.Column("gold", sa.BigInteger(), nullable=False),
        sa.Column("bonus_gold", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column(
            "items", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("status", sa.String(length=10), server_default="created", nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("payment_ref", sa.String(length=200), nullable=True),
        sa.Column("checkout_url", sa.Text(), nullable=True),
        sa.Column("card_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("transfer_id", sa.BigInteger(), nullable=True),
        sa.Column("refund_transfer_id", sa.BigInteger(), nullable=True),
        sa.Column("refunded_gold", sa.BigInteger(), nullable=True),
        sa.Column("refund_shortfall", sa.BigInteger(), nullable=True),
        sa.Column("receipt_code", sa.String(length=32), nullable=True),
        sa.Column("receipt_signature", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "status IN ('created', 'pending', 'paid', 'failed', 'voided', 'refunded')",
            name=op.f("ck_shop_orders_status_known"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('paid', 'refunded') OR (receipt_code IS NOT NULL AND receipt_signature IS NOT NULL)",
            name=op.f("ck_shop_orders_paid_has_receipt"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('paid', 'refunded') OR transfer_id IS NOT NULL",
            name=op.f("ck_shop_orders_paid_has_transfer"),
        ),
        sa.CheckConstraint("amount_krw > 0", name=op.f("ck_shop_orders_amount_positive")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["shop_products.id"],
            name=op.f("fk_shop_orders_product_id_shop_products"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["refund_transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_shop_orders_refund_transfer_id_ledger_transfers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_shop_orders_transfer_id_ledger_transfers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_shop_orders_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_orders")),
        sa.UniqueConstraint("code", name=op.f("uq_shop_orders_code")),
        sa.UniqueConstraint("receipt_code", name=op.f("uq_shop_orders_receipt_code")),
        sa.UniqueConstraint("user_id", "product_id", "idempotency_key", name="uq_shop_orders_user_product_idem"),
    )
    op.create_index("ix_shop_orders_status_created", "shop_orders", ["status", "created_at"], unique=False)
    op.create_index("ix_shop_orders_user_created", "shop_orders", ["user_id", "created_at"], unique=False)
    op.create_index(
        "ix_shop_orders_user_id_desc", "shop_orders", ["user_id", sa.literal_column("id DESC")], unique=False
    )
    op.create_table(
        "payment_attempts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("card_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('started', 'blocked', 'approved', 'declined', 'canceled', 'failed')",
            name=op.f("ck_payment_attempts_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["shop_orders.id"], name=op.f("fk_payment_attempts_order_id_shop_orders"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_payment_attempts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_attempts")),
    )
    op.create_index("ix_payment_attempts_user_at", "payment_attempts", ["user_id", "at"], unique=False)
    op.create_table(
        "shop_order_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("from_status", sa.String(length=10), nullable=True),
        sa.Column("to_status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column(
            "details", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["shop_orders.id"],
            name=op.f("fk_shop_order_events_order_id_shop_orders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_order_events")),
    )
    op.create_index(op.f("ix_shop_order_events_order_id"), "shop_order_events", ["order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_shop_order_events_order_id"), table_name="shop_order_events")
    op.drop_table("shop_order_events")
    op.drop_index("ix_payment_attempts_user_at", table_name="payment_attempts")
    op.drop_table("payment_attempts")
    op.drop_index("ix_shop_orders_user_id_desc", table_name="shop_orders")
    op.drop_index("ix_shop_orders_user_created", table_name="shop_orders")
    op.drop_index("ix_shop_orders_status_created", table_name="shop_orders")
    op.drop_table("shop_orders")
    op.drop_table("purchase_limits")
    op.drop_table("shop_products")
