"""``POST /api/invite/validate``: check an invite code before signing up."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import Field

from casino_app.api.deps import Client
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.core.errors import RateLimited
from casino_app.services import rate_limit
from casino_app.services.accounts import invites

router = APIRouter(prefix="/api/invite", tags=["auth"])
VALIDATIONS_PER_MINUTE = 30


class InviteValidateRequest(ApiModel):
    """The code to check."""

    code: str = Field(max_length=128)


class InviteValidateResponse(ResponseModel):
    """Whether the code admits a signup now, and if not, why."""

    is_valid: bool
    error_code: str | None = Field(
        description="INVITE_UNKNOWN | INVITE_EXPIRED | INVITE_EXHAUSTED | INVITE_INACTIVE when not valid"
    )
    remaining_uses: int | None = Field(description="null = unlimited")
    expires_at: datetime | None


@router.post("/validate", responses=errors(429))
def validate_invite(body: InviteValidateRequest, client: Client) -> InviteValidateResponse:
    """Check a code without using it (rate-limited per IP against guessing)."""
    decision = rate_limit.hit(f"invite-check:{client.ip}", VALIDATIONS_PER_MINUTE, 60)
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after)
    return InviteValidateResponse.model_validate(invites.check(body.code))
