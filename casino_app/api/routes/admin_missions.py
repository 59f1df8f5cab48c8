"""``/api/admin/missions``: mission templates for staff (operators read; admins change; every change audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, status
from pydantic import Field

from casino_app.api.deps import Admin, Client, Support
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.models.missions import CADENCES
from casino_app.services.missions import templates

router = APIRouter(prefix="/api/admin/missions", tags=["admin"])

MissionId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Cadence = Literal["daily", "weekly", "onboarding", "event"]
Key = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[a-z][a-z0-9_]{2,39}$")]
Title = Annotated[str, Field(min_length=1, max_length=templates.TITLE_MAX * 4)]
Description = Annotated[str, Field(max_length=templates.DESCRIPTION_MAX * 4)]
Action = Annotated[str, Field(max_length=32, json_schema_extra={"enum": list(templates.ACTIONS)})]
Game = Annotated[str, Field(max_length=20, pattern=r"^[a-z][a-z0-9_]{1,19}$")]
ItemKey = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]{1,40}$")]
Goal = Annotated[int, Field(ge=1, le=templates.GOAL_MAX)]
Gold = Annotated[int, Field(ge=0, le=templates.REWARD_GOLD_MAX)]
Xp = Annotated[int, Field(ge=0, le=templates.REWARD_XP_MAX)]
Quantity = Annotated[int, Field(ge=1, le=templates.ITEM_QUANTITY_MAX)]
Sort = Annotated[int, Field(ge=templates.SORT_RANGE[0], le=templates.SORT_RANGE[1])]
assert set(Cadence.__args__) == set(CADENCES)  # type: ignore[attr-defined]


class MissionTemplateIn(ApiModel):
    """A new template. ``game`` narrows ``round_played`` only; ``event_id`` is for (and required by) event missions."""

    key: Key
    title_ko: Title
    title_en: Title
    description_ko: Description = ""
    description_en: Description = ""
    cadence: Cadence
    event_id: int | None = Field(None, ge=1, le=2**63 - 1)
    action: Action
    game: Game | None = None
    goal: Goal
    reward_gold: Gold = 0
    reward_xp: Xp = 0
    reward_item_key: ItemKey | None = None
    reward_item_quantity: Quantity | None = None
    sort: Sort = 0
    is_active: bool = True


class MissionTemplateUpdate(ApiModel):
    """Fields to change (only those sent; null clears ``game`` or the item). Key, cadence and event are fixed."""

    title_ko: Title | None = None
    title_en: Title | None = None
    description_ko: Description | None = None
    description_en: Description | None = None
    action: Action | None = None
    game: Game | None = None
    goal: Goal | None = None
    reward_gold: Gold | None = None
    reward_xp: Xp | None = None
    reward_item_key: ItemKey | None = None
    reward_item_quantity: Quantity | None = None
    sort: Sort | None = None
    is_active: bool | None = None


# Fields where null means "none" (clear it); for the others null means "leave as it is".
NULLABLE = {"game", "reward_item_key", "reward_item_quantity"}


class MissionTemplateOut(ResponseModel):
    """A template as stored."""

    id: int
    key: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    cadence: str
    event_id: int | None
    action: str
    game: str | None
    goal: int
    reward_gold: int
    reward_xp: int
    reward_item_key: str | None
    reward_item_quantity: int | None
    sort: int
    is_active: bool
    created_at: datetime
    updated_at: datetime


class MissionRemovalOut(ResponseModel):
    """A delete: ``deleted``, or deactivated instead because players progressed on it."""

    id: int
    deleted: bool
    template: MissionTemplateOut


@router.get("", responses=errors(401, 403))
def list_templates(
    staff: Support,
    cadence: Cadence | None = None,
    event_id: int | None = Query(None, ge=1, le=2**63 - 1),
) -> list[MissionTemplateOut]:
    """Every template, active or not (optionally of one cadence or event)."""
    return [MissionTemplateOut.model_validate(t) for t in templates.list_templates(cadence, event_id)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 409))
def create_template(body: MissionTemplateIn, staff: Admin, client: Client) -> MissionTemplateOut:
    """Add a template (audited). 409 ``MISSION_KEY_TAKEN``; 409 ``EVENT_LOCKED`` for an event mission once the
    event is live or over; 422 ``MISSION_INVALID`` names the field."""
    data = templates.TemplateInput(**body.model_dump())
    return MissionTemplateOut.model_validate(templates.create_template(data, actor_id=staff.id, ip=client.ip))


@router.get("/{mission_id}", responses=errors(401, 403, 404))
def get_template(mission_id: MissionId, staff: Support) -> MissionTemplateOut:
    """One template."""
    return MissionTemplateOut.model_validate(templates.get_template(mission_id))


@router.put("/{mission_id}", responses=errors(401, 403, 404, 409))
def update_template(
    body: MissionTemplateUpdate, mission_id: MissionId, staff: Admin, client: Client
) -> MissionTemplateOut:
    """Edit a template (audited with before and after); a new goal applies from the next period that starts.
    409 ``EVENT_LOCKED``: an event mission's action, game, goal and rewards are fixed once the event started."""
    changes = {
        name: value
        for name, value in body.model_dump(exclude_unset=True).items()
        if value is not None or name in NULLABLE
    }
    template = templates.update_template(mission_id, changes, actor_id=staff.id, ip=client.ip)
    return MissionTemplateOut.model_validate(template)


@router.delete("/{mission_id}", responses=errors(401, 403, 404))
def delete_template(mission_id: MissionId, staff: Admin, client: Client) -> MissionRemovalOut:
    """Delete a template; one that players progressed on is deactivated instead (audited either way)."""
    removal = templates.delete_template(mission_id, actor_id=staff.id, ip=client.ip)
    return MissionRemovalOut(
        id=removal.mission_id,
        deleted=removal.deleted,
        template=MissionTemplateOut.model_validate(removal.template),
    )


@router.post("/{mission_id}/activate", responses=errors(401, 403, 404))
def activate(mission_id: MissionId, staff: Admin, client: Client) -> MissionTemplateOut:
    """Turn a template on (audited)."""
    return MissionTemplateOut.model_validate(templates.set_active(mission_id, True, actor_id=staff.id, ip=client.ip))


@router.post("/{mission_id}/deactivate", responses=errors(401, 403, 404))
def deactivate(mission_id: MissionId, staff: Admin, client: Client) -> MissionTemplateOut:
    """Turn a template off (audited); progress already made is kept."""
    return MissionTemplateOut.model_validate(templates.set_active(mission_id, False, actor_id=staff.id, ip=client.ip))
