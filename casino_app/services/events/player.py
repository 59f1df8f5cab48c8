"""Players' side of events: the list, one event with the player's missions, joining and claiming.

Window rules live in ``rules``; missions (their progress and the claim that pays
from ``rewards:events``) belong to the missions service, reached through
``missions_link``. Joining is idempotent and only possible while the event is
live. A claim needs the player to have joined and the claim period
(``rules.CLAIM_GRACE`` after the end) to be open; the missions service makes a
second claim of the same mission impossible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.events import Event, EventParticipant
from casino_app.services.events import errors, missions_link, rules
from casino_app.services.events.rules import Phase


@dataclass(frozen=True)
class PlayerEvent:
    """An event as a player sees it, with their own participation."""

    event: Event
    phase: Phase
    joined: bool
    points: int
    joined_at: datetime | None
    closes_at: datetime  # the effective end (ended early: that moment)
    claims_close_at: datetime


@dataclass(frozen=True)
class EventDetail:
    """One event with the player's missions (progress, completion, claim state)."""

    view: PlayerEvent
    missions: list[Any]


@dataclass(frozen=True)
class ClaimResult:
    """What claiming an event mission paid, and the balance after it."""

    event_id: int
    mission_id: int
    gold: int
    balance: int
    balance_version: int


def _view(event: Event, participant: EventParticipant | None, now: datetime) -> PlayerEvent:
    return PlayerEvent(
        event=event,
        phase=rules.phase(event, now),
        joined=participant is not None,
        points=participant.points if participant is not None else 0,
        joined_at=participant.joined_at if participant is not None else None,
        closes_at=rules.effective_end(event),
        claims_close_at=rules.claims_close_at(event),
    )


def _participant(db: Session, event_id: int, user_id: int) -> EventParticipant | None:
    return db.get(EventParticipant, (event_id, user_id), populate_existing=True)


def _published(db: Session, event_id: int, *, lock: bool = False) -> Event:
    query = sa.select(Event).where(Event.id == event_id, Event.status != "draft")
    event = db.execute(query.with_for_update(read=True) if lock else query).scalar_one_or_none()
    if event is None:
        raise errors.EventNotFound(details={"event_id": event_id})
    return event


def _visible(db: Session, event_id: int, now: datetime, *, lock: bool = False) -> Event:
    event = _published(db, event_id, lock=lock)
    if not rules.visible(event, now):
        raise errors.EventNotFound(details={"event_id": event_id})
    return event


def visible_event(event_id: int) -> Event:
    """The event if players may see it now (404 ``EVENT_NOT_FOUND`` for a draft or one past its claim period)."""
    with session_scope() as db:
        return _visible(db, event_id, clock.now())


_ORDER = {Phase.LIVE: 0, Phase.UPCOMING: 1, Phase.ENDED: 2}


def list_events(user_id: int) -> list[PlayerEvent]:
    """Events players see now: live (ending soonest first), upcoming (starting soonest), then recently ended."""
    now = clock.now()
    recent = now - rules.CLAIM_GRACE
    query = (
        sa.select(Event, EventParticipant)
        .join(
            EventParticipant,
            sa.and_(EventParticipant.event_id == Event.id, EventParticipant.user_id == user_id),  # type: ignore[arg-type]
            isouter=True,
        )
        .where(
            Event.status.in_(("published", "ended")),  # type: ignore[attr-defined]
            sa.func.least(Event.ends_at, sa.func.coalesce(Event.ended_at, Event.ends_at)) > recent,
        )
    )
    with session_scope() as db:
        rows = db.execute(query).all()
    views = [_view(event, part, now) for event, part in rows if rules.visible(event, now)]

    def order(view: PlayerEvent) -> tuple[int, float, int]:
        when = view.event.starts_at if view.phase == Phase.UPCOMING else view.closes_at
        ahead = -when.timestamp() if view.phase == Phase.ENDED else when.timestamp()
        return _ORDER[view.phase], ahead, view.event.id or 0

    return sorted(views, key=order)


def detail(user_id: int, event_id: int) -> EventDetail:
    """A visible event with the player's participation and its missions (404 otherwise)."""
    now = clock.now()
    with session_scope() as db:
        event = _visible(db, event_id, now)
        view = _view(event, _participant(db, event_id, user_id), now)
    return EventDetail(view=view, missions=missions_link.for_event(user_id, event_id))


def join(user_id: int, event_id: int) -> PlayerEvent:
    """Join a live event (idempotent: joining again changes nothing).

    409 ``EVENT_NOT_STARTED`` before its start, ``EVENT_OVER`` from its end (or once ended early); 404 for an
    event players cannot see.
    """
    with session_scope() as db:
        now = clock.now()
        event = _visible(db, event_id, now, lock=True)  # a concurrent ``end`` waits for this join, or wins first
        current = rules.phase(event, now)
        if current == Phase.UPCOMING:
            raise errors.EventNotStarted(details={"starts_at": rules.to_kst(event.starts_at).isoformat()})
        if current != Phase.LIVE:
            raise errors.EventOver(details={"event_id": event_id})
        db.execute(
            insert(EventParticipant.__table__)
            .values(event_id=event_id, user_id=user_id, points=0, joined_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
        )
        return _view(event, _participant(db, event_id, user_id), now)


def claim(user_id: int, event_id: int, mission_id: int, key: str) -> ClaimResult:
    """Take the reward of a completed mission of the event (gold from ``rewards:events``), once.

    Allowed while the event is live and for ``rules.CLAIM_GRACE`` after its end: 409 ``EVENT_NOT_JOINED``,
    ``EVENT_CLAIMS_CLOSED``; the missions service answers 404 ``MISSION_NOT_FOUND`` for a mission of another
    event and 409 for one not completed yet or already claimed. ``key`` makes a retry return the first
    result instead of paying twice.
    """
    with session_scope() as db:
        now = clock.now()
        event = _published(db, event_id, lock=True)
        if rules.phase(event, now) == Phase.UPCOMING:
            raise errors.EventNotStarted(details={"starts_at": rules.to_kst(event.starts_at).isoformat()})
        if now >= rules.claims_close_at(event):
            closes = rules.to_kst(rules.claims_close_at(event)).isoformat()
            raise errors.EventClaimsClosed(details={"claims_close_at": closes})
        if _participant(db, event_id, user_id) is None:
            raise errors.EventNotJoined(details={"event_id": event_id})
        paid = missions_link.claim(user_id, event_id, mission_id, key)
        return ClaimResult(event_id, mission_id, paid.gold, paid.balance, paid.balance_version)
