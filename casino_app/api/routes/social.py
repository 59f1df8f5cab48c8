"""``/api/games/follow``: follow and unfollow players, list whom I follow; ``/api/users/{id}/follow``: state.

Included before the game routes, so ``/api/games/follow/...`` never reads as a game key.
"""

from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Path, Query

from casino_app.api.deps import Player
from casino_app.api.routes import leaderboards
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.social import follows

router = APIRouter()  # tags per route: routers included here keep their own
TAGS: list[str | Enum] = ["social"]
router.include_router(leaderboards.router)

UserId = Path(ge=1, le=2**63 - 1, description="the player's id")


class FollowOut(ResponseModel):
    """Whether the caller now follows the player, and the player's follower count."""

    following: bool
    follower_count: int


class FollowStateOut(FollowOut):
    """``FollowOut`` plus how many players this player follows."""

    following_count: int


class FollowedOut(ResponseModel):
    """A player the caller follows."""

    user_id: int
    nickname: str


class FollowListOut(ResponseModel):
    """One page of the players the caller follows (newest follow first)."""

    total: int
    items: list[FollowedOut]


@router.get("/api/games/follow/list", tags=TAGS, responses=errors(401, 403))
def follow_list(
    user: Player,
    limit: int = Query(20, ge=1, le=follows.MAX_PAGE),
    offset: int = Query(0, ge=0, le=follows.MAX_FOLLOWING),
) -> FollowListOut:
    """The players the caller follows."""
    page = follows.following(user.id, limit=limit, offset=offset)
    return FollowListOut(
        total=page.total, items=[FollowedOut(user_id=i.user_id, nickname=i.nickname) for i in page.items]
    )


@router.post("/api/games/follow/{user_id}", tags=TAGS, responses=errors(400, 401, 403, 404, 409))
def follow(user: Player, user_id: int = UserId) -> FollowOut:
    """Follow a player (idempotent). Yourself: 400 FOLLOW_SELF; unknown, staff or inactive: 404."""
    result = follows.follow(user.id, user_id)
    return FollowOut(following=result.following, follower_count=result.follower_count)


@router.delete("/api/games/follow/{user_id}", tags=TAGS, responses=errors(400, 401, 403, 404))
def unfollow(user: Player, user_id: int = UserId) -> FollowOut:
    """Stop following a player (idempotent)."""
    result = follows.unfollow(user.id, user_id)
    return FollowOut(following=result.following, follower_count=result.follower_count)


@router.get("/api/users/{user_id}/follow", tags=TAGS, responses=errors(401, 403, 404))
def follow_state(user: Player, user_id: int = UserId) -> FollowStateOut:
    """Whether the caller follows this player, and the player's follower and following counts."""
    result = follows.state(user.id, user_id)
    _, following_count = follows.counts(user_id)
    return FollowStateOut(
        following=result.following, follower_count=result.follower_count, following_count=following_count
    )
