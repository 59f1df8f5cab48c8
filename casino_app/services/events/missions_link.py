"""Where events meet the missions service: an event's missions, their count, and claiming one.

Event missions are mission templates with ``cadence='event'`` and the event's id
(progress period ``E<event id>``); the missions service owns them, counts their
progress (only for participants, only while the event is live) and pays their
claims from ``rewards:events``. Deleting a draft event deletes its missions
(the foreign key cascades).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.models.missions import MissionTemplate
from casino_app.services import missions
from casino_app.services.missions import templates as mission_templates

EventMission = missions.MissionView
ClaimResult = missions.ClaimResult
# What an event's mission is made of (the rest is the missions service's defaults).
MISSION_FIELDS = (
    "key",
    "title_ko",
    "title_en",
    "description_ko",
    "description_en",
    "action",
    "game",
    "goal",
    "reward_gold",
    "reward_xp",
    "reward_item_key",
    "reward_item_quantity",
    "sort",
)


def for_event(user_id: int, event_id: int) -> list[EventMission]:
    """The event's active missions with the player's progress, in display order."""
    return missions.for_event(user_id, event_id)


def counts(db: Session, event_ids: Sequence[int]) -> dict[int, int]:
    """How many active missions each of ``event_ids`` has (absent: none)."""
    if not event_ids:
        return {}
    t = MissionTemplate.__table__.c
    rows = db.execute(
        sa.select(t.event_id, sa.func.count()).where(t.event_id.in_(list(event_ids)), t.is_active).group_by(t.event_id)
    ).all()
    return {int(event_id): int(n) for event_id, n in rows}


def count(db: Session, event_id: int) -> int:
    """How many active missions the event has."""
    return counts(db, [event_id]).get(event_id, 0)


def claim(user_id: int, event_id: int, mission_id: int, key: str) -> ClaimResult:
    """Claim one of the event's missions through the missions service (joins the caller's transaction)."""
    return missions.claim(user_id, mission_id, key, event_id=event_id)


def create(event_id: int, values: dict[str, object], *, actor_id: int, ip: str = "") -> MissionTemplate:
    """Add a mission to the event through the missions service (its rules; audited there), in the caller's
    transaction. 422 ``MISSION_INVALID`` names a bad field; 409 ``MISSION_KEY_TAKEN``."""
    missing = [name for name in ("key", "title_ko", "title_en", "action", "goal") if values.get(name) is None]
    if missing:
        raise missions.MissionInvalid(details={"field": missing[0]})
    data = mission_templates.TemplateInput(**values, cadence="event", event_id=event_id)  # type: ignore[arg-type]
    return mission_templates.create_template(data, actor_id=actor_id, ip=ip)


def templates(event_id: int) -> list[MissionTemplate]:
    """Every mission of the event (active or not), in display order (staff)."""
    return mission_templates.list_templates(event_id=event_id)
