"""``/api/missions``: the player's daily, weekly and onboarding missions, and claiming a completed one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ResponseModel, errors
from casino_app.i18n import t
from casino_app.services import missions
from casino_app.services.missions.board import item_names

router = APIRouter(prefix="/api/missions", tags=["missions"])

MissionId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class MissionItemOut(ResponseModel):
    """An item a mission grants."""

    key: str
    name: str
    quantity: int


class MissionRewardOut(ResponseModel):
    """What completing a mission pays."""

    gold: int
    xp: int
    item: MissionItemOut | None


class MissionOut(ResponseModel):
    """A mission with the player's progress in the current period (texts in the request's language)."""

    id: int
    key: str
    title: str
    description: str
    action: str = Field(description="The counted action (services.actions.COUNTABLE)")
    game: str | None = Field(description="The game whose rounds count (null: any game, or not a round)")
    goal: int
    progress: int
    completed: bool
    claimed: bool
    reward: MissionRewardOut
    period_key: str = Field(description="The period of this progress (D<date>, W<Monday>, once, E<event id>)")
    previous_period: bool = Field(
        False, description="Completed in the period before the current one and still claimable during this one"
    )
    note: str | None = Field(None, description="Why the mission is listed, e.g. completed yesterday")


class MissionResetsOut(ResponseModel):
    """When the current daily and weekly periods end (00:00 KST; weekly on Monday)."""

    daily_at: datetime
    weekly_at: datetime


class MissionBoardOut(ResponseModel):
    """The player's missions by set."""

    daily: list[MissionOut]
    weekly: list[MissionOut]
    onboarding: list[MissionOut]
    onboarding_done: bool
    resets: MissionResetsOut


class MissionClaimOut(ResponseModel):
    """What the claim granted and the balance after it."""

    mission_id: int
    gold: int
    xp: int
    item: MissionItemOut | None
    balance: int
    level: int
    leveled_up: bool


def _item(key: str | None, quantity: int | None, locale: str) -> MissionItemOut | None:
    if key is None or quantity is None:
        return None
    ko, en = item_names(key)
    return MissionItemOut(key=key, name=en if locale == "en" else ko, quantity=quantity)


def mission_out(view: missions.MissionView, locale: str) -> MissionOut:
    """A mission view in ``locale`` (also used for an event's missions)."""
    return MissionOut(
        id=view.id,
        key=view.key,
        title=view.title(locale),
        description=view.description(locale),
        action=view.action,
        game=view.game,
        goal=view.goal,
        progress=view.progress,
        completed=view.completed,
        claimed=view.claimed,
        reward=MissionRewardOut(
            gold=view.reward_gold,
            xp=view.reward_xp,
            item=_item(view.reward_item_key, view.reward_item_quantity, locale),
        ),
        period_key=view.period_key,
        previous_period=view.previous,
        note=t(f"missions.previous_{view.cadence}", locale) if view.previous else None,
    )


def claim_out(result: missions.ClaimResult, locale: str) -> MissionClaimOut:
    """A claim's result in ``locale`` (also used for an event mission's claim)."""
    return MissionClaimOut(
        mission_id=result.mission_id,
        gold=result.gold,
        xp=result.xp,
        item=_item(result.item_key, result.item_quantity, locale),
        balance=result.balance,
        level=result.level,
        leveled_up=result.leveled_up,
    )


@router.get("", responses=errors(401, 403))
def board(request: Request, user: Player) -> MissionBoardOut:
    """Daily (reset 00:00 KST), weekly (reset Monday 00:00 KST) and onboarding missions with progress; a mission
    completed in the previous daily or weekly period and not claimed yet is listed first (``previous_period``)."""
    locale = locale_of(request)
    view = missions.board(user.id)
    return MissionBoardOut(
        daily=[mission_out(m, locale) for m in view.daily],
        weekly=[mission_out(m, locale) for m in view.weekly],
        onboarding=[mission_out(m, locale) for m in view.onboarding],
        onboarding_done=view.onboarding_done,
        resets=MissionResetsOut(daily_at=view.daily_resets_at, weekly_at=view.weekly_resets_at),
    )


@router.post("/{mission_id}/claim", response_model=MissionClaimOut, responses=errors(400, 401, 403, 404, 409))
def claim(request: Request, mission_id: MissionId, user: Player, key: IdempotencyKey) -> Response:
    """Take a completed mission's reward — the previous period's if still unclaimed, else the current one's: once
    per period (409 ``MISSION_ALREADY_CLAIMED`` after, 409 ``MISSION_NOT_COMPLETED`` before the goal, 404
    ``MISSION_NOT_FOUND`` for an unknown or event mission, or an inactive one with nothing left to claim).
    Gold goes through the ledger; a repeated ``Idempotency-Key`` returns the first answer."""
    locale = locale_of(request)

    def action() -> tuple[int, MissionClaimOut]:
        return 200, claim_out(missions.claim(user.id, mission_id, key), locale)

    return respond_once(request, user.id, key, None, action)
