"""The gold ledger: accounts, transfers (one per business action) and their double-entry legs.

User accounts carry a cached ``balance`` (``CHECK balance >= 0``) updated in
the same transaction as their entries. System accounts (``house:slot``,
``rewards:daily``…) may go negative and keep no cached balance, so they are
never a hot row; their balance is the sum of their entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from casino_app.models.base import timestamp_field

CURRENCIES = ("GOLD",)


class LedgerAccount(SQLModel, table=True):
    """One account per user per currency, plus named system accounts."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('user', 'system')", name="kind_known"),
        sa.CheckConstraint(
            "(kind = 'user' AND user_id IS NOT NULL AND balance IS NOT NULL AND balance >= 0)"
            " OR (kind = 'system' AND user_id IS NULL AND balance IS NULL)",
            name="balance_rules",
        ),
        sa.CheckConstraint(f"currency IN {CURRENCIES!r}".replace(",)", ")"), name="currency_known"),
        sa.UniqueConstraint("user_id", "currency", name="uq_ledger_accounts_user_currency"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    code: str = Field(sa_column=sa.Column(sa.String(60), nullable=False, unique=True))
    kind: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    currency: str = Field(default="GOLD", sa_column=sa.Column(sa.String(10), nullable=False, server_default="GOLD"))
    user_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=True)
    )
    balance: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    created_at: datetime = timestamp_field()


class LedgerTransfer(SQLModel, table=True):
    """One business action that moves gold; immutable, unique by idempotency key."""

    __tablename__ = "ledger_transfers"

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    idempotency_key: str = Field(sa_column=sa.Column(sa.String(160), nullable=False, unique=True))
    request_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    reference: str = Field(default="", sa_column=sa.Column(sa.String(100), nullable=False, server_default=""))
    actor_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    memo: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    )
    created_at: datetime = timestamp_field(index=True)


class LedgerEntry(SQLModel, table=True):
    """One side of one leg: a signed amount on one account (each leg's two entries sum to zero)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.CheckConstraint("amount <> 0", name="amount_non_zero"),
        sa.Index("ix_ledger_entries_account_id_desc", "account_id", sa.text("id DESC")),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
    transfer_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("ledger_transfers.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    leg: int = Field(sa_column=sa.Column(sa.SmallInteger, nullable=False))
    account_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ledger_accounts.id", ondelete="RESTRICT"), nullable=False)
    )
    kind: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    amount: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    balance_after: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    created_at: datetime = timestamp_field()


class IdempotencyRecord(SQLModel, table=True):
    """A REST call made with an ``Idempotency-Key``: its request fingerprint and the response to replay."""

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.PrimaryKeyConstraint("user_id", "key", name="pk_idempotency_records"),)

    user_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    key: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    request_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    status_code: int = Field(sa_column=sa.Column(sa.SmallInteger, nullable=False))
    # The exact JSON bytes sent the first time, so a replay is byte-for-byte identical.
    response_body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = timestamp_field(index=True)
