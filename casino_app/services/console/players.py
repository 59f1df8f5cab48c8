"""Finding a player and everything the console shows about them (support, operators and admins; read-only).

Staff accounts are never listed nor shown here: the console's player tools act on players only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import AuthSession, User
from casino_app.services import ledger
from casino_app.services.accounts import identity
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.accounts.validation import FieldError, clean_text
from casino_app.services.care import exclusions
from casino_app.services.care import settings as care_settings
from casino_app.services.console import notes
from casino_app.services.games import rounds
from casino_app.services.ledger.queries import HistoryItem
from casino_app.services.shop import history as shop_history
from casino_app.services.shop import limits as shop_limits
from casino_app.services.shop.machine import OrderView

PAGE_SIZE = 20
MAX_PAGE = 10_000
QUERY_MAX = 40
MAX_ID = 2**63 - 1
RECENT = 10  # ledger entries, rounds and orders on the detail view
SESSIONS_SHOWN = 20


@dataclass(frozen=True)
class PlayerRow:
    """One search result."""

    id: int
    site_id: str
    nickname: str
    rank: str
    level: int
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True)
class PlayerPage:
    """A page of results; ``page`` counts from 1, ``pages`` is at least 1."""

    items: list[PlayerRow]
    total: int
    page: int
    pages: int
    query: str


@dataclass(frozen=True)
class PlayerProfile:
    """The account as staff see it."""

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


@dataclass(frozen=True)
class SessionRow:
    """A login of the player (live or ended)."""

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


@dataclass(frozen=True)
class Protection:
    """Player care in force: own limits (time, loss, purchases), pending raises, a break, the protective flag."""

    time_limit_min: int | None
    loss_limit_gold: int | None
    pending: list[care_settings.PendingLimit]
    purchase_day_krw: int | None
    purchase_week_krw: int | None
    purchase_month_krw: int | None
    on_break: exclusions.Exclusion | None
    flagged: bool
    played_seconds_today: int
    net_today: int


@dataclass(frozen=True)
class PlayerDetail:
    """Everything the console's player page shows."""

    profile: PlayerProfile
    balance: int
    ledger: list[HistoryItem]
    rounds: list[rounds.RoundView]
    orders: list[OrderView]
    sessions: list[SessionRow]
    protection: Protection
    notes: list[notes.NoteView]


def clean_query(raw: str) -> str:
    """The search text: NFC, trimmed, at most 40 characters, no control characters (422 ``QUERY_INVALID``)."""
    try:
        return clean_text(raw or "", "q", max_length=QUERY_MAX)
    except FieldError as exc:
        raise ValidationFailed(code="QUERY_INVALID", details={"field": "q", "rule": exc.code}) from None


def _like(text: str) -> str:
    return text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(actor: AuthUser, query: str = "", page: int = 1) -> PlayerPage:
    """Players whose site ID or nickname contains ``query`` (any case), or whose id it is; newest first.

    Exact matches come first, then prefix matches. An empty query lists every player. Staff are excluded.
    """
    identity.require_staff(actor, "support")
    text = clean_query(query)
    if type(page) is not int or not 1 <= page <= MAX_PAGE:
        raise ValidationFailed(code="PAGE_INVALID", details={"field": "page", "max": MAX_PAGE})
    users = User.__table__
    where = [users.c.staff_role.is_(None)]
    rank = sa.literal(3)
    if text:
        pattern, lowered = f"%{_like(text)}%", text.lower()
        site, nick = sa.func.lower(users.c.site_id), sa.func.lower(users.c.nickname)
        matches = [site.like(pattern, escape="\\"), nick.like(pattern, escape="\\")]
        exact = [site == lowered, nick == lowered]
        if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID:
            matches.append(users.c.id == int(text))
            exact.append(users.c.id == int(text))
        prefix = f"{_like(text)}%"
        where.append(sa.or_(*matches))
        rank = sa.case(
            (sa.or_(*exact), 0),
            (sa.or_(site.like(prefix, escape="\\"), nick.like(prefix, escape="\\")), 1),
            else_=2,
        )
    columns = [getattr(users.c, name) for name in PlayerRow.__dataclass_fields__]
    with session_scope() as db:
        total = int(db.execute(sa.select(sa.func.count()).select_from(users).where(*where)).scalar_one())
        rows = db.execute(
            sa.select(*columns)
            .where(*where)
            .order_by(rank, users.c.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        ).all()
    pages = max(1, -(-total // PAGE_SIZE))
    return PlayerPage([PlayerRow(*row) for row in rows], total, page, pages, text)


def _profile(user: User) -> PlayerProfile:
    assert user.id is not None
    return PlayerProfile(
        id=user.id,
        site_id=user.site_id,
        nickname=user.nickname,
        rank=user.rank,
        level=int(user.level or 1),
        xp=user.xp,
        locale=user.locale,
        email=user.email,
        age_verified=user.age_verified_at is not None,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        is_active=user.is_active,
        must_change_password=user.must_change_password,
    )


def _sessions(user_id: int, now: datetime) -> list[SessionRow]:
    table = AuthSession.__table__
    with session_scope() as db:
        rows = db.execute(
            sa.select(table)
            .where(table.c.user_id == user_id)
            .order_by(table.c.last_used_at.desc(), table.c.id)
            .limit(SESSIONS_SHOWN)
        ).mappings()
        return [
            SessionRow(
                id=r["id"],
                device=r["device"],
                ip=r["ip"],
                channel=r["channel"],
                created_at=r["created_at"],
                last_used_at=r["last_used_at"],
                expires_at=r["expires_at"],
                revoked_at=r["revoked_at"],
                revoked_reason=r["revoked_reason"],
                live=r["revoked_at"] is None and r["expires_at"] > now,
            )
            for r in rows
        ]


def _protection(user_id: int) -> Protection:
    care = care_settings.get(user_id)
    purchase = shop_limits.get_limits(user_id)
    return Protection(
        time_limit_min=care.time_limit_min,
        loss_limit_gold=care.loss_limit_gold,
        pending=care.pending,
        purchase_day_krw=purchase.day_krw,
        purchase_week_krw=purchase.week_krw,
        purchase_month_krw=purchase.month_krw,
        on_break=exclusions.current(user_id),
        flagged=care.flagged,
        played_seconds_today=care.played_seconds_today,
        net_today=care.net_today,
    )


def player_profile(user_id: int) -> PlayerProfile:
    """The player's account (404 for an unknown id or a staff account)."""
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None or user.staff_role is not None:
            raise NotFound(code="PLAYER_NOT_FOUND", details={"user_id": user_id})
        return _profile(user)


def detail(actor: AuthUser, user_id: int) -> PlayerDetail:
    """The console's view of one player: account, gold, recent ledger, rounds and orders, sessions, player
    care in force and staff notes (404 ``PLAYER_NOT_FOUND`` for an unknown id or a staff account)."""
    identity.require_staff(actor, "support")
    profile = player_profile(user_id)
    recent_rounds, _ = rounds.history(user_id, limit=RECENT)
    return PlayerDetail(
        profile=profile,
        balance=ledger.balance_of(user_id),
        ledger=ledger.history(user_id, limit=RECENT).items,
        rounds=recent_rounds,
        orders=shop_history.history(user_id, limit=RECENT).items,
        sessions=_sessions(user_id, clock.now()),
        protection=_protection(user_id),
        notes=notes.list_notes(actor, user_id),
    )
