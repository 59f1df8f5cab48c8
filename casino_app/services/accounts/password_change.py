"""A player changes their own password — and must, after a staff reset (``users.must_change_password``).

While the flag is set the REST API answers every player route except the ones in ``ALLOWED_ROUTES`` with
403 ``PASSWORD_CHANGE_REQUIRED`` (``api/deps.py``) and the web app sends the tab to the "새 비밀번호 설정"
page (``state/auth.py``). Changing the password clears the flag and ends the player's other sessions.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Forbidden, NotFound, RateLimited, ValidationFailed
from casino_app.models.accounts import AuthSession, User
from casino_app.services import rate_limit
from casino_app.services.accounts import passwords
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.accounts.validation import FieldError, normalize_password

# (method, route path) a player who must change their password may still call.
ALLOWED_ROUTES = frozenset(
    {
        ("POST", "/api/auth/password"),
        ("POST", "/api/auth/logout"),
        ("GET", "/api/auth/me"),
        ("GET", "/api/users/me"),
        ("GET", "/api/users/profile"),
    }
)


def require_current(user: AuthUser, method: str, route: str) -> AuthUser:
    """The user, unless a staff reset left them a temporary password and ``(method, route)`` is not allowed.

    403 ``PASSWORD_CHANGE_REQUIRED`` then: nothing else may happen before they choose a new password.
    """
    if user.must_change_password and (method.upper(), route) not in ALLOWED_ROUTES:
        raise Forbidden(code="PASSWORD_CHANGE_REQUIRED")
    return user


ATTEMPTS_PER_15_MINUTES = 10  # password changes tried per player, right or wrong


def _field_error(field: str, code: str) -> ValidationFailed:
    return ValidationFailed(code=code, details={"fields": [{"field": field, "code": code}]})


def change(user_id: int, current_password: str, new_password: str, *, keep_session: uuid.UUID | None) -> int:
    """Replace the player's password after checking the current one; clear ``must_change_password``.

    Every other open session of the player is revoked (``keep_session`` stays) and every browser's push
    subscription forgotten (the player turns pushes on again where they want them). Returns how many were
    revoked. 422 ``CURRENT_PASSWORD_WRONG`` for a wrong current password, ``NEW_PASSWORD_INVALID`` for a new
    one that breaks the password rules (8–128 characters, no control characters), ``PASSWORD_UNCHANGED`` when
    the new one equals the current one.
    """
    try:
        candidate = normalize_password(new_password)
    except FieldError:
        raise _field_error("new_password", "NEW_PASSWORD_INVALID") from None
    decision = rate_limit.hit(f"password-change:{user_id}", ATTEMPTS_PER_15_MINUTES, 900)
    if not decision.allowed:  # a stolen session must not become a password-guessing oracle
        raise RateLimited(retry_after=decision.retry_after, code="PASSWORD_CHANGE_RATE_LIMITED")
    try:
        current = normalize_password(current_password)
    except FieldError:
        current = None
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None:
            raise NotFound(details={"user_id": user_id})
        if user.staff_role is not None:
            raise Forbidden(code="PLAYERS_ONLY")
        stored = user.password_hash
    if current is None or not passwords.verify_password(current, stored):
        raise _field_error("current_password", "CURRENT_PASSWORD_WRONG")
    if candidate == current:
        raise _field_error("new_password", "PASSWORD_UNCHANGED")
    new_hash = passwords.hash_password(candidate)  # slow on purpose: outside the transaction
    now = clock.now()
    sessions_table = AuthSession.__table__
    with session_scope() as db:
        user = db.get(User, user_id, with_for_update=True)
        if user is None or user.password_hash != stored:  # changed meanwhile (a reset or another change)
            raise _field_error("current_password", "CURRENT_PASSWORD_WRONG")
        user.password_hash = new_hash
        user.must_change_password = False
        others = sa.update(sessions_table).where(
            sessions_table.c.user_id == user_id, sessions_table.c.revoked_at.is_(None)
        )
        if keep_session is not None:
            others = others.where(sessions_table.c.id != keep_session)
        result = db.execute(others.values(revoked_at=now, revoked_reason="password"))
        from casino_app.services.messaging import push  # messaging sits above accounts

        push.forget_browsers(db, user_id)  # a browser subscribed under the old password stops receiving pushes
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
