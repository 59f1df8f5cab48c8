"""Operator messaging: send to one player, broadcast to every player, schedule, list, preview and cancel campaigns.

Operators and admins only. Sends take an ``Idempotency-Key``: a retried broadcast resumes the same broadcast (each
player still gets it at most once) and answers its current totals; a retried send or campaign creation answers
the first response. Campaign times are entered in KST (an ISO time with ``+09:00``, or without an offset) and
shown in KST. The rules live in ``services.messaging`` (``sending``, ``campaigns``); this module only adapts.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from casino_app.api.deps import Client, Operator
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.routes.admin_events import KstTime
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.core.errors import ValidationFailed
from casino_app.models.accounts import RANKS
from casino_app.services.care.segments_rfm import GROUPS
from casino_app.services.events import rules
from casino_app.services.messaging import audience, campaigns, sending

router = APIRouter(prefix="/api/admin", tags=["admin"])

CampaignId = Path(ge=1, le=2**63 - 1)
Category = Literal[sending.OPERATOR_CATEGORIES]  # type: ignore[valid-type]


def _line(where: str, max_length: int, *, multiline: bool = False) -> AfterValidator:
    def check(value: str) -> str:
        try:
            return sending.clean_line(value, where, max_length=max_length, multiline=multiline)
        except ValidationFailed:
            raise PydanticCustomError(
                "MESSAGE_INVALID", "1–{max} characters, no control characters", {"max": max_length}
            ) from None

    return AfterValidator(check)


class MessageText(ApiModel):
    """A title (1–60 characters, one line) and a body (1–500 characters, line breaks allowed)."""

    title: Annotated[str, Field(min_length=1, max_length=sending.TITLE_MAX * 4), _line("title", sending.TITLE_MAX)]
    body: Annotated[
        str, Field(min_length=1, max_length=sending.BODY_MAX * 4), _line("body", sending.BODY_MAX, multiline=True)
    ]


class MessageIn(ApiModel):
    """The text in Korean (required) and English (optional: players reading English then see the Korean)."""

    ko: MessageText
    en: MessageText | None = None

    def stored(self) -> dict[str, Any]:
        """The ``{"ko": {...}, "en": {...}}`` form the services take."""
        return self.model_dump(exclude_none=True)


Reason = Annotated[str, Field(min_length=1, max_length=800), text(sending.REASON_MAX, "reason")]


class BroadcastIn(ApiModel):
    """A message to every active player: ``notice`` (always sent), ``event`` (mutable) or ``marketing`` (consent)."""

    category: Category
    message: MessageIn
    reason: Reason


class SendIn(BroadcastIn):
    """A message to one player, named by ``user_id`` or ``site_id`` (exactly one)."""

    user_id: int | None = Field(None, ge=1, le=2**63 - 1)
    site_id: Annotated[str, Field(min_length=1, max_length=20)] | None = None

    @model_validator(mode="after")
    def _one_recipient(self) -> SendIn:
        if (self.user_id is None) == (self.site_id is None):
            raise PydanticCustomError("RECIPIENT_REQUIRED", "give exactly one of user_id and site_id")
        return self


class TargetIn(ApiModel):
    """Who a campaign is for (every field optional; none = every player). Flagged players are always left out."""

    rank: Literal[RANKS] | None = None  # type: ignore[valid-type]
    min_level: int | None = Field(None, ge=1, le=audience.LEVEL_MAX)
    max_level: int | None = Field(None, ge=1, le=audience.LEVEL_MAX)
    segment: Literal[GROUPS] | None = Field(None, description="an RFM group of the nightly segments")  # type: ignore[valid-type]
    inactive_days: int | None = Field(None, ge=1, le=audience.INACTIVE_DAYS_MAX, description="no login for N days")

    @model_validator(mode="after")
    def _level_range(self) -> TargetIn:
        if self.min_level is not None and self.max_level is not None and self.min_level > self.max_level:
            raise PydanticCustomError("TARGET_INVALID", "min_level must not exceed max_level")
        return self


class CampaignIn(ApiModel):
    """A campaign: internal name, category, text, target and send time (KST; now to 90 days ahead)."""

    name: Annotated[str, Field(min_length=1, max_length=campaigns.NAME_MAX * 4), _line("name", campaigns.NAME_MAX)]
    category: Category
    message: MessageIn
    target: TargetIn = Field(default_factory=TargetIn)
    scheduled_at: KstTime


class PreviewIn(ApiModel):
    """A target to count (and the category: a marketing audience leaves flagged players out)."""

    target: TargetIn = Field(default_factory=TargetIn)
    category: Category = "notice"


class OutcomeOut(ResponseModel):
    """What a send did: targeted = sent + skipped + pending (deferred by quiet hours, or still queued)."""

    targeted: int
    sent: int
    skipped: dict[str, int] = Field(
        description="skipped_muted | skipped_consent | skipped_break | skipped_flagged | quiet_hours"
    )
    pending: int
    broadcast_id: int | None = None


class CampaignOut(ResponseModel):
    """A campaign or broadcast (times in KST) with its delivery totals."""

    id: int
    kind: str = Field(description="campaign | broadcast")
    name: str
    category: str
    message: dict[str, Any]
    target: dict[str, Any]
    status: str = Field(description="scheduled | sending | sent | cancelled")
    scheduled_at: datetime
    created_by: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancelled_at: datetime | None
    targeted: int
    sent: int
    skipped: dict[str, int]
    pending: int


class PreviewOut(ResponseModel):
    """How many players the target holds now, before consent, mutes and breaks."""

    audience: int


def _outcome(result: sending.Outcome) -> OutcomeOut:
    return OutcomeOut(
        targeted=result.targeted,
        sent=result.sent,
        skipped=result.skipped,
        pending=result.pending,
        broadcast_id=result.broadcast_id,
    )


def _kst(value: datetime | None) -> datetime | None:
    return rules.to_kst(value) if value is not None else None


def _campaign(view: campaigns.CampaignView) -> CampaignOut:
    c = view.counts
    return CampaignOut(
        id=view.id,
        kind=view.kind,
        name=view.name,
        category=view.category,
        message=view.message,
        target=view.target,
        status=view.status,
        scheduled_at=rules.to_kst(view.scheduled_at),
        created_by=view.created_by,
        created_at=rules.to_kst(view.created_at),
        started_at=_kst(view.started_at),
        finished_at=_kst(view.finished_at),
        cancelled_at=_kst(view.cancelled_at),
        targeted=c.targeted,
        sent=c.sent,
        skipped=c.skipped,
        pending=c.pending,
    )


@router.post("/notifications/send", response_model=OutcomeOut, responses=errors(400, 401, 403, 404, 409))
def send_one(request: Request, body: SendIn, staff: Operator, client: Client, key: IdempotencyKey) -> Response:
    """Send a message to one player now (audited). A policy skip is answered as ``skipped``, not queued."""

    def action() -> tuple[int, OutcomeOut]:
        user_id = sending.find_player(user_id=body.user_id, site_id=body.site_id)
        result = sending.send(staff, user_id, body.category, body.message.stored(), body.reason, ip=client.ip)
        return 200, _outcome(result)

    return respond_once(request, staff.id, key, body, action)


@router.post("/notifications/broadcast", response_model=OutcomeOut, responses=errors(400, 401, 403, 409))
def broadcast(request: Request, body: BroadcastIn, staff: Operator, client: Client, key: IdempotencyKey) -> Response:
    """Send a message to every active player now, in batches (audited). Repeating the key resumes the same
    broadcast and answers its totals; nobody gets it twice."""

    def action() -> tuple[int, dict[str, int]]:
        created = sending.start_broadcast(staff, body.category, body.message.stored(), body.reason, ip=client.ip)
        return 200, {"broadcast_id": created}

    started = respond_once(request, staff.id, key, body, action)
    broadcast_id = int(json.loads(bytes(started.body))["broadcast_id"])
    result = _outcome(sending.deliver_broadcast(broadcast_id))
    headers = {"Idempotent-Replayed": "true"} if started.headers.get("Idempotent-Replayed") else None
    return JSONResponse(result.model_dump(mode="json"), headers=headers)


@router.get("/campaigns", responses=errors(401, 403))
def list_campaigns(
    staff: Operator, limit: int = Query(50, ge=1, le=campaigns.LIST_LIMIT_MAX), offset: int = Query(0, ge=0, le=10**6)
) -> list[CampaignOut]:
    """Campaigns and broadcasts, newest scheduled first, with status and totals."""
    return [_campaign(view) for view in campaigns.list_all(staff, limit=limit, offset=offset)]


@router.post("/campaigns", status_code=201, response_model=CampaignOut, responses=errors(400, 401, 403, 409))
def create_campaign(
    request: Request, body: CampaignIn, staff: Operator, client: Client, key: IdempotencyKey
) -> Response:
    """Schedule a campaign (audited); the dispatcher sends it from ``scheduled_at`` on."""

    def action() -> tuple[int, CampaignOut]:
        view = campaigns.create(
            staff,
            name=body.name,
            category=body.category,
            message=body.message.stored(),
            target=body.target.model_dump(exclude_none=True),
            scheduled_at=body.scheduled_at,
            ip=client.ip,
        )
        return 201, _campaign(view)

    return respond_once(request, staff.id, key, body, action)


@router.post("/campaigns/preview", responses=errors(401, 403))
def preview(body: PreviewIn, staff: Operator) -> PreviewOut:
    """How many players a target holds now (before consent, mutes and breaks)."""
    return PreviewOut(audience=campaigns.preview(staff, body.target.model_dump(exclude_none=True), body.category))


@router.get("/campaigns/{campaign_id}", responses=errors(401, 403, 404))
def get_campaign(staff: Operator, campaign_id: int = CampaignId) -> CampaignOut:
    """One campaign or broadcast with its totals."""
    return _campaign(campaigns.get(staff, campaign_id))


@router.post("/campaigns/{campaign_id}/cancel", responses=errors(401, 403, 404, 409))
def cancel_campaign(staff: Operator, client: Client, campaign_id: int = CampaignId) -> CampaignOut:
    """Stop a scheduled or sending campaign (audited); what already went out stays."""
    return _campaign(campaigns.cancel(staff, campaign_id, ip=client.ip))
