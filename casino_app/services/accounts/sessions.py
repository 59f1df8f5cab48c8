"""Login, sessions, token rotation and revocation.

A *session* is one login and one refresh-token family. Access JWTs carry the
session id; an authenticated request checks the user, the session and the
``jti`` denylist — from ``session_cache``, which every process empties the
moment such a row changes anywhere, or in one query — so revoking a session
(logout, reuse detection, the session cap) takes effect immediately.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, RateLimited, Unauthorized
from casino_app.models.accounts import AuthSession, LoginAttempt, RefreshToken, RevokedAccessToken, User
from casino_app.services.accounts import lockout, passwords, session_cache, tokens, visits
from casino_app.services.accounts.identity import AuthContext, AuthUser
from casino_app.services.accounts.validation import FieldError, normalize_password
from casino_app.settings import get_settings

PLAYER, STAFF = "player", "staff"
WEB = "web"
REFRESH, HANDOFF = "refresh", "handoff"


@dataclass(frozen=True)
class ClientInfo:
    """Where a request came from (shown on the sessions page)."""

    ip: str = ""
    user_agent: str = ""

    @property
    def device(self) -> str:
        """A short human label such as "Chrome · Windows"."""
        return describe_device(self.user_agent)


@dataclass(frozen=True)
class TokenPair:
    """What a login, signup or refresh hands back."""

    access_token: str
    refresh_token: str
    expires_in: int
    session_id: uuid.UUID
    user: AuthUser


@dataclass(frozen=True)
class SessionView:
    """One session as its owner sees it."""

    id: uuid.UUID
    device: str
    ip: str
    user_agent: str
    channel: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool


_BROWSERS = (
    ("Edg/", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Whale", "Whale"),
    ("Chrome", "Chrome"),
    ("Firefox", "Firefox"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """ "Browser · OS" from a User-Agent string ("Unknown device" when unrecognisable)."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), None)
    system = next((name for token, name in _SYSTEMS if token in user_agent), None)
    if browser is None and system is None:
        client = re.split(r"[/ ]", user_agent.strip(), maxsplit=1)[0][:30]
        return client or "Unknown device"
    return " · ".join(part for part in (browser, system) if part)


# --- login ---------------------------------------------------------------------------


def login(site_id: str, password: str, *, portal: str, client: ClientInfo, channel: str = "api") -> TokenPair:
    """Check credentials for the player or staff portal and open a session.

    The per-IP and global throttles answer 429 ``LOGIN_RATE_LIMITED`` before
    anything else. Every other attempt is recorded. While this IP is locked out of
    the site ID the answer is 429 ``LOGIN_LOCKED`` with ``Retry-After`` — even for
    the right password (``lockout`` explains the rules). Staff cannot log in as
    players and players cannot log in as staff. ``channel="web"`` opens a browser
    session (see ``web_sessions``). A refused attempt's 401 carries ``attempts_left``
    before the lockout (and, at 0, the lockout's ``retry_after``).
    """
    lockout.admit(client.ip, site_id)
    key = lockout.attempt_key(site_id)
    with session_scope() as db:
        lockout.serialize(db, key)
        now = clock.now()
        wait = lockout.seconds_locked(db, key, client.ip[:45], now)
        outcome = lockout.LOCKED if wait is not None else lockout.PENDING
        attempt = lockout.record(db, site_id=key, user_id=None, portal=portal, outcome=outcome, ip=client.ip, now=now)
        attempt_id = attempt.id
    if wait is not None:
        raise RateLimited(retry_after=wait, code="LOGIN_LOCKED")
    assert attempt_id is not None

    with session_scope() as db:
        user = db.exec(select(User).where(User.site_id == key)).first()
        password_hash = user.password_hash if user is not None else None
    try:
        candidate = normalize_password(password)
    except FieldError:
        candidate = None
    ok = passwords.verify_password(candidate or "x" * 8, password_hash) and candidate is not None

    outcome = lockout.SUCCESS
    if user is None:
        outcome = lockout.UNKNOWN_USER
    elif not ok:
        outcome = lockout.BAD_PASSWORD
    elif (user.staff_role is not None) != (portal == STAFF):
        outcome = lockout.WRONG_PORTAL
    elif not user.is_active:
        outcome = lockout.INACTIVE

    now = clock.now()
    with session_scope() as db:
        lockout.settle(db, attempt_id, outcome=outcome, user_id=user.id if user else None)
        if outcome == lockout.SUCCESS:
            assert user is not None
            assert user.id is not None
            fresh = db.get(User, user.id, with_for_update=True)
            assert fresh is not None
            fresh.last_login_at = now
            if candidate is not None and passwords.needs_rehash(fresh.password_hash):
                fresh.password_hash = passwords.hash_password(candidate)
            return open_session(db, fresh, client, channel=channel)
        # How many failures remain before the lockout (the one just settled included).
        details = lockout.failure_details(db, key, client.ip[:45], now) if outcome in lockout.FAILURES else {}
    # The failed attempt is committed above; only then refuse.
    code = "ACCOUNT_DISABLED" if outcome == lockout.INACTIVE else "INVALID_CREDENTIALS"
    raise Unauthorized(code=code, details=details)


def open_session(db: Session, user: User, client: ClientInfo, *, channel: str = "api") -> TokenPair:
    """Start a session for ``user`` in the caller's transaction; retire the oldest beyond the cap.

    The caller must hold the user's row lock (so concurrent logins count sessions correctly).
    A ``web`` session lives ``WEB_SESSION_TTL_HOURS`` and hands back a one-time
    handoff ticket instead of tokens (the browser trades it for its HttpOnly cookie).
    """
    assert user.id is not None
    settings = get_settings()
    now = clock.now()
    active = db.exec(
        select(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)  # type: ignore[union-attr]
        .order_by(AuthSession.created_at.desc(), AuthSession.id)  # type: ignore[attr-defined]
    ).all()
    for old in active[settings.max_sessions_per_user - 1 :]:
        old.revoked_at, old.revoked_reason = now, "session_limit"
    lifetime = (
        timedelta(hours=settings.web_session_ttl_hours)
        if channel == WEB
        else timedelta(days=settings.refresh_token_ttl_days)
    )
    record = AuthSession(
        user_id=user.id,
        created_at=now,
        last_used_at=now,
        expires_at=now + lifetime,
        ip=client.ip[:45],
        user_agent=client.user_agent[:300],
        device=client.device[:80],
        channel=channel,
    )
    db.add(record)
    db.flush()
    visits.opened(db, user, channel)
    if channel == WEB:
        handoff = tokens.issue_family_token(db, record.id, HANDOFF, now)
        pair = TokenPair("", handoff, 0, record.id, AuthUser.from_row(user))
    else:
        pair = _issue_tokens(db, record.id, user, now)
    db.flush()
    return pair


def _issue_tokens(db: Session, session_id: uuid.UUID, user: User, now: datetime) -> TokenPair:
    """A fresh refresh token for the session (family) and an access token to go with it."""
    assert user.id is not None
    refresh_token = tokens.issue_family_token(db, session_id, REFRESH, now)
    access_token, claims = tokens.issue_access_token(user.id, session_id)
    return TokenPair(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=int((claims.expires_at - now).total_seconds()),
        session_id=session_id,
        user=AuthUser.from_row(user),
    )


# --- refresh -------------------------------------------------------------------------


def refresh(refresh_token: str, client: ClientInfo) -> TokenPair:
    """Rotate a refresh token: the presented one is spent and a new pair is issued.

    Presenting a token that was already rotated is treated as theft: the whole
    family (session) is revoked and the answer is 401. The token row is locked,
    so of several concurrent refreshes with one token at most one succeeds.
    """
    token_hash = tokens.hash_refresh_token(refresh_token)
    now = clock.now()
    with session_scope() as db:
        token = db.exec(
            select(RefreshToken)
            .where(RefreshToken.token_hash == token_hash, RefreshToken.purpose == REFRESH)
            .with_for_update()
        ).first()
        if token is None:  # unknown, or a browser cookie / handoff ticket: never convertible to REST tokens
            raise Unauthorized(code="REFRESH_INVALID")
        family = db.get(AuthSession, token.session_id, with_for_update=True)
        assert family is not None
        reused = token.used_at is not None
        if reused:
            if family.revoked_at is None:
                family.revoked_at, family.revoked_reason = now, "token_reuse"
        else:
            pair = _rotate(db, token, family, client, now)
    if reused:  # the family's revocation is committed above; only then refuse
        raise Unauthorized(code="REFRESH_REUSED")
    return pair


def _rotate(db: Session, token: RefreshToken, family: AuthSession, client: ClientInfo, now: datetime) -> TokenPair:
    user = db.get(User, family.user_id)
    if family.revoked_at is not None or family.expires_at <= now or user is None or not user.is_active:
        raise Unauthorized(code="SESSION_EXPIRED")
    token.used_at = now
    visits.note_return(db, user, family.channel, family.last_used_at, now)
    family.last_used_at = now
    if client.ip:
        family.ip = client.ip[:45]
    return _issue_tokens(db, family.id, user, now)


# --- authentication of each request ---------------------------------------------------


def authenticate(access_token: str) -> AuthContext:
    """Verify an access token; its user, session and ``jti`` denylist come from ``session_cache`` (exact on
    revocation) or are re-read in one query. 401 on any doubt."""
    claims = tokens.decode_access_token(access_token)
    now = clock.now()
    if (cached := session_cache.lookup(claims, now)) is not None:
        return cached
    since = session_cache.epoch()
    with session_scope() as db:
        row = db.exec(
            select(User, AuthSession.revoked_at, AuthSession.expires_at, RevokedAccessToken.jti)
            .join(AuthSession, AuthSession.user_id == User.id)
            .outerjoin(RevokedAccessToken, RevokedAccessToken.jti == claims.jti)
            .where(User.id == claims.user_id, AuthSession.id == claims.session_id)
        ).first()
    if row is None:
        raise Unauthorized(code="TOKEN_INVALID")
    user, revoked_at, expires_at, denied = row
    if denied is not None or revoked_at is not None or expires_at <= now:
        raise Unauthorized(code="TOKEN_REVOKED")
    if not user.is_active:
        raise Unauthorized(code="ACCOUNT_DISABLED")
    session_cache.remember(claims, verified := AuthUser.from_row(user), expires_at, since)
    return AuthContext(verified, claims.session_id, claims.jti, claims.expires_at)


def validate_session(session_id: uuid.UUID, user_id: int) -> AuthUser:
    """Re-check a Reflex tab's session before any action: alive, not expired, user active."""
    now = clock.now()
    with session_scope() as db:
        row = db.exec(
            select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.id == session_id, User.id == user_id)
        ).first()
    if row is None:
        raise Unauthorized(code="SESSION_EXPIRED")
    user, family = row
    if family.revoked_at is not None or family.expires_at <= now or not user.is_active:
        raise Unauthorized(code="SESSION_EXPIRED")
    return AuthUser.from_row(user)


# --- logout and session management ------------------------------------------------------


def _deny(db: Session, context: AuthContext) -> None:
    if context.jti is None or context.token_expires_at is None:
        return
    stmt = (
        sa.dialects.postgresql.insert(RevokedAccessToken.__table__)
        .values(jti=context.jti, user_id=context.user.id, expires_at=context.token_expires_at, revoked_at=clock.now())
        .on_conflict_do_nothing()
    )
    db.execute(stmt)


def logout(context: AuthContext) -> None:
    """Revoke the calling access token (denylist by ``jti``) and its session (refresh family)."""
    now = clock.now()
    with session_scope() as db:
        _deny(db, context)
        db.execute(
            sa.update(AuthSession.__table__)
            .where(AuthSession.__table__.c.id == context.session_id, AuthSession.__table__.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason="logout")
        )


def logout_all(context: AuthContext) -> int:
    """Revoke every session of the user (and deny the calling token); return how many were open."""
    now = clock.now()
    table = AuthSession.__table__
    with session_scope() as db:
        _deny(db, context)
        result = db.execute(
            sa.update(table)
            .where(table.c.user_id == context.user.id, table.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason="logout_all")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def list_sessions(user_id: int, current: uuid.UUID | None) -> list[SessionView]:
    """The user's live sessions, most recently used first."""
    now = clock.now()
    with session_scope() as db:
        rows = db.exec(
            select(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)  # type: ignore[union-attr]
            .order_by(AuthSession.last_used_at.desc())  # type: ignore[attr-defined]
        ).all()
        return [
            SessionView(
                id=s.id,
                device=s.device,
                ip=s.ip,
                user_agent=s.user_agent,
                channel=s.channel,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                expires_at=s.expires_at,
                current=s.id == current,
            )
            for s in rows
        ]


def revoke_session(user_id: int, session_id: uuid.UUID) -> None:
    """Revoke one of the user's own sessions; someone else's looks exactly like a missing one (404)."""
    now = clock.now()
    with session_scope() as db:
        family = db.get(AuthSession, session_id, with_for_update=True)
        if family is None or family.user_id != user_id or family.revoked_at is not None:
            raise NotFound(details={"session_id": str(session_id)})
        family.revoked_at, family.revoked_reason = now, "revoked"


def purge_expired() -> int:
    """Delete denylist entries and login attempts nobody needs any more (periodic job)."""
    now = clock.now()
    with session_scope() as db:
        denied = db.execute(
            sa.delete(RevokedAccessToken.__table__).where(RevokedAccessToken.__table__.c.expires_at < now)
        )
        old = LoginAttempt.__table__
        attempts = db.execute(sa.delete(old).where(old.c.created_at < now - timedelta(days=90)))
        return int((denied.rowcount or 0) + (attempts.rowcount or 0))  # type: ignore[attr-defined]
