"""Which access tokens are still good, without a query per request — and exact on revocation.

``authenticate`` (``sessions``) used to read the user, the session and the
``jti`` denylist on every request. This module keeps, per process, the answer
for each access token it has verified (its user and its session's expiry) and
forgets **all** of them whenever anything that could change an answer commits
anywhere:

* every process opens one ``LISTEN casino_sessions`` connection; a transaction
  that changes a session's ``revoked_at``/``expires_at``, a user's active flag,
  rank, role or profile fields, or adds to the denylist sends ``NOTIFY`` in the
  same transaction (see ``_mark``: a hook on every SQLAlchemy engine in the
  process spots those writes), so the notification is delivered exactly when
  the change commits, to every process;
* the writing process forgets its own cache when the connection comes back to
  the pool right after that COMMIT, before the request that revoked answers;
* every lookup first drains the listener socket without blocking, so a
  notification already delivered is applied before the cache is consulted; an
  epoch counter keeps a verification that raced with a revocation out of the
  cache;
* when the listener is not connected (startup, database restart, another
  database after a settings change) the cache is not used at all, and it starts
  empty on every (re)connect, so no notification can be missed silently;
* entries also expire after ``MAX_AGE_SECONDS`` (a backstop for changes made
  outside the application, e.g. by hand in psql).

Money-moving requests do not even rely on that: the idempotency claim of every
``Idempotency-Key`` call re-checks the caller's session inside its own
transaction (``ALIVE_SQL``, in the same statement as the claim), so a revocation
committed before that statement is honoured whatever the cache says.

The cached ``AuthUser.xp`` and ``level`` may lag behind rounds played since the
entry was made (XP changes do not notify); the API never reads them from the
caller's context (profiles re-read the row).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import select
import threading
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import Pool

from casino_app.core.db import STATEMENT_SEPARATOR
from casino_app.services.accounts.identity import AuthContext, AuthUser
from casino_app.services.accounts.tokens import AccessClaims

logger = logging.getLogger(__name__)

CHANNEL = "casino_sessions"
MAX_AGE_SECONDS = 60.0
MAX_ENTRIES = 100_000
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 20, "keepalives_interval": 5, "keepalives_count": 3}

# The caller of the current API request (set by the auth dependency), for checks inside its transactions.
current: ContextVar[AuthContext | None] = ContextVar("current_auth", default=None)

# The caller's session at this statement's snapshot: one row (ok: not revoked, expired or denied; active:
# the user may act) or none (no such session). Parameters: auth_sid, auth_uid, auth_jti, auth_now.
ALIVE_SQL = """
    SELECT s.revoked_at IS NULL AND s.expires_at > %(auth_now)s
           AND NOT EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.jti = %(auth_jti)s) AS ok,
           u.is_active AS active
    FROM auth_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = %(auth_sid)s AND s.user_id = %(auth_uid)s
"""


def alive_params(context: AuthContext, now: datetime) -> dict[str, Any]:
    """Parameters of ``ALIVE_SQL`` for ``context``."""
    return {"auth_sid": context.session_id, "auth_uid": context.user.id, "auth_jti": context.jti, "auth_now": now}


@dataclass(frozen=True)
class _Entry:
    user: AuthUser
    session_id: uuid.UUID
    session_expires_at: datetime
    stored: float


_entries: dict[str, _Entry] = {}
_lock = threading.Lock()
_epoch = 0


def invalidate() -> None:
    """Forget every cached verification in this process."""
    global _epoch
    with _lock:
        _epoch += 1
        _entries.clear()


def epoch() -> int:
    """Take before reading the database; pass to ``remember`` (a change in between keeps the entry out)."""
    return _epoch


def lookup(claims: AccessClaims, now: datetime) -> AuthContext | None:
    """The cached context of a verified token, or ``None`` (verify it against the database then)."""
    listener = _listener_for_engine()
    if listener is None or not listener.drain():
        return None
    found = _entries.get(claims.jti)
    if (
        found is None
        or found.session_id != claims.session_id
        or found.user.id != claims.user_id
        or found.session_expires_at <= now
        or time.monotonic() - found.stored > MAX_AGE_SECONDS
    ):
        return None
    return AuthContext(found.user, claims.session_id, claims.jti, claims.expires_at)


def peek(access_token: str) -> AuthContext | None:
    """``lookup`` for a raw token (401 for a token that does not verify); never queries the database."""
    from casino_app.core import clock
    from casino_app.services.accounts import tokens

    return lookup(tokens.decode_access_token(access_token), clock.now())


def remember(claims: AccessClaims, user: AuthUser, session_expires_at: datetime, since: int) -> None:
    """Cache a verification read from the database after ``epoch()`` returned ``since``."""
    listener = _listener_for_engine()
    if listener is None or not listener.healthy:
        return
    with _lock:
        if _epoch != since:
            return
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[claims.jti] = _Entry(user, claims.session_id, session_expires_at, time.monotonic())


# --- the listener ------------------------------------------------------------------------------


class _Listener:
    """One LISTEN connection per process and engine, read by a daemon thread and by ``drain``."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.healthy = False
        self.stopped = False
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = None
        self._thread = threading.Thread(target=self._loop, name="session-cache-listener", daemon=True)
        self._thread.start()

    def _connect(self) -> psycopg.Connection:
        args, kwargs = self.engine.dialect.create_connect_args(self.engine.url)
        options = {"application_name": "casino_app:listen", "autocommit": True, **KEEPALIVES}
        conn = psycopg.connect(*args, **{**kwargs, **options})
        conn.add_notify_handler(lambda _notify: invalidate())  # notifications seen while a query runs
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _loop(self) -> None:
        backoff = 0.5
        while not self.stopped:
            try:
                conn = self._connect()
            except Exception:
                logger.warning("session cache listener cannot connect; verifying every request", exc_info=True)
                time.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            backoff = 0.5
            with self._lock:
                self._conn = conn
                invalidate()  # anything may have changed while nobody was listening
                self.healthy = True
            self._watch(conn)
            with self._lock:
                self.healthy = False
                self._conn = None
            invalidate()
            conn.close()

    def _watch(self, conn: psycopg.Connection) -> None:
        # A closed or broken connection makes the socket readable and ``drain`` fail; TCP keepalives
        # (see ``_connect``) turn a peer that vanished silently into the same.
        while not self.stopped and self.healthy:
            try:
                readable, _, _ = select.select([conn.pgconn.socket], [], [], 1.0)
            except (OSError, ValueError, psycopg.Error):
                return
            if readable:
                self.drain()

    def drain(self) -> bool:
        """Apply every notification already received (never blocks); ``False`` when not listening."""
        if not self.healthy:
            return False
        received = False
        with self._lock:
            conn = self._conn
            if conn is None or not self.healthy:
                return False
            try:
                conn.pgconn.consume_input()
                while conn.pgconn.notifies() is not None:
                    received = True
            except psycopg.Error:
                self.healthy = False
                received = True
        if received:
            invalidate()
        return self.healthy

    def stop(self) -> None:
        self.stopped = True
        self.healthy = False


_listener: _Listener | None = None
_listener_lock = threading.Lock()


def _listener_for_engine() -> _Listener | None:
    """The listener of the current engine, started on first use (``None`` while the engine is unknown)."""
    global _listener
    from casino_app.core.db import get_engine

    engine = get_engine()
    listener = _listener
    if listener is not None and listener.engine is engine:
        return listener
    with _listener_lock:
        if _listener is None or _listener.engine is not engine:
            if _listener is not None:
                _listener.stop()
            invalidate()
            _listener = _Listener(engine)
        return _listener


def _after_fork_in_child() -> None:
    # The parent's thread does not exist here and its socket is not ours: start afresh on first use.
    global _listener
    _listener = None
    _entries.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


# --- spotting the writes that change an answer --------------------------------------------------

_DIRTY, _NOTIFIED = "session_cache_dirty", "session_cache_notified"
_TABLES = frozenset({"users", "auth_sessions", "revoked_access_tokens"})
_TARGET = re.compile(
    r'\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?((?:"?[\w.]+"?\s*,\s*)*"?[\w.]+"?)',
    re.IGNORECASE,
)
_SET = re.compile(r'\s+(?:AS\s+)?(?:"?\w+"?\s+)?SET\s+', re.IGNORECASE)
_SET_END = re.compile(r"\b(?:WHERE|RETURNING|FROM)\b", re.IGNORECASE)
_ASSIGNED = re.compile(r'"?(\w+)"?\s*=')
# Columns whose change can turn a good token bad or change the cached user (xp/level are allowed to lag).
_RELEVANT = {
    "users": {"id", "site_id", "nickname", "rank", "staff_role", "locale", "avatar", "sound_enabled",
              "age_verified_at", "is_active", "must_change_password"},
    "auth_sessions": {"id", "user_id", "revoked_at", "expires_at"},
}  # fmt: skip


@functools.lru_cache(maxsize=4096)  # the same few hundred statement texts, over and over
def changes_answers(statement: str) -> bool:
    """Whether a SQL statement may change who is authenticated (conservative: a shape not understood counts)."""
    lowered = statement.lower()
    if not any(table in lowered for table in _TABLES):
        return False
    for match in _TARGET.finditer(statement):
        verb = match.group(1).split()[0].upper()
        names = {name.strip().strip('"').split(".")[-1].lower() for name in match.group(2).split(",")}
        touched = names & _TABLES
        if not touched:
            continue
        if verb == "TRUNCATE":
            return True
        if verb == "DELETE":
            if touched & {"users", "auth_sessions"}:
                return True
        elif verb == "INSERT":
            if "revoked_access_tokens" in touched:
                return True
        else:  # UPDATE: which columns does its SET clause assign?
            clause = _SET.match(statement, match.end())
            if clause is None:
                return True
            assigned = _SET_END.split(statement[clause.end() :], maxsplit=1)[0]
            columns = {column.lower() for column in _ASSIGNED.findall(assigned)}
            (table,) = touched
            if not columns or table not in _RELEVANT or columns & _RELEVANT[table]:
                return True
    return False


@event.listens_for(sa.Engine, "before_cursor_execute")
def _mark(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    # ``core.db.run`` hands a pipeline over as one text: each of its statements is judged on its own.
    if isinstance(statement, str) and any(changes_answers(part) for part in statement.split(STATEMENT_SEPARATOR)):
        conn.info[_DIRTY] = True


@event.listens_for(sa.Engine, "commit")
def _notify(conn: Any) -> None:
    if conn.info.pop(_DIRTY, False):
        conn.connection.driver_connection.execute("SELECT pg_notify(%s, '')", [CHANNEL])
        conn.info[_NOTIFIED] = True


@event.listens_for(sa.Engine, "rollback")
def _forget_marks(conn: Any) -> None:
    if conn.invalidated:  # the connection was lost mid-transaction: its marks went with it
        return
    conn.info.pop(_DIRTY, None)


@event.listens_for(Pool, "checkin")
def _after_commit(dbapi_connection: Any, record: Any) -> None:
    # Back in the pool right after the COMMIT that carried the NOTIFY: this process forgets at once.
    if record is not None and record.info.pop(_NOTIFIED, False):
        invalidate()
