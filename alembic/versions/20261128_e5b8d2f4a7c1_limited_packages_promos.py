"""Limited packages (sale window, stock held/confirmed/released, per-player limit) and promo codes.

``shop_orders`` gains ``limited_package_id`` (an order sells a product *or* a
limited package: ``product_id`` becomes nullable, a CHECK keeps exactly one),
``promo_code_id`` and ``discount_krw``; ``UNIQUE (user_id, limited_package_id,
idempotency_key)`` is the limited orders' equivalent of the products' key.
Downgrading deletes the limited-package orders (they cannot exist without
their package).

Revision ID: e5b8d2f4a7c1
Revises: c3d9e1f7a2b4
Create Date: 2026-11-28 10:33:27.600912+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "e5b8d2f4a7c1"
down_revision: str | None = "c3d9e1f7a2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "limited_packages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_ko", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("price_krw", sa.BigInteger(), nullable=False),
        sa.Column("gold", sa.BigInteger(), nullable=False),
        sa.Column("bonus_gold", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column(
            "items", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total_stock", sa.Integer(), nullable=True),
        sa.Column("sold", sa.Integer(), server_default="0", nullable=False),
        sa.Column("held", sa.Integer(), server_default="0", nullable=False),
        sa.Column("per_user_limit", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("bonus_gold >= 0", name=op.f("ck_limited_packages_bonus_non_negative")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_limited_packages_window_order")),
        sa.CheckConstraint("gold > 0", name=op.f("ck_limited_packages_gold_positive")),
        sa.CheckConstraint(
            "per_user_limit IS NULL OR per_user_limit >= 1", name=op.f("ck_limited_packages_per_user_limit_positive")
        ),
        sa.CheckConstraint("price_krw >= 100", name=op.f("ck_limited_packages_price_positive")),
        sa.CheckConstraint("sold >= 0 AND held >= 0", name=op.f("ck_limited_packages_counts_non_negative")),
        sa.CheckConstraint(
            "total_stock IS NULL OR sold + held <= total_stock", name=op.f("ck_limited_packages_no_oversell")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limited_packages")),
        sa.UniqueConstraint("code", name=op.f("uq_limited_packages_code")),
    )
    op.create_table(
        "promo_codes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("percent_off", sa.SmallInteger(), nullable=True),
        sa.Column("amount_off_krw", sa.BigInteger(), nullable=True),
        sa.Column("package_id", sa.BigInteger(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("used_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("once_per_player", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "(kind = 'percent' AND percent_off BETWEEN 1 AND 90 AND amount_off_krw IS NULL) OR (kind = 'fixed' AND amount_off_krw > 0 AND percent_off IS NULL)",
            name=op.f("ck_promo_codes_discount_shape"),
        ),
        sa.CheckConstraint("kind IN ('percent', 'fixed')", name=op.f("ck_promo_codes_kind_known")),
        sa.CheckConstraint(
            "ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at", name=op.f("ck_promo_codes_window_order")
        ),
        sa.CheckConstraint("max_uses IS NULL OR max_uses >= 1", name=op.f("ck_promo_codes_max_uses_positive")),
        sa.CheckConstraint(
            "used_count >= 0 AND (max_uses IS NULL OR used_count <= max_uses)",
            name=op.f("ck_promo_codes_uses_within_max"),
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["limited_packages.id"],
            name=op.f("fk_promo_codes_package_id_limited_packages"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promo_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_promo_codes_code")),
    )
    op.create_table(
        "limited_stock_holds",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("package_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
        sa.Column("state", sa.String(length=10), server_default="held", nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('held', 'confirmed', 'released')", name=op.f("ck_limited_stock_holds_state_known")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_limited_stock_holds_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["shop_orders.id"],
            name=op.f("fk_limited_stock_holds_order_id_shop_orders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["limited_packages.id"],
            name=op.f("fk_limited_stock_holds_package_id_limited_packages"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_limited_stock_holds_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limited_stock_holds")),
        sa.UniqueConstraint("order_id", name=op.f("uq_limited_stock_holds_order_id")),
    )
    op.create_index(
        "ix_limited_stock_holds_expiry",
        "limited_stock_holds",
        ["expires_at"],
        unique=False,
        postgresql_where=sa.text("state = 'held'"),
    )
    op.create_index(
        "ix_limited_stock_holds_package_user", "limited_stock_holds", ["package_id", "user_id", "state"], unique=False
    )
    op.create_table(
        "promo_usages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("promo_code_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("package_id", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("discount_krw", sa.BigInteger(), nullable=False),
        sa.Column("once_per_player", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("discount_krw > 0", name=op.f("ck_promo_usages_discount_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["shop_orders.id"], name=op.f("fk_promo_usages_order_id_shop_orders"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["limited_packages.id"],
            name=op.f("fk_promo_usages_package_id_limited_packages"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["promo_code_id"],
            ["promo_codes.id"],
            name=op.f("fk_promo_usages_promo_code_id_promo_codes"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_promo_usages_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promo_usages")),
        sa.UniqueConstraint("order_id", name=op.f("uq_promo_usages_order_id")),
    )
    op.create_index("ix_promo_usages_code", "promo_usages", ["promo_code_id"], unique=False)
    op.create_index("ix_promo_usages_package_code", "promo_usages", ["package_id", "promo_code_id"], unique=False)
    op.create_index(
        "uq_promo_usages_once_per_player",
        "promo_usages",
        ["promo_code_id", "user_id"],
        unique=True,
        postgresql_where=sa.text("once_per_player AND released_at IS NULL"),
    )
    op.add_column("shop_orders", sa.Column("limited_package_id", sa.BigInteger(), nullable=True))
    op.add_column("shop_orders", sa.Column("promo_code_id", sa.BigInteger(), nullable=True))
    op.add_column("shop_orders", sa.Column("discount_krw", sa.BigInteger(), server_default="0", nullable=False))
    op.alter_column("shop_orders", "product_id", existing_type=sa.BIGINT(), nullable=True)
    op.create_unique_constraint(
        "uq_shop_orders_user_limited_idem", "shop_orders", ["user_id", "limited_package_id", "idempotency_key"]
    )
    op.create_check_constraint(
        op.f("ck_shop_orders_one_item"), "shop_orders", "(product_id IS NULL) <> (limited_package_id IS NULL)"
    )
    op.create_check_constraint(op.f("ck_shop_orders_discount_non_negative"), "shop_orders", "discount_krw >= 0")
    op.create_foreign_key(
        op.f("fk_shop_orders_promo_code_id_promo_codes"),
        "shop_orders",
        "promo_codes",
        ["promo_code_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.create_foreign_key(
        op.f("fk_shop_orders_limited_package_id_limited_packages"),
        "shop_orders",
        "limited_packages",
        ["limited_package_id"],
        ["id"],
        ondelete="RESTRICT",
    )


def downgrade() -> None:
    op.drop_index(
        "uq_promo_usages_once_per_player",
        table_name="promo_usages",
        postgresql_where=sa.text("once_per_player AND released_at IS NULL"),
    )
    op.drop_index("ix_promo_usages_package_code", table_name="promo_usages")
    op.drop_index("ix_promo_usages_code", table_name="promo_usages")
    op.drop_table("promo_usages")
    op.drop_index("ix_limited_stock_holds_package_user", table_name="limited_stock_holds")
    op.drop_index(
        "ix_limited_stock_holds_expiry", table_name="limited_stock_holds", postgresql_where=sa.text("state = 'held'")
    )
    op.drop_table("limited_stock_holds")
    limited = "SELECT id FROM shop_orders WHERE limited_package_id IS NOT NULL"
    op.execute(f"DELETE FROM shop_order_events WHERE order_id IN ({limited})")  # noqa: S608 - constant SQL
    op.execute(f"UPDATE payment_attempts SET order_id = NULL WHERE order_id IN ({limited})")  # noqa: S608
    op.execute("DELETE FROM shop_orders WHERE limited_package_id IS NOT NULL")
    op.drop_constraint(op.f("ck_shop_orders_discount_non_negative"), "shop_orders", type_="check")
    op.drop_constraint(op.f("ck_shop_orders_one_item"), "shop_orders", type_="check")
    op.drop_constraint(op.f("fk_shop_orders_limited_package_id_limited_packages"), "shop_orders", type_="foreignkey")
    op.drop_constraint(op.f("fk_shop_orders_promo_code_id_promo_codes"), "shop_orders", type_="foreignkey")
    op.drop_constraint("uq_shop_orders_user_limited_idem", "shop_orders", type_="unique")
    op.alter_column("shop_orders", "product_id", existing_type=sa.BIGINT(), nullable=False)
    op.drop_column("shop_orders", "discount_krw")
    op.drop_column("shop_orders", "promo_code_id")
    op.drop_column("shop_orders", "limited_package_id")
    op.drop_table("promo_codes")
    op.drop_table("limited_packages")
