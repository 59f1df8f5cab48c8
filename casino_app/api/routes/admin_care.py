"""``/api/admin/care``: segment counts and the care list of flagged players (support and up; read-only).

Segments are for looking after players and for choosing a campaign's audience; they never change odds,
prices or offers (``services/care/segments.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from casino_app.api.deps import Support
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.care import segments

router = APIRouter(prefix="/api/admin/care", tags=["admin"])

Group = Literal["new", "active", "regular", "high_value", "at_risk", "dormant"]
Flag = Literal["spend_velocity", "late_night", "loss_chasing"]
assert set(Group.__args__) == set(segments.GROUPS)  # type: ignore[attr-defined]
assert set(Flag.__args__) == set(segments.FLAGS)  # type: ignore[attr-defined]


class SegmentCountsOut(ResponseModel):
    """Players per RFM group and per protective flag in the latest nightly run (every group and flag listed)."""

    computed_at: datetime | None = Field(description="When the latest run wrote its rows (null: never ran)")
    players: int
    flagged: int = Field(description="Players with at least one protective flag")
    groups: dict[str, int]
    flags: dict[str, int]


class BreakOut(ResponseModel):
    """A cool-off or self-exclusion in force."""

    kind: Literal["cool_off", "self_exclusion"]
    ends_at: datetime
    until: datetime = Field(description="The earliest moment play can resume")


class CareEntryOut(ResponseModel):
    """A flagged player: the flags and the measures behind them, RFM measures, last activity, any break."""

    user_id: int
    site_id: str
    nickname: str
    rfm_group: Group
    flags: list[Flag]
    details: dict[str, Any] = Field(description="The run's measures (spend, late-night and loss-chasing counts…)")
    recency_days: int | None
    frequency: int = Field(description="Active days in the last 30 days")
    monetary_krw: int = Field(description="Won paid in the last 90 days (refunded orders excluded)")
    last_active_at: datetime | None = Field(description="The later of the last round and the last payment (live)")
    computed_at: datetime
    on_break: BreakOut | None


class CarePageOut(ResponseModel):
    """A page of the care list, most flags first; ``next_offset`` is null on the last page."""

    items: list[CareEntryOut]
    total: int
    next_offset: int | None


@router.get("/segments", responses=errors(401, 403))
def segment_counts(staff: Support) -> SegmentCountsOut:
    """How many players are in each group and carry each flag."""
    return SegmentCountsOut.model_validate(segments.counts())


def _entry(entry: segments.CareEntry) -> CareEntryOut:
    found = entry.on_break
    return CareEntryOut(
        user_id=entry.user_id,
        site_id=entry.site_id,
        nickname=entry.nickname,
        rfm_group=entry.rfm_group,  # type: ignore[arg-type]
        flags=entry.flags,  # type: ignore[arg-type]
        details=entry.details,
        recency_days=entry.recency_days,
        frequency=entry.frequency,
        monetary_krw=entry.monetary_krw,
        last_active_at=entry.last_active_at,
        computed_at=entry.computed_at,
        on_break=BreakOut(kind=found.kind, ends_at=found.ends_at, until=found.until) if found else None,  # type: ignore[arg-type]
    )


@router.get("/list", responses=errors(401, 403))
def care_list(
    staff: Support,
    flag: Flag | None = None,
    group: Group | None = None,
    limit: int = Query(50, ge=1, le=segments.LIST_LIMIT_MAX),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> CarePageOut:
    """Flagged players with their flags, measures, last activity and whether they are on a break."""
    page = segments.care_list(flag=flag, group=group, limit=limit, offset=offset)
    return CarePageOut(items=[_entry(e) for e in page.items], total=page.total, next_offset=page.next_offset)
