"""Whether a site ID and a nickname are free, and what a signup must pass before it counts as an attempt.

The signup form's live check and ``POST /api/auth/availability`` call ``check``; ``signup`` calls
``refuse_impossible_signup`` before it touches the per-IP signup limit, so fixing a typo, picking another ID or
trying an invite code that does not work never uses up one of the hour's signups. Neither may become an
unlimited oracle of which IDs exist: every live check and every signup attempt counts, before any lookup, in a
separate window per network (an IPv4 address or an IPv6 /64, ``SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE``) and in one
for everyone (``SIGNUP_CHECK_RATE_LIMIT_GLOBAL_PER_MINUTE``); a blocked caller gets the same 429 whatever the ID.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from casino_app.core.db import session_scope
from casino_app.core.errors import AppError, Conflict, RateLimited, ValidationFailed
from casino_app.models.accounts import User
from casino_app.services import rate_limit
from casino_app.services.accounts import invites, lockout
from casino_app.services.accounts.validation import FieldError, validate_nickname, validate_site_id
from casino_app.settings import get_settings

WINDOW_SECONDS = 60
FIELDS = ("site_id", "nickname")


@dataclass(frozen=True)
class FieldAvailability:
    """One field's answer: ``available``, else ``code`` says why (a field rule such as ``SITE_ID_FORMAT`` or
    ``NICKNAME_RESERVED``, or ``SITE_ID_TAKEN`` / ``NICKNAME_TAKEN``); ``value`` is the stored form ("" when
    the value breaks a rule)."""

    field: str
    value: str
    available: bool
    code: str | None


def _admit(ip: str) -> None:
    settings = get_settings()
    network = lockout.network_of(ip) if ip else "unknown"
    for key, limit in (
        (f"availability:{network}", settings.signup_check_rate_limit_per_minute),
        ("availability:all", settings.signup_check_rate_limit_global_per_minute),
    ):
        decision = rate_limit.hit(key, limit, WINDOW_SECONDS)
        if not decision.allowed:
            raise RateLimited(retry_after=decision.retry_after, code="AVAILABILITY_RATE_LIMITED")


def taken(db: Session, field: str, value: str) -> bool:
    """Whether an account already has this (normalised) site ID, or this nickname in any letter case."""
    if field == "site_id":
        return db.exec(select(User.id).where(User.site_id == value)).first() is not None
    return db.exec(select(User.id).where(sa.func.lower(User.nickname) == value.lower())).first() is not None


def check(ip: str, *, site_id: str | None = None, nickname: str | None = None) -> dict[str, FieldAvailability]:
    """Whether ``site_id`` and/or ``nickname`` (only the ones given) could be signed up right now.

    The same field rules as signup, then whether an account has taken the value. One call counts once in the
    caller's availability window (429 ``AVAILABILITY_RATE_LIMITED`` beyond it), never in the signup limit.
    """
    _admit(ip)
    answers: dict[str, FieldAvailability] = {}
    wanted: list[tuple[str, str]] = []
    for field, raw, rule in (("site_id", site_id, validate_site_id), ("nickname", nickname, validate_nickname)):
        if raw is None:
            continue
        try:
            wanted.append((field, rule(raw)))
        except FieldError as exc:
            answers[field] = FieldAvailability(field, "", False, exc.code)
    if wanted:
        with session_scope() as db:
            for field, value in wanted:
                is_taken = taken(db, field, value)
                code = f"{field.upper()}_TAKEN" if is_taken else None
                answers[field] = FieldAvailability(field, value, not is_taken, code)
    return answers


def _refusal(site_id: str, nickname: str, invite_code: str) -> AppError | None:
    with session_scope() as db:
        if taken(db, "site_id", site_id):
            return Conflict(code="SITE_ID_TAKEN", details={"field": "site_id"})
        if taken(db, "nickname", nickname):
            return Conflict(code="NICKNAME_TAKEN", details={"field": "nickname"})
    invite = invites.check(invite_code, stage="signup")
    if not invite.is_valid:
        return ValidationFailed(code=invite.error_code or invites.UNKNOWN, details={"field": "invite_code"})
    return None


def refuse_impossible_signup(ip: str, site_id: str, nickname: str, invite_code: str) -> None:
    """Raise what the signup would end with when it cannot succeed: 409 ``SITE_ID_TAKEN`` / ``NICKNAME_TAKEN``,
    or 422 ``INVITE_*`` for a code that admits no one now. The values are already validated and normalised.

    Every attempt counts in the availability windows first (beyond them the answer is 429
    ``AVAILABILITY_RATE_LIMITED`` whatever the ID, so a blocked caller learns nothing); the per-IP signup limit
    then counts only signups that may go ahead. The signup's transaction re-checks all of it.
    """
    _admit(ip)
    refusal = _refusal(site_id, nickname, invite_code)
    if refusal is not None:
        raise refusal
