"""PostgreSQL reads of ``leaderboard_scores`` (the truth): top-N, one player's row and rank, whole boards.

Every read leaves out players who are hidden (``player_preferences``) or whose
account is inactive, and orders by score (higher first), then ``reached_at``
(earlier first), then user id: the order ``cache.encode`` reproduces in Redis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.services.leaderboards.cache import Entry

_BOARD = "s.board = :board AND s.game = :game AND s.period_kind = :kind AND s.period_key = :key"
_VISIBLE = f"""
    FROM leaderboard_scores s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN player_preferences p ON p.user_id = s.user_id
    WHERE {_BOARD} AND u.is_active AND NOT COALESCE(p.leaderboard_hidden, false)
"""
_ORDER = "ORDER BY s.score DESC, s.reached_at, s.user_id"

_TOP = sa.text(f"SELECT s.user_id, s.score, s.reached_at {_VISIBLE} {_ORDER} LIMIT :limit")
_ALL = sa.text(f"SELECT s.user_id, s.score, s.reached_at {_VISIBLE} {_ORDER}")
_AHEAD = sa.text(
    f"SELECT count(*) {_VISIBLE} AND (s.score > :score OR (s.score = :score AND (s.reached_at, s.user_id) < "
    "(:reached_at, :user_id)))"
)
_MINE = sa.text(
    """SELECT s.score, s.reached_at, COALESCE(p.leaderboard_hidden, false)
    FROM leaderboard_scores s LEFT JOIN player_preferences p ON p.user_id = s.user_id
    WHERE s.board = :board AND s.game = :game AND s.period_kind = :kind AND s.period_key = :key
        AND s.user_id = :user_id"""
)
_PEOPLE = sa.text(
    """SELECT u.id, u.nickname, u.is_active AND NOT COALESCE(p.leaderboard_hidden, false)
    FROM users u LEFT JOIN player_preferences p ON p.user_id = u.id WHERE u.id = ANY(:ids)"""
)


@dataclass(frozen=True)
class BoardRef:
    """One board in one period."""

    board: str
    game: str
    kind: str
    key: str

    def params(self) -> dict[str, str]:
        """The SQL parameters naming this board."""
        return {"board": self.board, "game": self.game, "kind": self.kind, "key": self.key}


@dataclass(frozen=True)
class Own:
    """A player's own row on a board."""

    user_id: int
    score: int
    reached_at: datetime
    hidden: bool


@dataclass(frozen=True)
class Person:
    """What a leaderboard shows of a player, and whether they may be shown."""

    nickname: str
    visible: bool


def top(db: Session, ref: BoardRef, limit: int) -> list[Entry]:
    """The best ``limit`` visible players."""
    rows = db.connection().execute(_TOP, {**ref.params(), "limit": limit})
    return [Entry(int(u), int(s), r) for u, s, r in rows]


def everyone(db: Session, ref: BoardRef) -> list[Entry]:
    """Every visible player of the board, best first (what a Redis set is rebuilt from)."""
    rows = db.connection().execute(_ALL, ref.params())
    return [Entry(int(u), int(s), r) for u, s, r in rows]


def own(db: Session, ref: BoardRef, user_id: int) -> Own | None:
    """The player's row on the board (hidden or not), ``None`` when they have not scored."""
    row = db.connection().execute(_MINE, {**ref.params(), "user_id": user_id}).first()
    return None if row is None else Own(user_id, int(row[0]), row[1], bool(row[2]))


def rank(db: Session, ref: BoardRef, mine: Own) -> int:
    """The 1-based rank of a visible player's row among the visible players."""
    params = {**ref.params(), "user_id": mine.user_id, "score": mine.score, "reached_at": mine.reached_at}
    return int(db.connection().execute(_AHEAD, params).scalar_one()) + 1


def people(db: Session, user_ids: Sequence[int]) -> dict[int, Person]:
    """Nickname and visibility of each of ``user_ids`` that exists."""
    if not user_ids:
        return {}
    rows = db.connection().execute(_PEOPLE, {"ids": list(user_ids)})
    return {int(u): Person(str(n), bool(v)) for u, n, v in rows}
