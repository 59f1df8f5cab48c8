"""OBS overlay tokens: one per streamer, issued and revoked by staff (issue 16 item 11)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from casino_app.models.base import bigint_pk, timestamp_field


def _staff_fk() -> Any:
    return Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    )


class OverlayToken(SQLModel, table=True):
    """A streamer's key to the overlays, stored only as its SHA-256 (the token is shown once, when issued).

    ``label`` names the streamer for staff; ``revoked_at`` set means the overlays refuse it from then on;
    ``last_used_at`` is when an overlay last showed data with it (written at most once a minute).
    """

    __tablename__ = "overlay_tokens"
    __table_args__ = (sa.CheckConstraint("char_length(label) BETWEEN 1 AND 60", name="label_length"),)

    id: int | None = bigint_pk()
    label: str = Field(sa_column=sa.Column(sa.String(60), nullable=False))
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    created_by: int | None = _staff_fk()
    created_at: datetime = timestamp_field()
    revoked_at: datetime | None = timestamp_field(nullable=True)
    revoked_by: int | None = _staff_fk()
    last_used_at: datetime | None = timestamp_field(nullable=True)
