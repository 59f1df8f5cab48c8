"""Helpers to create players and staff in integration tests."""

from __future__ import annotations

import itertools

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.services.accounts import invites, passwords, sessions, users

PASSWORD = "correct-horse-9"
INVITE = "5858"
_counter = itertools.count(1)


def ensure_invite() -> str:
    """The default unlimited invite code."""
    invites.ensure_code(INVITE, note="test")
    return INVITE


def new_player(site_id: str | None = None, nickname: str | None = None, password: str = PASSWORD) -> sessions.TokenPair:
    """Sign a player up through the service (as the API would)."""
    n = next(_counter)
    ensure_invite()
    data = users.SignupInput(site_id or f"player{n:04d}", nickname or f"플레이어{n:04d}", password, INVITE)
    return users.signup(data, sessions.ClientInfo(ip="10.0.0.1", user_agent="pytest"))


def new_staff(role: str = "admin", site_id: str | None = None, password: str = PASSWORD) -> int:
    """Insert a staff account directly and return its id."""
    n = next(_counter)
    with session_scope() as db:
        user = User(
            site_id=site_id or f"staff{n:04d}",
            nickname=f"운영{n:04d}",
            password_hash=passwords.hash_password(password),
            staff_role=role,
            created_at=clock.now(),
        )
        db.add(user)
        db.flush()
        assert user.id is not None
        return user.id


def bearer(token: str) -> dict[str, str]:
    """Authorization header for an access token."""
    return {"Authorization": f"Bearer {token}"}
