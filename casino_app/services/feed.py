"""The public live feed: Legendary pulls and big wins, pushed to every tab after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.models.accounts import User
from casino_app.models.games import FeedEvent
from casino_app.models.social import FollowRelation
from casino_app.services import realtime

CHANNEL = "feed"


@dataclass(frozen=True)
class FeedItem:
    """One feed line (its text is ``feed.<kind>`` in the i18n catalog)."""

    id: int
    kind: str
    nickname: str
    params: dict[str, Any]
    created_at: datetime
    user_id: int = 0


def announce(db: Session, kind: str, user_id: int, **params: Any) -> None:
    """Record a feed moment in the caller's transaction and broadcast it after commit."""
    nickname = db.execute(sa.select(User.nickname).where(User.id == user_id)).scalar_one()
    now = clock.now()
    table = FeedEvent.__table__
    feed_id = db.execute(
        sa.insert(table).values(kind=kind, user_id=user_id, params=params, created_at=now).returning(table.c.id)
    ).scalar_one()
    payload = {
        "id": feed_id,
        "kind": kind,
        "user_id": user_id,
        "nickname": nickname,
        "params": params,
        "created_at": now.isoformat(),
    }
    after_commit(db, lambda: realtime.to_channel(CHANNEL, "feed", **payload))


def recent(limit: int = 10, *, followed_by: int | None = None) -> list[FeedItem]:
    """The latest feed moments, newest first; with ``followed_by``, only those of players that player follows."""
    table = FeedEvent.__table__
    query = (
        sa.select(table.c.id, table.c.kind, User.nickname, table.c.params, table.c.created_at, table.c.user_id)
        .join(User, User.id == table.c.user_id)
        .order_by(table.c.id.desc())
        .limit(max(1, min(limit, 50)))
    )
    if followed_by is not None:
        follows = FollowRelation.__table__
        query = query.where(
            table.c.user_id.in_(sa.select(follows.c.target_user_id).where(follows.c.user_id == followed_by))
        )
    with session_scope() as db:
        rows = db.execute(query).all()
    return [FeedItem(r.id, r.kind, r.nickname, dict(r.params), r.created_at, r.user_id) for r in rows]
