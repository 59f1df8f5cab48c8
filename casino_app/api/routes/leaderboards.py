"""Leaderboards: ``GET /api/games/leaderboard``, the hide-me setting, and the staff rebuild of the Redis sets.

``board`` defaults to ``multiplier`` when ``game_type`` names a game (the only
board kept per game) and to ``xp`` otherwise; ``period`` defaults to ``weekly``
and also accepts ``day`` / ``week``. Scores: XP, missions completed, or the best
single-round multiplier in basis points (``unit`` says which; 25000 = 2.5x).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from casino_app.api.deps import Client, CurrentUser, Operator, Player
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.services.games import registry
from casino_app.services.leaderboards import admin, boards, preferences
from casino_app.services.leaderboards.periods import ALL_GAMES, Board, PeriodKind

router = APIRouter(tags=["leaderboards"])

_PERIODS = {"daily": PeriodKind.DAILY, "day": PeriodKind.DAILY, "weekly": PeriodKind.WEEKLY, "week": PeriodKind.WEEKLY}
_UNITS = {Board.XP: "xp", Board.MISSIONS: "missions", Board.MULTIPLIER: "multiplier_bp"}


class ItemOut(ResponseModel):
    """One ranked player."""

    rank: int
    user_id: int
    nickname: str
    score: int


class MeOut(ResponseModel):
    """The caller's own standing (``rank`` is null while they hide from leaderboards)."""

    rank: int | None
    score: int
    hidden: bool


class LeaderboardOut(ResponseModel):
    """The top players of the current KST day or week."""

    board: Literal["xp", "missions", "multiplier"]
    game_type: str
    period: Literal["daily", "weekly"]
    period_key: str
    starts_at: datetime
    ends_at: datetime
    unit: Literal["xp", "missions", "multiplier_bp"]
    items: list[ItemOut]
    me: MeOut | None


class VisibilityIn(ApiModel):
    """Hide from (``true``) or show on (``false``) every leaderboard."""

    hidden: bool


class VisibilityOut(ResponseModel):
    """Whether the caller is hidden from leaderboards."""

    hidden: bool


class RebuildIn(ApiModel):
    """Why the sets are rebuilt (kept in the audit log)."""

    reason: Annotated[str, Field(min_length=1, max_length=admin.MAX_REASON), text(admin.MAX_REASON, "reason")]


class RebuiltOut(ResponseModel):
    """One rebuilt Redis set and its size before (null: it was not built) and after."""

    key: str
    before: int | None
    after: int


@router.get("/api/games/leaderboard", responses=errors(401))
def leaderboard(
    user: CurrentUser,
    game_type: Annotated[
        str,
        Query(
            max_length=20,
            pattern=r"^[a-z0-9_]*$",
            description="a game key, or all (empty: all)",
            json_schema_extra={"enum": ["", "all", *registry.keys()]},
        ),
    ] = "",
    period: Annotated[Literal["daily", "weekly", "day", "week"], Query()] = "weekly",
    board: Annotated[Board | None, Query(description="xp, missions or multiplier")] = None,
    limit: Annotated[int, Query(ge=1, le=boards.MAX_LIMIT)] = 10,
) -> LeaderboardOut:
    """The top ``limit`` visible players of the current period on a board, and the caller's standing."""
    game = ALL_GAMES if game_type in ("", "all") else game_type
    chosen = board or (Board.MULTIPLIER if game else Board.XP)
    found = boards.standings(chosen, game, _PERIODS[period], limit, viewer_id=user.id)
    return LeaderboardOut(
        board=found.board.value,
        game_type=found.game or "all",
        period=found.period.kind.value,
        period_key=found.period.key,
        starts_at=found.period.starts_at,
        ends_at=found.period.ends_at,
        unit=_UNITS[found.board],
        items=[ItemOut(rank=r.rank, user_id=r.user_id, nickname=r.nickname, score=r.score) for r in found.rows],
        me=MeOut(rank=found.me.rank, score=found.me.score, hidden=found.me.hidden) if found.me else None,
    )


@router.get("/api/users/me/leaderboard-visibility", responses=errors(401, 403))
def get_visibility(user: Player) -> VisibilityOut:
    """Whether the caller hides from leaderboards."""
    return VisibilityOut(hidden=preferences.is_hidden(user.id))


@router.put("/api/users/me/leaderboard-visibility", responses=errors(401, 403))
def set_visibility(body: VisibilityIn, user: Player) -> VisibilityOut:
    """Hide from or show on every leaderboard (takes effect at once; scores keep counting)."""
    return VisibilityOut(hidden=preferences.set_hidden(user.id, body.hidden))


@router.post("/api/admin/leaderboards/rebuild", tags=["admin"], responses=errors(401, 403, 409))
def rebuild(body: RebuildIn, staff: Operator, client: Client) -> list[RebuiltOut]:
    """Rebuild the Redis sets of the current day and week from PostgreSQL (staff; audited with the reason)."""
    done = admin.rebuild_current(staff.id, body.reason, ip=client.ip)
    return [RebuiltOut(key=r.key, before=r.before, after=r.after) for r in done]
