"""What operators (and admins) may do to a player's account: ban and unban, change the rank, end every
session, reset the password, adjust gold.

Each action is one transaction that also writes its audit row (``before``, ``after`` and the staff member's
``reason``, 1–200 characters, required). Support staff may read and keep notes only (403 ``STAFF_REQUIRED``).
A staff account is never a target (404 ``PLAYER_NOT_FOUND``).

Ending sessions revokes every ``auth_sessions`` row of the player; the session cache of every process
forgets its answers when that commits, so a REST token stops working on its next request and an open tab on
its next event (``sessions.validate_session``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, NotFound, ValidationFailed
from casino_app.models.accounts import RANKS, AuthSession, User
from casino_app.services import audit, wallet
from casino_app.services.accounts import identity, passwords
from casino_app.services.accounts.identity import AuthUser

REASON_MAX = wallet.REASON_MAX
# No look-alike characters (0/O, 1/l/I): the staff member reads it out or types it into a message.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEMPORARY_GROUPS, TEMPORARY_GROUP_LENGTH = 4, 4  # 16 random characters: about 92 bits


@dataclass(frozen=True)
class ActionResult:
    """What an action changed."""

    user_id: int
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    revoked_sessions: int = 0


@dataclass(frozen=True)
class PasswordReset:
    """A reset's temporary password: shown once to the staff member, never stored in clear or audited."""

    user_id: int
    temporary_password: str
    revoked_sessions: int


def clean_reason(raw: str) -> str:
    """A reason of 1–200 characters after trimming (``audit.clean_reason``)."""
    return audit.clean_reason(raw)


def temporary_password() -> str:
    """A strong one-time password such as ``k7Qm-x2Rt-9bHw-Tz4p`` (from ``secrets``)."""
    groups = (
        "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_GROUP_LENGTH)) for _ in range(TEMPORARY_GROUPS)
    )
    return "-".join(groups)


def _player(db: Session, user_id: int) -> User:
    """The player's row, locked for the action (404 for an unknown id or a staff account)."""
    user = db.get(User, user_id, with_for_update=True)
    if user is None or user.staff_role is not None:
        raise NotFound(code="PLAYER_NOT_FOUND", details={"user_id": user_id})
    return user


def _revoke_all(db: Session, user_id: int, reason: str, now: datetime) -> int:
    """End every open session of the player (REST tokens and browser tabs alike) and forget their browsers' pushes."""
    from casino_app.services.messaging import push  # messaging sits above accounts; imported where needed

    push.forget_browsers(db, user_id)
    table = AuthSession.__table__
    result = db.execute(
        sa.update(table)
        .where(table.c.user_id == user_id, table.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _audit(db: Session, actor: AuthUser, result: ActionResult, reason: str, ip: str) -> ActionResult:
    audit.record(
        db,
        actor_id=actor.id,
        action=result.action,
        target_type="user",
        target_id=result.user_id,
        details={"revoked_sessions": result.revoked_sessions} if result.revoked_sessions else None,
        ip=ip,
        before=result.before,
        after=result.after,
        reason=reason,
    )
    return result


def _operator(actor: AuthUser, reason: str) -> str:
    identity.require_staff(actor, "operator")
    return clean_reason(reason)


def ban(actor: AuthUser, user_id: int, reason: str, *, ip: str = "") -> ActionResult:
    """Deactivate the account and end every session at once (409 ``ALREADY_BANNED``)."""
    why = _operator(actor, reason)
    now = clock.now()
    with session_scope() as db:
        user = _player(db, user_id)
        if not user.is_active:
            raise Conflict(code="ALREADY_BANNED", details={"user_id": user_id})
        user.is_active = False
        db.flush()
        revoked = _revoke_all(db, user_id, "banned", now)
        result = ActionResult(user_id, "player.ban", {"is_active": True}, {"is_active": False}, revoked)
        return _audit(db, actor, result, why, ip)


def unban(actor: AuthUser, user_id: int, reason: str, *, ip: str = "") -> ActionResult:
    """Reactivate a banned account (409 ``NOT_BANNED``); the player logs in again."""
    why = _operator(actor, reason)
    with session_scope() as db:
        user = _player(db, user_id)
        if user.is_active:
            raise Conflict(code="NOT_BANNED", details={"user_id": user_id})
        user.is_active = True
        result = ActionResult(user_id, "player.unban", {"is_active": False}, {"is_active": True})
        return _audit(db, actor, result, why, ip)


def change_rank(actor: AuthUser, user_id: int, rank: str, reason: str, *, ip: str = "") -> ActionResult:
    """Set the rank (STANDARD, PREMIUM or VIP; 422 ``RANK_UNKNOWN``, 409 ``RANK_UNCHANGED``)."""
    why = _operator(actor, reason)
    if rank not in RANKS:
        raise ValidationFailed(code="RANK_UNKNOWN", details={"field": "rank", "allowed": list(RANKS)})
    with session_scope() as db:
        user = _player(db, user_id)
        if user.rank == rank:
            raise Conflict(code="RANK_UNCHANGED", details={"rank": rank})
        result = ActionResult(user_id, "player.rank", {"rank": user.rank}, {"rank": rank})
        user.rank = rank
        return _audit(db, actor, result, why, ip)


def force_logout(actor: AuthUser, user_id: int, reason: str, *, ip: str = "") -> ActionResult:
    """End every session of the player; the account stays active (they may log in again)."""
    why = _operator(actor, reason)
    now = clock.now()
    with session_scope() as db:
        _player(db, user_id)
        revoked = _revoke_all(db, user_id, "staff_logout", now)
        result = ActionResult(user_id, "player.logout", {"open_sessions": revoked}, {"open_sessions": 0}, revoked)
        return _audit(db, actor, result, why, ip)


def reset_password(actor: AuthUser, user_id: int, reason: str, *, ip: str = "") -> PasswordReset:
    """Give the player a temporary password, end every session and require a new password at the next login.

    The temporary password is returned once (for the staff member to pass on) and only its hash is stored.
    """
    why = _operator(actor, reason)
    temporary = temporary_password()
    new_hash = passwords.hash_password(temporary)  # slow on purpose: outside the transaction
    now = clock.now()
    with session_scope() as db:
        user = _player(db, user_id)
        before = {"must_change_password": user.must_change_password}
        user.password_hash = new_hash
        user.must_change_password = True
        db.flush()
        revoked = _revoke_all(db, user_id, "password_reset", now)
        result = ActionResult(user_id, "player.password_reset", before, {"must_change_password": True}, revoked)
        _audit(db, actor, result, why, ip)
        # The account's owner hears of it by mail (a service mail: sent whenever they have an address; never the
        # password itself), so a reset they did not ask for does not go unnoticed.
        from casino_app.services.messaging.email import outbox  # messaging sits above the console's actions

        outbox.queue(db, user_id, "password_reset_notice", actor_id=actor.id, now=now)
    return PasswordReset(user_id, temporary, revoked)


def adjust_gold(
    actor: AuthUser, user_id: int, amount: int, reason: str, *, key: str, ip: str = ""
) -> wallet.Adjustment:
    """Credit or debit gold through ``wallet.adjust`` (audited with the balance before and after and the
    reason; idempotent by the staff member's ``key``)."""
    why = _operator(actor, reason)
    return wallet.adjust(user_id, amount, why, actor_id=actor.id, key=f"{actor.id}:{key}", ip=ip)
