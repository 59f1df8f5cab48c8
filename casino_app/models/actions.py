"""How many times each player did each countable action (``services.actions``), per game where one applies."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class PlayerActionCount(SQLModel, table=True):
    """A running total per player, action and game (``''`` when the action has no game)."""

    __tablename__ = "player_action_counts"
    __table_args__ = (sa.CheckConstraint("total >= 0", name="total_non_negative"),)

    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    action: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    game: str = Field(default="", sa_column=sa.Column(sa.String(20), primary_key=True, server_default=""))
    total: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))
