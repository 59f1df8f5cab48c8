"""Personal referral codes: one per player, made on first use, admitting new players like an invite code.

Staff invite codes and personal codes share the signup field. A staff code wins
when both exist (``admit``); a new personal code never repeats an existing staff
code, and ``invites.create`` refuses a staff code that is someone's personal code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import InviteCode, User
from casino_app.models.social import Referral, ReferralCode
from casino_app.services.referrals import rules
from casino_app.settings import get_settings

EXHAUSTED, INACTIVE = "INVITE_EXHAUSTED", "INVITE_INACTIVE"

_codes = ReferralCode.__table__
_users = User.__table__


@dataclass(frozen=True)
class CodeCheck:
    """A personal code looked up without using it: ``reason`` is None when it admits a signup now."""

    referrer_id: int
    reason: str | None
    remaining_uses: int


@dataclass(frozen=True)
class Admission:
    """What let a new player in: a staff invite (``invite_id``) or a player's personal code."""

    invite_id: int | None
    referrer_id: int | None
    code: str


def _new_code() -> str:
    return "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))


def code_of(db: Session, user_id: int) -> str:
    """The player's personal code, created on first ask (``NotFound`` for staff and unknown accounts)."""
    existing = db.execute(sa.select(_codes.c.code).where(_codes.c.user_id == user_id)).scalar_one_or_none()
    if existing is not None:
        return str(existing)
    if db.execute(sa.select(_users.c.id).where(_users.c.id == user_id, _users.c.staff_role.is_(None))).first() is None:
        raise NotFound(details={"user_id": user_id})
    while True:
        candidate = _new_code()
        if db.execute(sa.select(InviteCode.__table__.c.id).where(InviteCode.__table__.c.code == candidate)).first():
            continue
        made = db.execute(
            insert(_codes)
            .values(user_id=user_id, code=candidate, created_at=clock.now())
            .on_conflict_do_nothing()  # a concurrent first ask for the same player, or (rarely) a taken code
            .returning(_codes.c.code)
        ).scalar_one_or_none()
        if made is not None:
            return str(made)
        existing = db.execute(sa.select(_codes.c.code).where(_codes.c.user_id == user_id)).scalar_one_or_none()
        if existing is not None:
            return str(existing)


def signup_link(code: str) -> str:
    """The signup page with ``code`` filled in (``?ref=``), to share."""
    return f"{get_settings().resolved_public_url}/signup?ref={quote(code)}"


def personal_code(user_id: int) -> str:
    """``code_of`` in its own transaction."""
    with session_scope() as db:
        return code_of(db, user_id)


def is_personal_code(db: Session, normalized: str) -> bool:
    """Whether ``normalized`` (upper-case) is some player's personal code."""
    return db.execute(sa.select(_codes.c.user_id).where(_codes.c.code == normalized)).first() is not None


def _referrer_may_invite() -> sa.ColumnElement[bool]:
    return sa.and_(_users.c.is_active.is_(True), _users.c.staff_role.is_(None))


def check(db: Session, normalized: str) -> CodeCheck | None:
    """Whether the personal code ``normalized`` admits a signup now; None when it is nobody's code."""
    row = db.execute(
        sa.select(_codes.c.user_id, _codes.c.used_count, _users.c.is_active, _users.c.staff_role)
        .join(_users, _users.c.id == _codes.c.user_id)
        .where(_codes.c.code == normalized)
    ).first()
    if row is None:
        return None
    remaining = max(0, rules.MAX_SIGNUPS_PER_CODE - row.used_count)
    reason = None
    if not row.is_active or row.staff_role is not None:
        reason = INACTIVE
    elif remaining == 0:
        reason = EXHAUSTED
    return CodeCheck(int(row.user_id), reason, remaining)


def claim(db: Session, normalized: str) -> int:
    """Use one signup of the personal code ``normalized`` in the caller's transaction; return the referrer.

    One conditional UPDATE (the row lock re-checks the WHERE clause), so
    ``MAX_SIGNUPS_PER_CODE`` holds under concurrent signups. Raises
    ``ValidationFailed`` INVITE_EXHAUSTED / INVITE_INACTIVE (field ``invite_code``).
    """
    referrer = db.execute(
        sa.update(_codes)
        .where(
            _codes.c.code == normalized,
            _codes.c.used_count < rules.MAX_SIGNUPS_PER_CODE,
            _codes.c.user_id.in_(sa.select(_users.c.id).where(_referrer_may_invite())),
        )
        .values(used_count=_codes.c.used_count + 1)
        .returning(_codes.c.user_id)
    ).scalar_one_or_none()
    if referrer is not None:
        return int(referrer)
    found = check(db, normalized)
    raise ValidationFailed(code=(found and found.reason) or EXHAUSTED, details={"field": "invite_code"})


def record(db: Session, admission: Admission, referee_id: int) -> None:
    """Remember who brought ``referee_id`` (in the signup's transaction); nothing for a staff invite."""
    if admission.referrer_id is None:
        return
    db.execute(
        insert(Referral.__table__).values(
            referee_id=referee_id, referrer_id=admission.referrer_id, code=admission.code, created_at=clock.now()
        )
    )
