"""Follows: a player follows another player (idempotent), unfollows, lists whom they follow.

Only active players can be followed; staff accounts and deactivated players answer
404 like an unknown id, so following reveals nothing a public profile would not.
A new follow is counted for progression (``Kind.FOLLOW``) in the same transaction,
and only the first time the pair ever follows: unfollowing and following again is
not a new action (``follow_firsts``), so a mission cannot be farmed that way.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import BadRequest, Conflict, NotFound
from casino_app.models.accounts import User
from casino_app.models.social import FollowFirst, FollowRelation
from casino_app.services import actions

MAX_FOLLOWING = 1_000  # a sanity bound: the feed filter keeps the followed ids in each tab's state
MAX_PAGE = 100

_follows = FollowRelation.__table__
_users = User.__table__


@dataclass(frozen=True)
class FollowState:
    """Whether the viewer follows the target, and the target's follower count."""

    following: bool
    follower_count: int


@dataclass(frozen=True)
class FollowedPlayer:
    """A player someone follows."""

    user_id: int
    nickname: str


@dataclass(frozen=True)
class FollowPage:
    """One page of the players someone follows (newest follow first) and how many there are."""

    total: int
    items: list[FollowedPlayer]


def _active_player() -> sa.ColumnElement[bool]:
    return sa.and_(_users.c.is_active.is_(True), _users.c.staff_role.is_(None))


def _check_target(db: Session, user_id: int, target_id: int, *, followable: bool) -> None:
    if user_id == target_id:
        raise BadRequest(code="FOLLOW_SELF", details={"user_id": target_id})
    query = sa.select(_users.c.id).where(_users.c.id == target_id)
    if followable:
        query = query.where(_active_player())
    if db.execute(query).first() is None:
        raise NotFound(details={"user_id": target_id})


def _follower_count(db: Session, target_id: int) -> int:
    return int(
        db.execute(
            sa.select(sa.func.count())
            .select_from(_follows.join(_users, _users.c.id == _follows.c.user_id))
            .where(_follows.c.target_user_id == target_id, _users.c.is_active.is_(True))
        ).scalar_one()
    )


def _following_count(db: Session, user_id: int) -> int:
    return int(
        db.execute(
            sa.select(sa.func.count())
            .select_from(_follows.join(_users, _users.c.id == _follows.c.target_user_id))
            .where(_follows.c.user_id == user_id, _active_player())
        ).scalar_one()
    )


def follow(user_id: int, target_id: int) -> FollowState:
    """``user_id`` follows ``target_id``; following again changes nothing (idempotent).

    Raises ``BadRequest`` FOLLOW_SELF, ``NotFound`` for an unknown, staff or
    inactive target, and ``Conflict`` FOLLOW_LIMIT past ``MAX_FOLLOWING``. The
    follower's follows are serialised by an advisory lock, so the bound holds
    under concurrent requests; the unique pair makes a concurrent duplicate a no-op.
    """
    with session_scope() as db:
        _check_target(db, user_id, target_id, followable=True)
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('social:follow:' || :u))"), {"u": str(user_id)})
        exists = db.execute(
            sa.select(_follows.c.id).where(_follows.c.user_id == user_id, _follows.c.target_user_id == target_id)
        ).first()
        if exists is None:
            if _following_count(db, user_id) >= MAX_FOLLOWING:
                raise Conflict(code="FOLLOW_LIMIT", details={"limit": MAX_FOLLOWING})
            now = clock.now()
            db.execute(
                insert(_follows)
                .values(user_id=user_id, target_user_id=target_id, created_at=now)
                .on_conflict_do_nothing(constraint="uq_follow_user_target")
            )
            first = db.execute(
                insert(FollowFirst.__table__)
                .values(user_id=user_id, target_user_id=target_id, first_at=now)
                .on_conflict_do_nothing(index_elements=["user_id", "target_user_id"])
                .returning(FollowFirst.__table__.c.user_id)
            ).first()
            if first is not None:
                actions.record(db, actions.Action(user_id, actions.Kind.FOLLOW))
        return FollowState(True, _follower_count(db, target_id))


def unfollow(user_id: int, target_id: int) -> FollowState:
    """Stop following (idempotent). ``NotFound`` only for an id that is no account at all."""
    with session_scope() as db:
        _check_target(db, user_id, target_id, followable=False)
        db.execute(sa.delete(_follows).where(_follows.c.user_id == user_id, _follows.c.target_user_id == target_id))
        return FollowState(False, _follower_count(db, target_id))


def state(viewer_id: int, target_id: int) -> FollowState:
    """Whether ``viewer_id`` follows ``target_id`` (a followable player, or the viewer themselves)."""
    with session_scope() as db:
        if viewer_id != target_id:
            _check_target(db, viewer_id, target_id, followable=True)
        following = db.execute(
            sa.select(_follows.c.id).where(_follows.c.user_id == viewer_id, _follows.c.target_user_id == target_id)
        ).first()
        return FollowState(following is not None, _follower_count(db, target_id))


def following(user_id: int, *, limit: int = 20, offset: int = 0) -> FollowPage:
    """The active players ``user_id`` follows, newest follow first (``limit`` 1..100, ``offset`` ≥ 0)."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    with session_scope() as db:
        rows = db.execute(
            sa.select(_users.c.id, _users.c.nickname)
            .select_from(_follows.join(_users, _users.c.id == _follows.c.target_user_id))
            .where(_follows.c.user_id == user_id, _active_player())
            .order_by(_follows.c.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        return FollowPage(_following_count(db, user_id), [FollowedPlayer(r.id, r.nickname) for r in rows])


def counts(user_id: int) -> tuple[int, int]:
    """(followers, following) of ``user_id``."""
    with session_scope() as db:
        return _follower_count(db, user_id), _following_count(db, user_id)


def followed_ids(user_id: int) -> list[int]:
    """Ids of everyone ``user_id`` follows (at most ``MAX_FOLLOWING``), for filtering live feed pushes."""
    with session_scope() as db:
        return [
            int(i)
            for i in db.execute(
                sa.select(_follows.c.target_user_id).where(_follows.c.user_id == user_id).limit(MAX_FOLLOWING)
            ).scalars()
        ]
