"""Invite codes: validation, race-safe use at signup, and the admin operations."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from casino_app.core import clock, metrics
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, NotFound, ValidationFailed
from casino_app.models.accounts import InviteCode, User
from casino_app.services import audit
from casino_app.services.accounts.validation import FieldError, validate_invite_code
from casino_app.services.referrals import codes as referral_codes

UNKNOWN, EXPIRED, EXHAUSTED, INACTIVE = "INVITE_UNKNOWN", "INVITE_EXPIRED", "INVITE_EXHAUSTED", "INVITE_INACTIVE"


@dataclass(frozen=True)
class InviteCheck:
    """Result of checking a code without using it."""

    is_valid: bool
    error_code: str | None
    remaining_uses: int | None
    expires_at: datetime | None


@dataclass(frozen=True)
class InviteView:
    """An invite code as staff see it."""

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


def _why_unusable(invite: InviteCode | None, now: datetime) -> str | None:
    if invite is None:
        return UNKNOWN
    if not invite.is_active:
        return INACTIVE
    if invite.expires_at is not None and invite.expires_at <= now:
        return EXPIRED
    if invite.max_uses is not None and invite.used_count >= invite.max_uses:
        return EXHAUSTED
    return None


def _remaining(invite: InviteCode) -> int | None:
    return None if invite.max_uses is None else max(0, invite.max_uses - invite.used_count)


def count_rejection(stage: str, reason: str) -> None:
    """Count a refused code in ``cc_invite_rejections_total`` (``stage``: check or signup)."""
    metrics.INVITE_REJECTIONS.labels(stage, reason.removeprefix("INVITE_").lower()).inc()


def check(code: str, *, stage: str = "check") -> InviteCheck:
    """Whether ``code`` can be used now, and why not (unknown / expired / exhausted / inactive).

    Every refusal is counted for the invite-code anomaly alert: stage ``check`` for a look before signing up,
    ``signup`` for a signup refused before it used the code.
    """
    result = _check(code)
    if not result.is_valid:
        count_rejection(stage, result.error_code or UNKNOWN)
    return result


def _check(code: str) -> InviteCheck:
    try:
        normalized = validate_invite_code(code)
    except FieldError:
        return InviteCheck(False, UNKNOWN, None, None)
    with session_scope() as session:
        invite = session.exec(select(InviteCode).where(InviteCode.code == normalized)).first()
        reason = _why_unusable(invite, clock.now())
        personal = referral_codes.check(session, normalized) if invite is None else None
        if personal is not None:  # a player's personal code admits like an invite
            return InviteCheck(personal.reason is None, personal.reason, personal.remaining_uses, None)
        if invite is None:
            return InviteCheck(False, reason, None, None)
        return InviteCheck(reason is None, reason, _remaining(invite), invite.expires_at)


def consume(session: Session, code: str) -> int:
    """Use one slot of ``code`` inside the caller's transaction; return its id.

    A single conditional UPDATE: under concurrent signups PostgreSQL re-checks the
    WHERE clause after taking the row lock, so ``max_uses`` can never be exceeded.
    """
    normalized = validate_invite_code(code)
    now = clock.now()
    table = InviteCode.__table__
    used_id = session.execute(
        sa.update(table)
        .where(
            table.c.code == normalized,
            table.c.is_active.is_(True),
            sa.or_(table.c.expires_at.is_(None), table.c.expires_at > now),
            sa.or_(table.c.max_uses.is_(None), table.c.used_count < table.c.max_uses),
        )
        .values(used_count=table.c.used_count + 1)
        .returning(table.c.id)
    ).scalar_one_or_none()
    if used_id is not None:
        return int(used_id)
    invite = session.exec(select(InviteCode).where(InviteCode.code == normalized)).first()
    reason = _why_unusable(invite, now) or EXHAUSTED
    raise ValidationFailed(code=reason, details={"field": "invite_code"})


def _view(invite: InviteCode) -> InviteView:
    assert invite.id is not None
    return InviteView(
        id=invite.id,
        code=invite.code,
        expires_at=invite.expires_at,
        max_uses=invite.max_uses,
        used_count=invite.used_count,
        remaining_uses=_remaining(invite),
        is_active=invite.is_active,
        note=invite.note,
        created_by=invite.created_by,
        created_at=invite.created_at,
    )


MAX_USES_LIMIT = 1_000_000


def create(
    *,
    actor_id: int,
    code: str | None = None,
    expires_at: datetime | None = None,
    max_uses: int | None = None,
    note: str = "",
    ip: str = "",
) -> InviteView:
    """Create an invite code (random when not given); audited."""
    if expires_at is not None and expires_at <= clock.now():
        raise ValidationFailed(code="INVITE_EXPIRY_IN_PAST", details={"field": "expires_at"})
    if max_uses is not None and not 1 <= max_uses <= MAX_USES_LIMIT:
        raise ValidationFailed(details={"field": "max_uses"})
    normalized = validate_invite_code(code) if code else secrets.token_hex(4).upper()
    with session_scope() as session:
        exists = session.exec(select(InviteCode.id).where(InviteCode.code == normalized)).first()
        if exists is not None or referral_codes.is_personal_code(session, normalized):
            raise Conflict(code="INVITE_CODE_TAKEN", details={"field": "code"})
        invite = InviteCode(
            code=normalized,
            expires_at=expires_at,
            max_uses=max_uses,
            note=note,
            created_by=actor_id,
            created_at=clock.now(),
        )
        session.add(invite)
        session.flush()
        audit.record(
            session,
            actor_id=actor_id,
            action="invite.create",
            target_type="invite_code",
            target_id=invite.id or 0,
            after={
                "code": normalized,
                "max_uses": max_uses,
                "expires_at": expires_at and expires_at.isoformat(),
                "note": note,
            },
            ip=ip,
        )
        return _view(invite)


def list_all() -> list[InviteView]:
    """Every invite code, newest first."""
    with session_scope() as session:
        invites = session.exec(select(InviteCode).order_by(InviteCode.id.desc())).all()  # type: ignore[union-attr]
        return [_view(invite) for invite in invites]


def deactivate(invite_id: int, *, actor_id: int, ip: str = "") -> InviteView:
    """Stop a code from admitting anyone else; audited. Idempotent."""
    with session_scope() as session:
        invite = session.get(InviteCode, invite_id, with_for_update=True)
        if invite is None:
            raise NotFound(details={"invite_id": invite_id})
        if invite.is_active:
            invite.is_active = False
            audit.record(
                session,
                actor_id=actor_id,
                action="invite.deactivate",
                target_type="invite_code",
                target_id=invite_id,
                details={"code": invite.code},
                before={"is_active": True},
                after={"is_active": False},
                ip=ip,
            )
        session.flush()
        return _view(invite)


def usage_by_day(days: int) -> list[dict[str, object]]:
    """Signups per code per business (KST) day for the last ``days`` days, newest first."""
    tz = clock.business_tz().key
    since = clock.start_of_business_day(clock.business_date()) - timedelta(days=days - 1)
    day = sa.func.date(sa.func.timezone(tz, User.created_at)).label("day")
    with session_scope() as session:
        rows = session.execute(
            sa.select(InviteCode.code, day, sa.func.count(User.id))
            .join(User, User.invite_code_id == InviteCode.id)
            .where(User.created_at >= since)
            .group_by(InviteCode.code, day)
            .order_by(day.desc(), InviteCode.code)
        ).all()
    return [
        {"code": code, "day": d.isoformat() if isinstance(d, date) else str(d), "signups": n} for code, d, n in rows
    ]


def ensure_code(code: str, *, note: str = "") -> None:
    """Create ``code`` as an unlimited, active invite if it does not exist (seeding)."""
    normalized = validate_invite_code(code)
    with session_scope() as session:
        exists = session.exec(select(InviteCode.id).where(InviteCode.code == normalized)).first()
        if exists is None:
            session.add(InviteCode(code=normalized, note=note, created_at=clock.now()))
