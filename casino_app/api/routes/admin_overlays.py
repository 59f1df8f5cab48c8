"""``/api/admin/overlay-tokens``: streamers' OBS overlay tokens: list, issue (the token is answered once), revoke.

Operators and admins (a token opens the overlays like a credential, as invite codes do). The rules live in
``services.overlays.tokens``; this module only adapts. No ``Idempotency-Key``: issuing moves no money, and a
replayed answer would have to keep the token somewhere, which nothing may.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import Field

from casino_app.api.deps import Client, Operator
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.services.overlays import tokens

router = APIRouter(prefix="/api/admin/overlay-tokens", tags=["admin"])

TokenId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class TokenIn(ApiModel):
    """Who the token is for (1–60 characters, shown to staff only)."""

    label: Annotated[str, Field(min_length=1, max_length=tokens.LABEL_MAX * 4), text(tokens.LABEL_MAX, "label")]


class TokenOut(ResponseModel):
    """A token as staff see it (never the token itself); ``created_by`` / ``revoked_by`` are staff site IDs."""

    id: int
    label: str
    active: bool
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str
    last_used_at: datetime | None


class IssuedOut(TokenOut):
    """A new token: ``token`` and the overlay addresses that carry it are shown this once."""

    token: str
    urls: dict[str, str] = Field(description="feed, bigwins and leaderboard: the OBS browser-source addresses")


def _out(view: tokens.TokenView) -> TokenOut:
    return TokenOut(
        id=view.id,
        label=view.label,
        active=view.active,
        created_by=view.created_by,
        created_at=view.created_at,
        revoked_at=view.revoked_at,
        revoked_by=view.revoked_by,
        last_used_at=view.last_used_at,
    )


@router.get("", responses=errors(401, 403))
def list_tokens(staff: Operator) -> list[TokenOut]:
    """Every token, active ones first, with when an overlay last used it."""
    return [_out(view) for view in tokens.list_all(staff)]


@router.post("", status_code=201, responses=errors(401, 403))
def issue_token(body: TokenIn, staff: Operator, client: Client, response: Response) -> IssuedOut:
    """Issue a token for a streamer (audited without the token). Only its hash is kept: copy it now."""
    response.headers["Cache-Control"] = "no-store"  # the token must not sit in any cache
    issued = tokens.issue(staff, body.label, ip=client.ip)
    return IssuedOut(**_out(issued.view).model_dump(), token=issued.token, urls=tokens.urls(issued.token))


@router.post("/{token_id}/revoke", responses=errors(401, 403, 404))
def revoke_token(token_id: TokenId, staff: Operator, client: Client) -> TokenOut:
    """Revoke a token (audited): its overlays stop showing data at their next refresh. Revoking twice is fine."""
    return _out(tokens.revoke(staff, token_id, ip=client.ip))
