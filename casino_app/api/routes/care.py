"""``/api/care``: the player's reality checks, play limits, cool-offs and self-exclusions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.care import exclusions, reality, settings

router = APIRouter(prefix="/api/care", tags=["care"])


class PendingLimitOut(ResponseModel):
    """A raised or removed limit waiting out its 24 hours."""

    name: Literal["time_limit_min", "loss_limit_gold"]
    value: int | None = Field(description="The new limit (null: no limit)")
    effective_at: datetime


class BreakOut(ResponseModel):
    """A cool-off or self-exclusion."""

    kind: Literal["cool_off", "self_exclusion"]
    period: str
    starts_at: datetime
    ends_at: datetime
    opted_in_at: datetime | None
    resumes_at: datetime | None = Field(description="When play resumes (set by the opt-in: 24 hours after it)")
    until: datetime = Field(description="The earliest moment play can resume")


class RealityOut(ResponseModel):
    """The play session as the reality check shows it."""

    live: bool = Field(description="A play session is going on (a round in the last 30 minutes)")
    due: bool = Field(description="A reality check is due: rounds wait until it is acknowledged")
    due_at: datetime | None
    session_started_at: datetime | None
    interval_min: int = Field(description="Minutes between checks (15 for a player flagged for care)")
    minutes: int
    rounds: int
    wagered: int
    won: int
    net: int


class CareOut(ResponseModel):
    """The player's care settings, today's play and any break in force."""

    reality_interval_min: int = Field(description="The chosen interval: 15, 30 or 60 minutes")
    effective_interval_min: int
    time_limit_min: int | None = Field(description="Daily play-time limit in minutes (null: none)")
    loss_limit_gold: int | None = Field(description="Daily net-loss limit in gold (null: none)")
    pending: list[PendingLimitOut]
    played_seconds_today: int
    net_today: int
    loss_today: int
    on_break: BreakOut | None
    reality: RealityOut


class IntervalIn(ApiModel):
    """Choose the reality-check interval."""

    minutes: Literal[15, 30, 60] = Field(description="Minutes of play between reality checks")


class LimitsIn(ApiModel):
    """Both daily limits, each required (null: none) so that leaving one out never removes it. Lower ones apply at
    once, higher ones or removals after 24 hours."""

    time_limit_min: int | None = Field(
        ..., ge=settings.TIME_LIMIT_RANGE[0], le=settings.TIME_LIMIT_RANGE[1], description="Minutes a day, or null"
    )
    loss_limit_gold: int | None = Field(
        ..., ge=settings.LOSS_LIMIT_RANGE[0], le=settings.LOSS_LIMIT_RANGE[1], description="Net gold a day, or null"
    )


class CoolOffIn(ApiModel):
    """Start a cool-off."""

    kind: Literal["cool_off"]
    period: Literal["24h", "72h", "7d", "30d"]


class SelfExclusionIn(ApiModel):
    """Start a self-exclusion."""

    kind: Literal["self_exclusion"]
    period: Literal["6m", "1y", "5y"]


BreakIn = CoolOffIn | SelfExclusionIn


def _break(found: exclusions.Exclusion | None) -> BreakOut | None:
    if found is None:
        return None
    return BreakOut(**{k: getattr(found, k) for k in BreakOut.model_fields if k != "until"}, until=found.until)


def _reality(status: reality.RealityStatus) -> RealityOut:
    fields = {k: getattr(status, k) for k in RealityOut.model_fields if k != "net"}
    return RealityOut(**fields, net=status.net)


def _care(user_id: int, view: settings.CareView | None = None) -> CareOut:
    view = view or settings.get(user_id)
    return CareOut(
        reality_interval_min=view.reality_interval_min,
        effective_interval_min=view.effective_interval_min,
        time_limit_min=view.time_limit_min,
        loss_limit_gold=view.loss_limit_gold,
        pending=[PendingLimitOut(name=p.name, value=p.value, effective_at=p.effective_at) for p in view.pending],  # type: ignore[arg-type]
        played_seconds_today=view.played_seconds_today,
        net_today=view.net_today,
        loss_today=view.loss_today,
        on_break=_break(exclusions.current(user_id)),
        reality=_reality(reality.status(user_id)),
    )


@router.get("", response_model=CareOut, responses=errors(401, 403))
def get_care(user: Player) -> CareOut:
    """Care settings, today's play, the break in force and the reality check."""
    return _care(user.id)


@router.put("/reality-interval", response_model=CareOut, responses=errors(401, 403, 422))
def set_interval(body: IntervalIn, user: Player) -> CareOut:
    """Choose the reality-check interval (a check already due sooner stays due)."""
    return _care(user.id, settings.set_reality_interval(user.id, body.minutes))


@router.put("/limits", response_model=CareOut, responses=errors(401, 403, 422))
def set_limits(body: LimitsIn, user: Player) -> CareOut:
    """Set the daily play-time and net-loss limits: decreases now, increases and removals after 24 hours."""
    return _care(
        user.id, settings.set_limits(user.id, time_limit_min=body.time_limit_min, loss_limit_gold=body.loss_limit_gold)
    )


@router.get("/reality", response_model=RealityOut, responses=errors(401, 403))
def get_reality(user: Player) -> RealityOut:
    """Whether a reality check is due, with the session's time, rounds and net result."""
    return _reality(reality.status(user.id))


@router.post("/reality/ack", response_model=RealityOut, responses=errors(401, 403))
def acknowledge_reality(user: Player) -> RealityOut:
    """The player has seen the reality check: play goes on until the next one (on every tab)."""
    return _reality(reality.acknowledge(user.id))


@router.get("/breaks", response_model=list[BreakOut], responses=errors(401, 403))
def list_breaks(user: Player) -> list[BreakOut | None]:
    """Every cool-off and self-exclusion the player has taken, newest first."""
    return [_break(found) for found in exclusions.history(user.id)]


@router.post("/breaks", status_code=201, response_model=BreakOut, responses=errors(401, 403, 409, 422))
def start_break(body: BreakIn, user: Player) -> BreakOut | None:
    """Start a cool-off or self-exclusion now. Nobody can shorten it; it may only be extended."""
    return _break(exclusions.start(user.id, body.kind, body.period))


@router.post("/breaks/opt-in", response_model=BreakOut, responses=errors(401, 403, 409))
def opt_in(user: Player) -> BreakOut | None:
    """After a break has ended, opt back in: play resumes 24 hours later."""
    return _break(exclusions.opt_in(user.id))
