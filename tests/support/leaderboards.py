"""Helpers for the leaderboard tests: record actions, read the table, build every Redis set."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.services import actions
from casino_app.services.actions import Action, Kind
from casino_app.services.leaderboards import boards
from casino_app.services.leaderboards.periods import PeriodKind, period_of


def act(user_id: int, kind: Kind, at: datetime, **fields: object) -> None:
    """Record one action in its own transaction, through every listener (as the services do)."""
    with session_scope() as db:
        actions.record(db, Action(user_id, kind, at=at, **fields))  # type: ignore[arg-type]


def scores(board: str, game: str, period_key: str) -> dict[int, int]:
    """user id → score of one board and period in PostgreSQL (hidden players included)."""
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT user_id, score FROM leaderboard_scores WHERE board = :b AND game = :g AND period_key = :k"),
            {"b": board, "g": game, "k": period_key},
        )
        return {int(u): int(s) for u, s in rows}


def build_all(at: datetime) -> list[tuple[str, str, str, str]]:
    """Rebuild every board of the periods containing ``at``; return their (board, game, kind, period key)."""
    built = []
    for kind in PeriodKind:
        key = period_of(kind, at).key
        for board, game in boards.every_board():
            boards.rebuild(board.value, game, kind.value, key)
            built.append((board.value, game, kind.value, key))
    return built
