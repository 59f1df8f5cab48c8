"""``/api/events``: time-limited events — the list, one event with the caller's missions, joining, claiming
an event mission's reward and the event's leaderboard. Times are shown in KST (``+09:00``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.events import board, missions_link, player, rules

router = APIRouter(prefix="/api/events", tags=["events"])

EventId = Path(ge=1, le=2**63 - 1)


class EventOut(ResponseModel):
    """An event as players see it, with the caller's participation (times in KST)."""

    id: int
    key: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    starts_at: datetime
    ends_at: datetime = Field(description="The scheduled end (exclusive: the event is live before it)")
    closes_at: datetime = Field(description="When it stops being live: ends_at, or the moment it was ended early")
    claims_close_at: datetime = Field(description="Rewards of completed missions may be claimed until then")
    phase: str = Field(description="upcoming | live | ended")
    joined: bool
    points: int = Field(description="The caller's event missions completed (the leaderboard score)")
    joined_at: datetime | None


class EventMissionOut(ResponseModel):
    """One of the event's missions with the caller's progress."""

    id: int
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    action: str
    game: str | None
    goal: int
    progress: int
    completed: bool
    claimed: bool
    reward_gold: int
    reward_xp: int
    reward_item_key: str | None
    reward_item_quantity: int | None


class EventDetailOut(ResponseModel):
    """An event and its missions."""

    event: EventOut
    missions: list[EventMissionOut]


class EventClaimOut(ResponseModel):
    """What the claim paid and the caller's balance after it."""

    event_id: int
    mission_id: int
    gold: int
    balance: int


class BoardEntryOut(ResponseModel):
    """A ranked player (players hidden from leaderboards are left out)."""

    rank: int
    nickname: str
    avatar: str
    points: int
    is_me: bool


class BoardMeOut(ResponseModel):
    """The caller's own standing (``rank`` null without points)."""

    joined: bool
    points: int
    rank: int | None
    hidden: bool = Field(description="The caller hid themselves: others do not see them; rank is where they'd be")


class BoardOut(ResponseModel):
    """The top of the event's leaderboard and the caller's place."""

    event_id: int
    entries: list[BoardEntryOut]
    me: BoardMeOut


def event_out(view: player.PlayerEvent) -> EventOut:
    """The REST shape of a player's view of an event (KST times)."""
    e = view.event
    return EventOut(
        id=e.id or 0,
        key=e.key,
        title_ko=e.title_ko,
        title_en=e.title_en,
        description_ko=e.description_ko,
        description_en=e.description_en,
        starts_at=rules.to_kst(e.starts_at),
        ends_at=rules.to_kst(e.ends_at),
        closes_at=rules.to_kst(view.closes_at),
        claims_close_at=rules.to_kst(view.claims_close_at),
        phase=view.phase.value,
        joined=view.joined,
        points=view.points,
        joined_at=rules.to_kst(view.joined_at) if view.joined_at is not None else None,
    )


def mission_out(mission: missions_link.EventMission) -> EventMissionOut:
    """The REST shape of an event mission with the caller's progress."""
    return EventMissionOut.model_validate(mission, from_attributes=True)


@router.get("", responses=errors(401, 403))
def list_events(user: Player) -> list[EventOut]:
    """Live events (ending soonest first), upcoming ones, then those ended within the claim period."""
    return [event_out(view) for view in player.list_events(user.id)]


@router.get("/{event_id}", responses=errors(401, 403, 404))
def get_event(user: Player, event_id: int = EventId) -> EventDetailOut:
    """One event with the caller's missions, their progress and claim state. 404 ``EVENT_NOT_FOUND``."""
    found = player.detail(user.id, event_id)
    return EventDetailOut(event=event_out(found.view), missions=[mission_out(m) for m in found.missions])


@router.post("/{event_id}/join", responses=errors(401, 403, 404, 409))
def join(user: Player, event_id: int = EventId) -> EventOut:
    """Join a live event (again: no change). 409 ``EVENT_NOT_STARTED`` before its start, ``EVENT_OVER`` from
    its end (the window is ``[starts_at, ends_at)``)."""
    return event_out(player.join(user.id, event_id))


@router.post(
    "/{event_id}/missions/{mission_id}/claim",
    response_model=EventClaimOut,
    responses=errors(400, 401, 403, 404, 409),
)
def claim(
    request: Request,
    user: Player,
    key: IdempotencyKey,
    event_id: int = EventId,
    mission_id: int = Path(ge=1, le=2**63 - 1),
) -> Response:
    """Claim a completed event mission's reward, once (the same key again answers the same). 409
    ``EVENT_NOT_JOINED``, ``EVENT_CLAIMS_CLOSED`` (after the claim period), or the mission is not completed or
    already claimed; 404 ``MISSION_NOT_FOUND``."""

    def action() -> tuple[int, EventClaimOut]:
        paid = player.claim(user.id, event_id, mission_id, key)
        return 200, EventClaimOut(event_id=event_id, mission_id=mission_id, gold=paid.gold, balance=paid.balance)

    return respond_once(request, user.id, key, None, action)


@router.get("/{event_id}/leaderboard", responses=errors(401, 403, 404))
def leaderboard(user: Player, event_id: int = EventId, limit: int = Query(20, ge=1, le=board.MAX_LIMIT)) -> BoardOut:
    """The top ``limit`` participants by points (first to reach a score ranks higher) and the caller's rank."""
    found = board.leaderboard(user.id, event_id, limit)
    return BoardOut(
        event_id=found.event_id,
        entries=[BoardEntryOut.model_validate(e, from_attributes=True) for e in found.entries],
        me=BoardMeOut.model_validate(found.me, from_attributes=True),
    )
