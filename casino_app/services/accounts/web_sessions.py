"""Browser sessions: a one-time handoff ticket, an HttpOnly cookie that rotates, and socket binding.

A web login (``sessions.login(..., channel="web")``) opens a session and returns
a *handoff* ticket that is good for ``HANDOFF_TTL`` once. The browser posts it to
``/api/web/session`` and gets the session cookie, a ``web`` token that script
cannot read. The server only ever stores SHA-256 hashes of both, and the Reflex
websocket only ever sees the hash (the HTTP edge swaps the cookie for it), so
neither the database, Redis nor a leaked state blob holds a usable credential.

Rotation works like the REST refresh tokens, with one difference: a page load
issues a successor, but the presented cookie is spent only when the browser
first presents that successor (a Set-Cookie lost with an aborted navigation
must not log the player out). From then on the old cookie is still accepted for
``WEB_SESSION_ROTATION_GRACE_SECONDS`` (tabs restored together race each other);
presented later it is taken as stolen and the whole session ends.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Unauthorized
from casino_app.models.accounts import AuthSession, RefreshToken, User
from casino_app.services.accounts import tokens, visits
from casino_app.services.accounts.identity import AuthContext, AuthUser
from casino_app.settings import get_settings

# The browser cookie: ``__Host-`` (Secure, Path=/, no Domain, so no subdomain can plant one) whenever the
# site is a secure context; the plain name only for plain-http development hosts.
COOKIE_NAME = "cc_web"
SECURE_COOKIE_NAME = "__Host-cc_web"
# What the HTTP edge puts in the websocket's Cookie header instead of the session cookie.
HASH_COOKIE_NAME = "cc_web_sha256"
WEB, HANDOFF = "web", "handoff"
HANDOFF_TTL = timedelta(seconds=60)
# A cookie younger than this is not rotated on a page load (a fresh login, a burst of reloads).
ROTATE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Rotation:
    """What a page load does to the browser's cookie: keep it, replace it, or clear it."""

    action: str  # "keep" | "replace" | "clear"
    token: str = ""
    max_age: int = 0


def parse_cookies(header: str) -> list[tuple[str, str]]:
    """(name, value) pairs of a ``Cookie`` header in order, duplicates kept (malformed pairs skipped)."""
    pairs: list[tuple[str, str]] = []
    for pair in header.split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep and name:
            pairs.append((name, value.strip()))
    return pairs


def single_cookie(header: str, name: str) -> str:
    """The value of cookie ``name``, or "" when it is absent *or present more than once* (a planted twin)."""
    values = [value for key, value in parse_cookies(header) if key == name]
    return values[0] if len(values) == 1 else ""


def socket_credential(cookie_header: str) -> str:
    """The session-cookie hash the HTTP edge put on a websocket connection ("" when none)."""
    return single_cookie(cookie_header, HASH_COOKIE_NAME)


def _grace() -> timedelta:
    return timedelta(seconds=get_settings().web_session_rotation_grace_seconds)


def _locked_token(db: Session, token_hash: str, purpose: str) -> tuple[RefreshToken, AuthSession] | None:
    token = db.exec(
        select(RefreshToken)
        .where(RefreshToken.token_hash == token_hash, RefreshToken.purpose == purpose)
        .with_for_update()
    ).first()
    if token is None:
        return None
    family = db.get(AuthSession, token.session_id, with_for_update=True)
    assert family is not None
    return token, family


def _end(family: AuthSession, reason: str, now: datetime) -> None:
    if family.revoked_at is None:
        family.revoked_at, family.revoked_reason = now, reason


def _alive(db: Session, family: AuthSession, now: datetime) -> User | None:
    user = db.get(User, family.user_id)
    if family.revoked_at is not None or family.expires_at <= now or user is None or not user.is_active:
        return None
    return user


def _max_age(family: AuthSession, now: datetime) -> int:
    return max(1, int((family.expires_at - now).total_seconds()))


def exchange_handoff(ticket: str) -> Rotation:
    """Trade a login's one-time handoff ticket for the session cookie.

    A ticket older than ``HANDOFF_TTL`` or for an ended session is refused (401);
    a ticket presented twice ends the session (it was copied) and is refused.
    """
    now = clock.now()
    with session_scope() as db:
        found = _locked_token(db, tokens.hash_refresh_token(ticket), HANDOFF) if ticket else None
        if found is None:
            raise Unauthorized(code="SESSION_EXPIRED")
        token, family = found
        if token.used_at is not None:
            _end(family, "token_reuse", now)
            reused = True
        else:
            reused = False
            token.used_at = now
            fresh = token.created_at > now - HANDOFF_TTL
            if fresh and _alive(db, family, now) is not None:
                cookie = tokens.issue_family_token(db, family.id, WEB, now)
                return Rotation("replace", cookie, _max_age(family, now))
    raise Unauthorized(code="REFRESH_REUSED" if reused else "SESSION_EXPIRED")


def _supersede_older(db: Session, token: RefreshToken, now: datetime) -> None:
    """The browser presented ``token``: every older unspent cookie of its session is spent from now on."""
    table = RefreshToken.__table__
    db.execute(
        sa.update(table)
        .where(
            table.c.session_id == token.session_id,
            table.c.purpose == WEB,
            table.c.used_at.is_(None),
            table.c.id < token.id,
        )
        .values(used_at=now)
    )


def _successor_in_flight(db: Session, token: RefreshToken, now: datetime) -> bool:
    """Whether a newer cookie was issued to this session within ``ROTATE_AFTER`` (it may still be arriving)."""
    table = RefreshToken.__table__
    newer = db.execute(
        sa.select(table.c.id)
        .where(
            table.c.session_id == token.session_id,
            table.c.purpose == WEB,
            table.c.id > token.id,
            table.c.created_at > now - ROTATE_AFTER,
        )
        .limit(1)
    ).first()
    return newer is not None


def rotate(cookie: str) -> Rotation:
    """On a page load: issue a successor to a cookie older than ``ROTATE_AFTER``; clear a dead one.

    The presented cookie stays valid until its successor is presented. A cookie
    that was superseded within the grace window is kept as it is; one superseded
    earlier ends the session.
    """
    now = clock.now()
    with session_scope() as db:
        found = _locked_token(db, tokens.hash_refresh_token(cookie), WEB) if cookie else None
        if found is None:
            return Rotation("clear")
        token, family = found
        if _alive(db, family, now) is None:
            return Rotation("clear")
        if token.used_at is not None:
            if token.used_at > now - _grace():
                return Rotation("keep")
            _end(family, "token_reuse", now)
            return Rotation("clear")
        _supersede_older(db, token, now)
        if token.created_at > now - ROTATE_AFTER or _successor_in_flight(db, token, now):
            return Rotation("keep")
        family.last_used_at = now
        successor = tokens.issue_family_token(db, family.id, WEB, now)
        return Rotation("replace", successor, _max_age(family, now))


def authenticate_hash(token_hash: str) -> AuthContext:
    """The session behind a websocket, from the cookie hash the edge put on the connection.

    Accepts the current cookie, or one spent within the grace window. A cookie
    spent earlier ends the session (401 ``REFRESH_REUSED``); anything else is 401
    ``SESSION_EXPIRED``.
    """
    if len(token_hash) != 64:
        raise Unauthorized(code="SESSION_EXPIRED")
    now = clock.now()
    reused = False
    with session_scope() as db:
        row = db.exec(
            select(RefreshToken, AuthSession, User)
            .join(AuthSession, AuthSession.id == RefreshToken.session_id)
            .join(User, User.id == AuthSession.user_id)
            .where(RefreshToken.token_hash == token_hash, RefreshToken.purpose == WEB)
        ).first()
        if row is None:
            raise Unauthorized(code="SESSION_EXPIRED")
        token, family, user = row
        if token.used_at is not None and token.used_at <= now - _grace():
            db.execute(
                sa.update(AuthSession.__table__)
                .where(AuthSession.__table__.c.id == family.id, AuthSession.__table__.c.revoked_at.is_(None))
                .values(revoked_at=now, revoked_reason="token_reuse")
            )
            reused = True
        elif family.revoked_at is None and family.expires_at > now and user.is_active:
            if token.used_at is None:
                _supersede_older(db, token, now)
            returned = visits.note_return(db, user, WEB, family.last_used_at, now)
            if returned or (now - family.last_used_at) > timedelta(minutes=1):
                family.last_used_at = now
            return AuthContext(AuthUser.from_row(user), family.id)
    raise Unauthorized(code="REFRESH_REUSED" if reused else "SESSION_EXPIRED")


def end(session_id: uuid.UUID, reason: str = "logout") -> None:
    """End a browser session by id (logout from the UI); ending an ended one is a no-op."""
    now = clock.now()
    table = AuthSession.__table__
    with session_scope() as db:
        db.execute(
            sa.update(table)
            .where(table.c.id == session_id, table.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
        )


def end_by_cookie(cookie: str) -> None:
    """End the session a cookie belongs to (the logout endpoint); unknown cookies are ignored."""
    if not cookie:
        return
    with session_scope() as db:
        session_id = db.exec(
            select(RefreshToken.session_id).where(
                RefreshToken.token_hash == tokens.hash_refresh_token(cookie), RefreshToken.purpose == WEB
            )
        ).first()
    if session_id is not None:
        end(session_id)
