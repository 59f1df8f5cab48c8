"""Shared model plumbing: one metadata with stable constraint names, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Deterministic constraint names keep autogenerate diffs empty and downgrades exact.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata


def utcnow() -> datetime:
    """Timezone-aware current UTC time (the only timestamps stored)."""
    return datetime.now(UTC)


def timestamp_field(*, nullable: bool = False, index: bool = False, default_now: bool = True) -> Any:
    """A ``timestamptz`` column, defaulting to now() on the server."""
    return Field(
        default=None,
        sa_column=sa.Column(
            sa.DateTime(timezone=True),
            nullable=nullable,
            index=index,
            server_default=sa.func.now() if default_now and not nullable else None,
        ),
    )


def bigint_pk() -> Any:
    """A ``bigint`` identity primary key."""
    return Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.Identity(), primary_key=True))
