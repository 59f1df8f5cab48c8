"""``/api/admin``: staff login and invite-code management."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import Field

from casino_app.api.deps import Client, Operator
from casino_app.api.routes.auth import LoginRequest, TokenResponse, _tokens
from casino_app.api.schemas import ApiModel, ResponseModel, errors, rule, text
from casino_app.services.accounts import invites, sessions, validation

router = APIRouter(prefix="/api/admin", tags=["admin"])


class InviteCreate(ApiModel):
    """A new invite code (random when ``code`` is omitted)."""

    code: Annotated[str, Field(max_length=128), rule(validation.validate_invite_code)] | None = None
    expires_at: datetime | None = None
    max_uses: int | None = Field(default=None, ge=1, le=invites.MAX_USES_LIMIT)
    note: Annotated[str, Field(max_length=400), text(100, "note")] = ""


class InviteOut(ResponseModel):
    """An invite code with its usage."""

    id: int
    code: str
    expires_at: datetime | None
    max_uses: int | None
    used_count: int
    remaining_uses: int | None
    is_active: bool
    note: str
    created_by: int | None
    created_at: datetime


class InviteUsageOut(ResponseModel):
    """Signups through one code on one KST day."""

    code: str
    day: str
    signups: int


@router.post("/auth/login", responses=errors(401, 429))
def admin_login(body: LoginRequest, client: Client) -> TokenResponse:
    """Staff login (players are refused here, as staff are on the player endpoint)."""
    return _tokens(sessions.login(body.site_id, body.password, portal=sessions.STAFF, client=client))


@router.post("/invites", status_code=201, responses=errors(401, 403, 409))
def create_invite(body: InviteCreate, staff: Operator, client: Client) -> InviteOut:
    """Create an invite code (audited)."""
    view = invites.create(
        actor_id=staff.id,
        code=body.code,
        expires_at=body.expires_at,
        max_uses=body.max_uses,
        note=body.note,
        ip=client.ip,
    )
    return InviteOut.model_validate(view)


@router.get("/invites", responses=errors(401, 403))
def list_invites(staff: Operator) -> list[InviteOut]:
    """Every invite code with remaining uses."""
    return [InviteOut.model_validate(view) for view in invites.list_all()]


@router.post("/invites/{invite_id}/deactivate", responses=errors(401, 403, 404))
def deactivate_invite(staff: Operator, client: Client, invite_id: int = Path(ge=1, le=2**63 - 1)) -> InviteOut:
    """Stop a code from admitting new players (audited)."""
    return InviteOut.model_validate(invites.deactivate(invite_id, actor_id=staff.id, ip=client.ip))


@router.get("/invites/usage", responses=errors(401, 403))
def invite_usage(staff: Operator, days: int = Query(30, ge=1, le=366)) -> list[InviteUsageOut]:
    """Signups per code per KST day over the last ``days`` days."""
    return [InviteUsageOut.model_validate(row) for row in invites.usage_by_day(days)]
