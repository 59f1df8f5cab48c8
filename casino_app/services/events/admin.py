"""Staff side of events: create, edit, publish, end, delete a draft, the list. Every change is audited.

What may change depends on the phase (``rules.phase``):

- **draft**: everything (key, titles, descriptions, window); it may be deleted.
- **upcoming** (published, not started): titles, descriptions and the window (the key is fixed once players
  can see it).
- **live**: titles, descriptions, and ``ends_at`` moved later only (ending early is ``end``: it stops the
  event for everyone at once instead of silently shortening it).
- **ended**: titles and descriptions only (typo fixes); the window is history.

Publishing needs a window that has not ended yet and at least one mission. Ending stops joins and progress at
once; claims of missions already completed stay open for ``rules.CLAIM_GRACE``.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.events import Event, EventParticipant
from casino_app.models.missions import MissionTemplate
from casino_app.services import audit
from casino_app.services.accounts.validation import FieldError, clean_text
from casino_app.services.events import errors, missions_link, rules
from casino_app.services.events.rules import Phase

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{2,39}$")
TEXT_LIMITS = {"title_ko": (1, 80), "title_en": (1, 80), "description_ko": (0, 500), "description_en": (0, 500)}
FIELDS = ("key", "title_ko", "title_en", "description_ko", "description_en", "starts_at", "ends_at")
REQUIRED = ("key", "title_ko", "title_en", "starts_at", "ends_at")
EDITABLE: dict[Phase, frozenset[str]] = {
    Phase.DRAFT: frozenset(FIELDS),
    Phase.UPCOMING: frozenset(FIELDS) - {"key"},
    Phase.LIVE: frozenset({"title_ko", "title_en", "description_ko", "description_en", "ends_at"}),
    Phase.ENDED: frozenset({"title_ko", "title_en", "description_ko", "description_en"}),
}


@dataclass(frozen=True)
class StaffEvent:
    """An event as the console lists it, with its phase, mission and participant counts."""

    event: Event
    phase: Phase
    missions: int
    participants: int


def _bad(field: str, **details: Any) -> errors.EventInvalid:
    return errors.EventInvalid(details={"field": field, **details})


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a whole event (key lower-cased, texts trimmed, times in UTC); 422 naming the field."""
    out = dict(values)
    key = str(out["key"]).strip().lower()
    if not KEY.fullmatch(key):
        raise _bad("key")
    out["key"] = key
    for name, (low, high) in TEXT_LIMITS.items():
        value = out.get(name)
        try:
            text = clean_text(value if isinstance(value, str) else "", name, max_length=high)
        except FieldError:
            raise _bad(name) from None
        if len(text) < low:
            raise _bad(name)
        out[name] = text
    for name in ("starts_at", "ends_at"):
        if not isinstance(out[name], datetime):
            raise _bad(name)
        out[name] = rules.to_utc(out[name])
    if out["ends_at"] <= out["starts_at"]:
        raise _bad("ends_at")
    return out


def _snapshot(event: Event) -> dict[str, Any]:
    values = {name: getattr(event, name) for name in (*FIELDS, "status", "published_at", "ended_at")}
    return {name: value.isoformat() if isinstance(value, datetime) else value for name, value in values.items()}


def _audit(db: Session, event: Event, action: str, before: dict[str, Any] | None, actor: int, ip: str) -> None:
    after = _snapshot(event)
    changed = sorted(name for name in after if before is None or before[name] != after[name])
    audit.record(
        db,
        actor_id=actor,
        action=action,
        target_type="event",
        target_id=event.id or 0,
        details={"key": event.key, "changed": changed, "before": before, "after": after},
        ip=ip,
    )


def _key_taken(db: Session, key: str, other_than: int | None = None) -> bool:
    query = sa.select(Event.id).where(Event.key == key)
    if other_than is not None:
        query = query.where(Event.id != other_than)
    return db.execute(query.limit(1)).first() is not None


def _flush_key(db: Session, key: str) -> None:
    try:
        db.flush()
    except IntegrityError:  # a concurrent create took the key between the check and the insert
        raise errors.EventKeyTaken(details={"event_key": key}) from None


def locked(db: Session, event_id: int) -> Event:
    """The event, locked for a change (404 ``EVENT_NOT_FOUND``)."""
    event = db.get(Event, event_id, with_for_update=True, populate_existing=True)
    if event is None:
        raise errors.EventNotFound(details={"event_id": event_id})
    return event


def create(values: dict[str, Any], *, actor_id: int, ip: str = "") -> Event:
    """Create a draft event (audited ``event.create``); 409 ``EVENT_KEY_TAKEN``, 422 ``EVENT_INVALID``."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise _bad(sorted(unknown)[0])
    missing = [name for name in REQUIRED if values.get(name) is None]
    if missing:
        raise _bad(missing[0])
    clean = validate({"description_ko": "", "description_en": "", **values})
    now = clock.now()
    with session_scope() as db:
        if _key_taken(db, clean["key"]):
            raise errors.EventKeyTaken(details={"event_key": clean["key"]})
        event = Event(**clean, status="draft", created_at=now, updated_at=now)
        db.add(event)
        _flush_key(db, clean["key"])
        _audit(db, event, "event.create", None, actor_id, ip)
        return event


def update(event_id: int, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> Event:
    """Change the fields given, as far as the event's phase allows (module docstring); audited ``event.update``.

    409 ``EVENT_LOCKED`` names a field the phase does not let change; 422 ``EVENT_INVALID`` a bad value.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise _bad(sorted(unknown)[0])
    with session_scope() as db:
        event = locked(db, event_id)
        now = clock.now()
        current = rules.phase(event, now)
        before = _snapshot(event)
        clean = validate({**{name: getattr(event, name) for name in FIELDS}, **changes})
        changed = [name for name in FIELDS if clean[name] != getattr(event, name)]
        for name in changed:
            if name not in EDITABLE[current]:
                raise errors.EventLocked(details={"status": current.value, "field": name})
        if current == Phase.LIVE and clean["ends_at"] < event.ends_at:
            raise errors.EventLocked(details={"status": current.value, "field": "ends_at"})
        if current in (Phase.UPCOMING, Phase.LIVE) and clean["ends_at"] <= now:
            raise _bad("ends_at")
        if not changed:
            return event
        if "key" in changed and _key_taken(db, clean["key"], other_than=event_id):
            raise errors.EventKeyTaken(details={"event_key": clean["key"]})
        for name in changed:
            setattr(event, name, clean[name])
        event.updated_at = now
        _flush_key(db, clean["key"])
        _audit(db, event, "event.update", before, actor_id, ip)
        return event


def publish(event_id: int, *, actor_id: int, ip: str = "") -> Event:
    """Make a draft visible to players (audited ``event.publish``).

    409 ``EVENT_LOCKED`` unless it is a draft; 422 ``EVENT_INVALID`` (``ends_at``) when its window is already
    over; 409 ``EVENT_NO_MISSIONS`` without a mission. A start in the past makes it live at once.
    """
    with session_scope() as db:
        event = locked(db, event_id)
        now = clock.now()
        if event.status != "draft":
            raise errors.EventLocked(details={"status": rules.phase(event, now).value})
        if event.ends_at <= now:
            raise _bad("ends_at")
        if missions_link.count(db, event_id) < 1:
            raise errors.EventNoMissions(details={"event_id": event_id})
        before = _snapshot(event)
        event.status, event.published_at, event.updated_at = "published", now, now
        db.flush()
        _audit(db, event, "event.publish", before, actor_id, ip)
        return event


def end(event_id: int, *, actor_id: int, ip: str = "") -> Event:
    """End a published event now (audited ``event.end``): no more joins or progress; claims stay open for
    ``rules.CLAIM_GRACE``. 409 ``EVENT_LOCKED`` for a draft or an event already ended this way."""
    with session_scope() as db:
        event = locked(db, event_id)
        now = clock.now()
        if event.status != "published":
            raise errors.EventLocked(details={"status": rules.phase(event, now).value})
        before = _snapshot(event)
        event.status, event.ended_at, event.updated_at = "ended", now, now
        db.flush()
        _audit(db, event, "event.end", before, actor_id, ip)
        return event


def add_mission(event_id: int, values: dict[str, Any], *, actor_id: int, ip: str = "") -> MissionTemplate:
    """Add a mission to a draft or upcoming event (the missions service checks and audits it).

    409 ``EVENT_LOCKED`` once the event is live or over: everyone plays an event with the missions it started
    with. Without a ``key`` one is made from the event's id.
    """
    unknown = set(values) - set(missions_link.MISSION_FIELDS)
    if unknown:
        raise errors.EventInvalid(details={"field": sorted(unknown)[0]})
    with session_scope() as db:
        event = locked(db, event_id)
        current = rules.phase(event)
        if current not in (Phase.DRAFT, Phase.UPCOMING):
            raise errors.EventLocked(details={"status": current.value})
        key = values.get("key") or f"event{event_id}_{secrets.token_hex(4)}"
        return missions_link.create(event_id, {**values, "key": key}, actor_id=actor_id, ip=ip)


def delete(event_id: int, *, actor_id: int, ip: str = "") -> None:
    """Delete a draft and its missions (audited ``event.delete``); 409 ``EVENT_LOCKED`` once published."""
    with session_scope() as db:
        event = locked(db, event_id)
        if event.status != "draft":
            raise errors.EventLocked(details={"status": rules.phase(event).value})
        before = _snapshot(event)
        _audit(db, event, "event.delete", before, actor_id, ip)
        db.delete(event)  # its missions go with it (the foreign key cascades)


def _staff_events(db: Session, where: Any = None) -> list[StaffEvent]:
    joined = (
        sa.select(sa.func.count())
        .where(EventParticipant.event_id == Event.id)  # type: ignore[arg-type]
        .correlate(Event)
        .scalar_subquery()
    )
    query = sa.select(Event, joined).order_by(Event.starts_at.desc(), Event.id.desc())  # type: ignore[attr-defined]
    rows = db.execute(query if where is None else query.where(where)).all()
    counts = missions_link.counts(db, [event.id for event, _ in rows if event.id is not None])
    now = clock.now()
    return [StaffEvent(event, rules.phase(event, now), counts.get(event.id or 0, 0), n) for event, n in rows]


def list_all() -> list[StaffEvent]:
    """Every event, newest window first, with its phase and counts (staff)."""
    with session_scope() as db:
        return _staff_events(db)


def get(event_id: int) -> StaffEvent:
    """One event as staff see it (404 ``EVENT_NOT_FOUND``)."""
    with session_scope() as db:
        found = _staff_events(db, Event.id == event_id)
    if not found:
        raise errors.EventNotFound(details={"event_id": event_id})
    return found[0]
