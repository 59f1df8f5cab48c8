"""``/api/admin/players``: find a player, read everything about them, keep notes (support and up), and act on
the account — ban, unban, rank, end sessions, reset the password (operators and admins, with a reason).

Gold adjustments stay at ``POST /api/admin/users/{id}/gold`` (``admin_wallet``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import Field

from casino_app.api.deps import Client, Operator, require_staff
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.console import notes, player_actions, players

router = APIRouter(prefix="/api/admin/players", tags=["admin"])

Support = Annotated[AuthUser, Depends(require_staff("support"))]
PlayerId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Reason = Annotated[str, Field(min_length=1, max_length=800, description="Why (1–200 characters, audited)")]


class PlayerRowOut(ResponseModel):
    """One search result."""

    id: int
    site_id: str
    nickname: str
    rank: str
    level: int
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class PlayerPageOut(ResponseModel):
    """A page of players (20 a page), exact matches first, then prefix matches, then newest."""

    items: list[PlayerRowOut]
    total: int
    page: int
    pages: int
    query: str


class PlayerAccountOut(ResponseModel):
    """The account."""

    id: int
    site_id: str
    nickname: str
    rank: str
    level: int
    xp: int
    locale: str
    email: str | None
    age_verified: bool
    created_at: datetime
    last_login_at: datetime | None
    is_active: bool
    must_change_password: bool


class PlayerLedgerItemOut(ResponseModel):
    """A movement on the player's wallet."""

    id: int
    kind: str
    amount: int
    balance_after: int
    reference: str
    created_at: datetime


class PlayerRoundOut(ResponseModel):
    """A recent game round."""

    id: int
    game: str
    bet: int
    payout: int
    created_at: datetime


class PlayerOrderOut(ResponseModel):
    """A recent shop order."""

    id: int
    code: str
    status: str
    sku: str
    name_ko: str
    name_en: str
    amount_krw: int
    gold: int
    bonus_gold: int
    created_at: datetime
    paid_at: datetime | None
    refunded_at: datetime | None


class PlayerSessionOut(ResponseModel):
    """A login (live or ended)."""

    id: uuid.UUID
    device: str
    ip: str
    channel: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    revoked_reason: str | None
    live: bool


class PlayerPendingLimitOut(ResponseModel):
    """A raised or removed care limit waiting 24 hours."""

    name: str
    value: int | None
    effective_at: datetime


class PlayerBreakOut(ResponseModel):
    """A cool-off or self-exclusion in force."""

    kind: str
    period: str
    starts_at: datetime
    ends_at: datetime
    until: datetime


class PlayerProtectionOut(ResponseModel):
    """Player care in force."""

    time_limit_min: int | None
    loss_limit_gold: int | None
    pending: list[PlayerPendingLimitOut]
    purchase_day_krw: int | None
    purchase_week_krw: int | None
    purchase_month_krw: int | None
    on_break: PlayerBreakOut | None
    flagged: bool
    played_seconds_today: int
    net_today: int


class StaffNoteOut(ResponseModel):
    """A staff note with its author."""

    id: int
    body: str
    author_id: int | None
    author_site_id: str | None
    author_nickname: str | None
    created_at: datetime


class PlayerDetailOut(ResponseModel):
    """Everything the console shows about a player."""

    profile: PlayerAccountOut
    balance: int
    ledger: list[PlayerLedgerItemOut]
    rounds: list[PlayerRoundOut]
    orders: list[PlayerOrderOut]
    sessions: list[PlayerSessionOut]
    protection: PlayerProtectionOut
    notes: list[StaffNoteOut]


class StaffNoteIn(ApiModel):
    """A note (1–1000 characters; line breaks kept)."""

    body: str = Field(min_length=1, max_length=4000)


class StaffReasonIn(ApiModel):
    """The staff member's reason."""

    reason: Reason


class PlayerRankIn(ApiModel):
    """The new rank and the reason."""

    rank: Literal["STANDARD", "PREMIUM", "VIP"]
    reason: Reason


class PlayerActionOut(ResponseModel):
    """What the action changed (as audited)."""

    user_id: int
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    revoked_sessions: int


class PlayerPasswordResetOut(ResponseModel):
    """The temporary password, shown this once; the player must replace it at the next login."""

    user_id: int
    temporary_password: str
    revoked_sessions: int


def _detail(view: players.PlayerDetail) -> PlayerDetailOut:
    care = view.protection
    found = care.on_break
    on_break = (
        None
        if found is None
        else PlayerBreakOut(
            kind=found.kind, period=found.period, starts_at=found.starts_at, ends_at=found.ends_at, until=found.until
        )
    )
    return PlayerDetailOut(
        profile=PlayerAccountOut.model_validate(view.profile),
        balance=view.balance,
        ledger=[PlayerLedgerItemOut.model_validate(item) for item in view.ledger],
        rounds=[PlayerRoundOut.model_validate(item) for item in view.rounds],
        orders=[PlayerOrderOut.model_validate(item) for item in view.orders],
        sessions=[PlayerSessionOut.model_validate(item) for item in view.sessions],
        protection=PlayerProtectionOut(
            time_limit_min=care.time_limit_min,
            loss_limit_gold=care.loss_limit_gold,
            pending=[PlayerPendingLimitOut.model_validate(p) for p in care.pending],
            purchase_day_krw=care.purchase_day_krw,
            purchase_week_krw=care.purchase_week_krw,
            purchase_month_krw=care.purchase_month_krw,
            on_break=on_break,
            flagged=care.flagged,
            played_seconds_today=care.played_seconds_today,
            net_today=care.net_today,
        ),
        notes=[StaffNoteOut.model_validate(note) for note in view.notes],
    )


@router.get("", responses=errors(401, 403, 422))
def search(
    staff: Support,
    q: str = Query("", max_length=40, description="Site ID or nickname (contains, any case) or numeric id"),
    page: int = Query(1, ge=1, le=players.MAX_PAGE),
) -> PlayerPageOut:
    """Find players (staff accounts are never listed)."""
    found = players.search(staff, q, page)
    return PlayerPageOut(
        items=[PlayerRowOut.model_validate(row) for row in found.items],
        total=found.total,
        page=found.page,
        pages=found.pages,
        query=found.query,
    )


@router.get("/{user_id}", responses=errors(401, 403, 404))
def detail(staff: Support, user_id: PlayerId) -> PlayerDetailOut:
    """A player's account, gold, recent ledger, rounds and orders, sessions, player care and notes."""
    return _detail(players.detail(staff, user_id))


@router.post("/{user_id}/notes", status_code=201, responses=errors(401, 403, 404, 422))
def add_note(body: StaffNoteIn, staff: Support, client: Client, user_id: PlayerId) -> StaffNoteOut:
    """Keep a note on the player (support and up; audited)."""
    return StaffNoteOut.model_validate(notes.add_note(staff, user_id, body.body, ip=client.ip))


def _action(result: player_actions.ActionResult) -> PlayerActionOut:
    return PlayerActionOut.model_validate(result)


@router.post("/{user_id}/ban", responses=errors(401, 403, 404, 409, 422))
def ban(body: StaffReasonIn, staff: Operator, client: Client, user_id: PlayerId) -> PlayerActionOut:
    """Deactivate the account and end every session at once (409 ``ALREADY_BANNED``)."""
    return _action(player_actions.ban(staff, user_id, body.reason, ip=client.ip))


@router.post("/{user_id}/unban", responses=errors(401, 403, 404, 409, 422))
def unban(body: StaffReasonIn, staff: Operator, client: Client, user_id: PlayerId) -> PlayerActionOut:
    """Reactivate a banned account (409 ``NOT_BANNED``)."""
    return _action(player_actions.unban(staff, user_id, body.reason, ip=client.ip))


@router.post("/{user_id}/rank", responses=errors(401, 403, 404, 409, 422))
def change_rank(body: PlayerRankIn, staff: Operator, client: Client, user_id: PlayerId) -> PlayerActionOut:
    """Change the player's rank (409 ``RANK_UNCHANGED``)."""
    return _action(player_actions.change_rank(staff, user_id, body.rank, body.reason, ip=client.ip))


@router.post("/{user_id}/logout", responses=errors(401, 403, 404, 422))
def force_logout(body: StaffReasonIn, staff: Operator, client: Client, user_id: PlayerId) -> PlayerActionOut:
    """End every session of the player; the account stays active."""
    return _action(player_actions.force_logout(staff, user_id, body.reason, ip=client.ip))


@router.post("/{user_id}/password-reset", responses=errors(401, 403, 404, 422))
def reset_password(
    body: StaffReasonIn, staff: Operator, client: Client, user_id: PlayerId, response: Response
) -> PlayerPasswordResetOut:
    """Set a temporary password (returned once), end every session and require a new password at next login."""
    response.headers["Cache-Control"] = "no-store"  # the temporary password must not sit in any cache
    return PlayerPasswordResetOut.model_validate(
        player_actions.reset_password(staff, user_id, body.reason, ip=client.ip)
    )
