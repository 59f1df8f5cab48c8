"""``/api/admin/events``: create, edit, publish, end and delete events and add their missions (admins; every
change audited); the list for the console (operators and admins).

Times are entered in KST: an ISO time with ``+09:00`` (any offset is accepted) or without an offset, which
means KST. They are stored in UTC and shown in KST.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, status
from fastapi.responses import Response
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from casino_app.api.deps import Admin, Client, Support
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.core import clock
from casino_app.services.events import admin, missions_link, rules
from casino_app.services.missions import templates as mission_templates

router = APIRouter(prefix="/api/admin/events", tags=["admin"])

EventId = Path(ge=1, le=2**63 - 1)


def _kst(value: datetime) -> datetime:
    first, last = clock.SCHEDULE_YEARS
    if not first <= value.year <= last:
        raise PydanticCustomError("TIME_OUT_OF_RANGE", f"a time between the years {first} and {last} is required")
    return rules.to_utc(value)


KstTime = Annotated[datetime, AfterValidator(_kst), Field(description="ISO 8601; without an offset it is KST")]
Key = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")]
Title = Annotated[str, Field(min_length=1, max_length=80)]
Description = Annotated[str, Field(max_length=500)]


class EventIn(ApiModel):
    """A whole event (a new draft, or the event as it should be: only what the phase allows may differ).

    The key is lower-cased; titles are trimmed and must not be blank; the window must end after it starts.
    """

    key: Key
    title_ko: Annotated[Title, text(80, "title_ko")]
    title_en: Annotated[Title, text(80, "title_en")]
    description_ko: Description = ""
    description_en: Description = ""
    starts_at: KstTime
    ends_at: KstTime


class AdminEventOut(ResponseModel):
    """An event as stored (times in KST), its phase and counts."""

    id: int
    key: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    starts_at: datetime
    ends_at: datetime
    status: str = Field(description="draft | published | ended (ended early)")
    phase: str = Field(description="draft | upcoming | live | ended")
    published_at: datetime | None
    ended_at: datetime | None
    claims_close_at: datetime
    missions: int
    participants: int
    created_at: datetime
    updated_at: datetime


def _out(item: admin.StaffEvent) -> AdminEventOut:
    e = item.event

    def kst(value: datetime | None) -> datetime | None:
        return rules.to_kst(value) if value is not None else None

    return AdminEventOut(
        id=e.id or 0,
        key=e.key,
        title_ko=e.title_ko,
        title_en=e.title_en,
        description_ko=e.description_ko,
        description_en=e.description_en,
        starts_at=rules.to_kst(e.starts_at),
        ends_at=rules.to_kst(e.ends_at),
        status=e.status,
        phase=item.phase.value,
        published_at=kst(e.published_at),
        ended_at=kst(e.ended_at),
        claims_close_at=rules.to_kst(rules.claims_close_at(e)),
        missions=item.missions,
        participants=item.participants,
        created_at=rules.to_kst(e.created_at),
        updated_at=rules.to_kst(e.updated_at),
    )


class EventMissionIn(ApiModel):
    """A mission of the event: what it counts (an action, ``game`` only for ``round_played``), its goal and
    reward. The missions service's rules apply (422 ``MISSION_INVALID`` names the field). Without a key one is
    made from the event's id."""

    key: Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[a-z][a-z0-9_]{2,39}$")] | None = None
    title_ko: Annotated[Title, text(80, "title_ko")]
    title_en: Annotated[Title, text(80, "title_en")]
    description_ko: Annotated[str, Field(max_length=300)] = ""
    description_en: Annotated[str, Field(max_length=300)] = ""
    action: Literal[tuple(mission_templates.ACTIONS)]  # type: ignore[valid-type]
    game: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    goal: int = Field(ge=1, le=mission_templates.GOAL_MAX)
    reward_gold: int = Field(0, ge=0, le=mission_templates.REWARD_GOLD_MAX)
    reward_xp: int = Field(0, ge=0, le=mission_templates.REWARD_XP_MAX)
    reward_item_key: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    reward_item_quantity: int | None = Field(None, ge=1, le=mission_templates.ITEM_QUANTITY_MAX)
    sort: int = Field(0, ge=-10_000, le=10_000)


class EventMissionAdminOut(ResponseModel):
    """An event's mission as stored."""

    id: int
    key: str
    event_id: int
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    action: str
    game: str | None
    goal: int
    reward_gold: int
    reward_xp: int
    reward_item_key: str | None
    reward_item_quantity: int | None
    sort: int
    is_active: bool


def _values(body: EventIn) -> dict[str, Any]:
    return body.model_dump()


@router.get("", responses=errors(401, 403))
def list_events(staff: Support) -> list[AdminEventOut]:
    """Every event, newest window first, drafts included."""
    return [_out(item) for item in admin.list_all()]


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 409))
def create_event(body: EventIn, staff: Admin, client: Client) -> AdminEventOut:
    """Create a draft (audited). 409 ``EVENT_KEY_TAKEN``; 422 ``EVENT_INVALID`` names the field."""
    event = admin.create(_values(body), actor_id=staff.id, ip=client.ip)
    return _out(admin.get(event.id or 0))


@router.get("/{event_id}", responses=errors(401, 403, 404))
def get_event(staff: Support, event_id: int = EventId) -> AdminEventOut:
    """One event with its phase and counts."""
    return _out(admin.get(event_id))


@router.put("/{event_id}", responses=errors(401, 403, 404, 409))
def update_event(body: EventIn, staff: Admin, client: Client, event_id: int = EventId) -> AdminEventOut:
    """Edit an event (audited with before and after): everything while a draft; once published only what its
    phase allows — 409 ``EVENT_LOCKED`` names the field that may not change."""
    admin.update(event_id, _values(body), actor_id=staff.id, ip=client.ip)
    return _out(admin.get(event_id))


@router.delete("/{event_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 403, 404, 409))
def delete_event(staff: Admin, client: Client, event_id: int = EventId) -> Response:
    """Delete a draft with its missions (audited). 409 ``EVENT_LOCKED`` once published."""
    admin.delete(event_id, actor_id=staff.id, ip=client.ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{event_id}/publish", responses=errors(401, 403, 404, 409))
def publish_event(staff: Admin, client: Client, event_id: int = EventId) -> AdminEventOut:
    """Publish a draft (audited). 409 ``EVENT_NO_MISSIONS`` without a mission, ``EVENT_LOCKED`` unless a
    draft; 422 ``EVENT_INVALID`` (``ends_at``) when its window is already over."""
    admin.publish(event_id, actor_id=staff.id, ip=client.ip)
    return _out(admin.get(event_id))


@router.post("/{event_id}/end", responses=errors(401, 403, 404, 409))
def end_event(staff: Admin, client: Client, event_id: int = EventId) -> AdminEventOut:
    """End a published event now (audited): no more joins or progress; completed missions stay claimable
    for the claim period. 409 ``EVENT_LOCKED`` for a draft or an event already ended."""
    admin.end(event_id, actor_id=staff.id, ip=client.ip)
    return _out(admin.get(event_id))


@router.get("/{event_id}/missions", responses=errors(401, 403, 404))
def list_missions(staff: Support, event_id: int = EventId) -> list[EventMissionAdminOut]:
    """The event's missions, active or not, in display order."""
    admin.get(event_id)
    return [EventMissionAdminOut.model_validate(m, from_attributes=True) for m in missions_link.templates(event_id)]


@router.post("/{event_id}/missions", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 404, 409))
def add_mission(body: EventMissionIn, staff: Admin, client: Client, event_id: int = EventId) -> EventMissionAdminOut:
    """Add a mission to a draft or upcoming event (audited). 409 ``EVENT_LOCKED`` once it is live or over,
    ``MISSION_KEY_TAKEN``; 422 ``MISSION_INVALID`` names the field."""
    mission = admin.add_mission(event_id, body.model_dump(), actor_id=staff.id, ip=client.ip)
    return EventMissionAdminOut.model_validate(mission, from_attributes=True)
