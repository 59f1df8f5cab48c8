"""Mission templates as staff manage them: list, create, edit, activate/deactivate, delete — every change audited.

Rules (each lives here only): a key is 3-40 of ``[a-z0-9_]`` and fixed once
created, like the cadence and the event; the action is one of
``actions.COUNTABLE``; a game (a registered key) may narrow only ``round_played``;
an event mission names an existing event and only an event mission does;
goals are 1-10,000, gold rewards 0-100,000, XP 0-10,000, items a known item
1-100 at a time. Deleting a template that players already progressed on
deactivates it instead (their history stays). A goal edit applies to periods
that have not started yet (a started period keeps its goal). An event's missions are
what everyone plays the event with: a mission is added to an event, and its action,
game, goal or rewards changed, only while the event is a draft or has not started
(409 ``EVENT_LOCKED``, the events module's rule); its texts may change at any time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.events import Event
from casino_app.models.missions import CADENCES, MissionProgress, MissionTemplate
from casino_app.services import audit
from casino_app.services.accounts.validation import FieldError, clean_text
from casino_app.services.actions import COUNTABLE, Kind
from casino_app.services.events import errors as event_errors
from casino_app.services.events import rules as event_rules
from casino_app.services.games import registry
from casino_app.services.missions.errors import MissionInvalid, MissionKeyTaken, MissionNotFound

KEY = re.compile(r"^[a-z][a-z0-9_]{2,39}$")
ACTIONS: tuple[str, ...] = tuple(kind.value for kind in COUNTABLE)
GOAL_MAX = 10_000
REWARD_GOLD_MAX = 100_000
REWARD_XP_MAX = 10_000
ITEM_QUANTITY_MAX = 100
SORT_RANGE = (-10_000, 10_000)
TITLE_MAX, DESCRIPTION_MAX = 80, 300
FIXED = ("key", "cadence", "event_id")  # set at creation only
EDITABLE = (
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
    "is_active",
)
FIELDS = (*FIXED, *EDITABLE)
# What an event's players play for: fixed once the event has started (texts, order and switch stay editable).
EVENT_LOCKED_FIELDS = (
    "action",
    "game",
    "goal",
    "reward_gold",
    "reward_xp",
    "reward_item_key",
    "reward_item_quantity",
)


@dataclass
class TemplateInput:
    """Every field of a new template (checked by ``validate``)."""

    key: str
    title_ko: str
    title_en: str
    cadence: str
    action: str
    goal: int
    description_ko: str = ""
    description_en: str = ""
    event_id: int | None = None
    game: str | None = None
    reward_gold: int = 0
    reward_xp: int = 0
    reward_item_key: str | None = None
    reward_item_quantity: int | None = None
    sort: int = 0
    is_active: bool = True


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def known_item(item_key: str) -> bool:
    """Whether some registered game can name ``item_key`` (only such items may be granted)."""
    return any(game.describe_item(item_key) is not None for game in registry.games())


def _text(values: dict[str, Any], name: str, low: int, high: int) -> str:
    raw = values.get(name)
    if not isinstance(raw, str):
        raise MissionInvalid(details={"field": name})
    try:
        text = clean_text(raw, name, max_length=high)
    except FieldError:
        raise MissionInvalid(details={"field": name}) from None
    if len(text) < low:
        raise MissionInvalid(details={"field": name})
    return text


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check every template rule on a full set of fields; 422 ``MISSION_INVALID`` names the first bad field."""

    def bad(name: str) -> MissionInvalid:
        return MissionInvalid(details={"field": name})

    out = dict(values)
    if not isinstance(values.get("key"), str) or not KEY.fullmatch(values["key"]):
        raise bad("key")
    for name, low, high in (
        ("title_ko", 1, TITLE_MAX),
        ("title_en", 1, TITLE_MAX),
        ("description_ko", 0, DESCRIPTION_MAX),
        ("description_en", 0, DESCRIPTION_MAX),
    ):
        out[name] = _text(values, name, low, high)
    if values.get("cadence") not in CADENCES:
        raise bad("cadence")
    event_id = values.get("event_id")
    if (values["cadence"] == "event") != (event_id is not None) or not (
        event_id is None or _int_in(event_id, 1, 2**63 - 1)
    ):
        raise bad("event_id")
    if values.get("action") not in ACTIONS:
        raise bad("action")
    game = values.get("game") or None
    if game is not None and (values["action"] != Kind.ROUND_PLAYED.value or not registry.is_game(game)):
        raise bad("game")
    out["game"] = game
    for name, high in (("goal", GOAL_MAX), ("reward_gold", REWARD_GOLD_MAX), ("reward_xp", REWARD_XP_MAX)):
        if not _int_in(values.get(name), 1 if name == "goal" else 0, high):
            raise bad(name)
    item, quantity = values.get("reward_item_key") or None, values.get("reward_item_quantity")
    if item is None:
        if quantity not in (None, 0):
            raise bad("reward_item_quantity")
        quantity = None
    else:
        if not isinstance(item, str) or not known_item(item):
            raise bad("reward_item_key")
        if not _int_in(quantity, 1, ITEM_QUANTITY_MAX):
            raise bad("reward_item_quantity")
    out["reward_item_key"], out["reward_item_quantity"] = item, quantity
    if not _int_in(values.get("sort"), *SORT_RANGE):
        raise bad("sort")
    if type(values.get("is_active")) is not bool:
        raise bad("is_active")
    return {name: out[name] for name in FIELDS}


def snapshot(template: MissionTemplate) -> dict[str, Any]:
    """The template's fields as JSON-ready values (for audit rows)."""
    return {name: getattr(template, name) for name in FIELDS}


def _has_progress(db: Session, mission_id: int) -> bool:
    table = MissionProgress.__table__
    return db.execute(sa.select(sa.literal(1)).where(table.c.mission_id == mission_id).limit(1)).first() is not None


def _locked(db: Session, mission_id: int) -> MissionTemplate:
    template = db.get(MissionTemplate, mission_id, with_for_update=True, populate_existing=True)
    if template is None:
        raise MissionNotFound(details={"mission_id": mission_id})
    return template


def _check_event_open(db: Session, event_id: int, field: str | None = None) -> None:
    """409 ``EVENT_LOCKED`` unless the event is a draft or has not started (422 ``MISSION_INVALID`` if unknown).

    The event row is locked, as ``events.admin.add_mission`` does, so publishing or editing it waits.
    """
    event = db.get(Event, event_id, with_for_update=True, populate_existing=True)
    if event is None:
        raise MissionInvalid(details={"field": "event_id"})
    phase = event_rules.phase(event, clock.now())
    if phase not in (event_rules.Phase.DRAFT, event_rules.Phase.UPCOMING):
        details: dict[str, Any] = {"status": phase.value, "event_id": event_id}
        if field is not None:
            details["field"] = field
        raise event_errors.EventLocked(details=details)


def list_templates(cadence: str | None = None, event_id: int | None = None) -> list[MissionTemplate]:
    """Every template (active or not), optionally of one cadence or one event, in display order."""
    t = MissionTemplate.__table__.c
    query = sa.select(MissionTemplate).order_by(t.cadence, t.sort, t.id)
    if cadence is not None:
        query = query.where(t.cadence == cadence)
    if event_id is not None:
        query = query.where(t.event_id == event_id)
    with session_scope() as db:
        return list(db.execute(query).scalars())


def get_template(mission_id: int) -> MissionTemplate:
    """One template (404 ``MISSION_NOT_FOUND``)."""
    with session_scope() as db:
        template = db.get(MissionTemplate, mission_id)
        if template is None:
            raise MissionNotFound(details={"mission_id": mission_id})
        return template


def create_template(data: TemplateInput, *, actor_id: int, ip: str = "") -> MissionTemplate:
    """Add a template (audited ``mission.template.create``); 409 ``MISSION_KEY_TAKEN`` for a duplicate key,
    409 ``EVENT_LOCKED`` for an event mission once the event is live or over."""
    values = validate(vars(data))
    now = clock.now()
    try:
        with session_scope() as db:
            if values["event_id"] is not None:
                _check_event_open(db, values["event_id"])
            template = MissionTemplate(**values, created_at=now, updated_at=now)
            db.add(template)
            db.flush()
            assert template.id is not None
            audit.record(
                db,
                actor_id=actor_id,
                action="mission.template.create",
                target_type="mission_template",
                target_id=template.id,
                details={"after": snapshot(template)},
                ip=ip,
            )
            return template
    except IntegrityError as exc:
        if "uq_mission_templates_key" in str(exc.orig):
            raise MissionKeyTaken(details={"mission_key": values["key"]}) from None
        if "fk_mission_templates_event_id_events" in str(exc.orig):  # the event was deleted meanwhile
            raise MissionInvalid(details={"field": "event_id"}) from None
        raise


def _audit_action(changed: list[str], after: dict[str, Any]) -> str:
    if changed == ["is_active"]:
        return "mission.template.activate" if after["is_active"] else "mission.template.deactivate"
    return "mission.template.update"


def update_template(mission_id: int, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> MissionTemplate:
    """Edit, activate or deactivate a template; audited with the fields before and after (key, cadence and
    event are fixed: a change to them is 422 ``MISSION_INVALID``; 409 ``EVENT_LOCKED`` for a change of an event
    mission's action, game, goal or rewards once the event is live or over)."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise MissionInvalid(details={"field": unknown[0]})
    with session_scope() as db:
        found = db.get(MissionTemplate, mission_id)
        if found is not None and found.event_id is not None:  # the event's lock first, as the events module takes it
            db.get(Event, found.event_id, with_for_update=True)
        template = _locked(db, mission_id)
        before = snapshot(template)
        for name in FIXED:
            if name in changes and changes[name] != before[name]:
                raise MissionInvalid(details={"field": name})
        values = validate({**before, **changes})
        changed = sorted(name for name in EDITABLE if values[name] != before[name])
        locked = [name for name in EVENT_LOCKED_FIELDS if name in changed]
        if template.event_id is not None and locked:
            _check_event_open(db, template.event_id, locked[0])
        if changed:
            for name in changed:
                setattr(template, name, values[name])
            template.updated_at = clock.now()
            audit.record(
                db,
                actor_id=actor_id,
                action=_audit_action(changed, values),
                target_type="mission_template",
                target_id=mission_id,
                details={
                    "changed": changed,
                    "before": {n: before[n] for n in changed},
                    "after": {n: values[n] for n in changed},
                },
                ip=ip,
            )
        db.flush()
        return template


def set_active(mission_id: int, active: bool, *, actor_id: int, ip: str = "") -> MissionTemplate:
    """Turn a template on or off (audited as activate / deactivate)."""
    return update_template(mission_id, {"is_active": active}, actor_id=actor_id, ip=ip)


@dataclass(frozen=True)
class Removal:
    """What ``delete_template`` did: ``deleted``, or only deactivated because players progressed on it."""

    mission_id: int
    deleted: bool
    template: MissionTemplate


def delete_template(mission_id: int, *, actor_id: int, ip: str = "") -> Removal:
    """Delete a template nobody progressed on; one with progress rows is deactivated instead (both audited)."""
    with session_scope() as db:
        template = _locked(db, mission_id)
        before = snapshot(template)
        if _has_progress(db, mission_id):
            template.is_active = False
            template.updated_at = clock.now()
            action, deleted = "mission.template.deactivate", False
        else:
            db.delete(template)
            action, deleted = "mission.template.delete", True
        audit.record(
            db,
            actor_id=actor_id,
            action=action,
            target_type="mission_template",
            target_id=mission_id,
            details={"deleted": deleted},  # a template with progress is only deactivated
            before=before,
            after=None if deleted else snapshot(template),
            ip=ip,
        )
        db.flush()
        return Removal(mission_id, deleted, template)
