"""Database engine and sessions (PostgreSQL only, psycopg 3).

``database_url()`` resolves where the data lives: ``DATABASE_URL`` when set,
otherwise the embedded server in ``EMBEDDED_PG_DIR`` (started on demand, its
database created on first use). Engines are created lazily and re-created in
forked children so pooled connections never cross a fork.

Round trips: a pooled connection is not pinged on every checkout, only when it
sat idle longer than ``IDLE_PING_SECONDS`` (a dead one is then replaced before
use); connections are recycled after ``pool_recycle``; a connection that fails
with a disconnect invalidates the pool, so every other connection opened before
the failure is replaced on its next checkout, and the failed unit of work rolls
back whole (clients retry money calls with the same idempotency key). Hot paths
send several statements in one round trip with ``run`` (a psycopg pipeline in the
session's transaction, written to the server at once: ``core.batch``) and can put
their last statements into the COMMIT's round trip with ``commit_with``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg import pq
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlmodel import Session

from casino_app.core import batch
from casino_app.settings import get_settings

logger = logging.getLogger(__name__)
_lock = threading.RLock()
_current_session: ContextVar[Session | None] = ContextVar("current_session", default=None)
_engine: Engine | None = None
_resolved_url: str | None = None


def to_sqlalchemy_url(raw: str, database: str | None = None) -> URL:
    """Normalise any ``postgres[ql]://`` URL to the psycopg 3 driver (optionally another database)."""
    url = make_url(raw.replace("postgres://", "postgresql://", 1))
    url = url.set(drivername="postgresql+psycopg")
    if database is not None:
        url = url.set(database=database)
    return url


def ensure_database(url: URL) -> None:
    """Create ``url``'s database if it does not exist (connects to ``postgres``)."""
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database})
            if not exists:
                conn.execute(sa.text(f"CREATE DATABASE \"{url.database}\" ENCODING 'UTF8' TEMPLATE template0"))
    finally:
        admin.dispose()


def database_url() -> str:
    """The SQLAlchemy URL of the application database, starting the embedded server if needed."""
    global _resolved_url
    if _resolved_url is not None:
        return _resolved_url
    with _lock:
        if _resolved_url is None:
            settings = get_settings()
            if settings.database_url:
                url = to_sqlalchemy_url(settings.database_url)
            else:
                from casino_app.core import embedded_pg

                admin_uri = embedded_pg.ensure_server(settings.absolute(settings.embedded_pg_dir))
                url = to_sqlalchemy_url(admin_uri, database=settings.embedded_pg_database)
                ensure_database(url)
            _resolved_url = url.render_as_string(hide_password=False)
    return _resolved_url


def is_embedded() -> bool:
    """Whether the app runs on the embedded PostgreSQL (``DATABASE_URL`` unset)."""
    return not get_settings().database_url


def make_engine(url: str | URL, *, pool_size: int | None = None, max_overflow: int | None = None) -> Engine:
    """Create an engine with the project's pool and session defaults."""
    settings = get_settings()
    timeout = settings.db_statement_timeout_ms
    engine = sa.create_engine(
        url,
        pool_size=pool_size if pool_size is not None else settings.db_pool_size,
        max_overflow=max_overflow if max_overflow is not None else settings.db_max_overflow,
        pool_pre_ping=False,  # a round trip per checkout; see _checkout (pings only idle connections)
        pool_recycle=POOL_RECYCLE_SECONDS,
        pool_use_lifo=True,  # reuse the warmest connections (their prepared statements); idle ones age out
        # SQL parameters (token hashes, phone numbers, ids) never reach exception text or logs.
        hide_parameters=True,
        connect_args={
            "application_name": "casino_app",
            "options": f"-c statement_timeout={timeout} -c timezone=UTC",
        },
    )
    event.listen(engine, "checkout", _checkout)
    event.listen(engine, "checkin", _checkin)
    return engine


POOL_RECYCLE_SECONDS = 1800
IDLE_PING_SECONDS = 30.0
_IDLE_SINCE = "idle_since"


def _checkin(dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()
    _restore_autocommit(dbapi_connection, record)


def _restore_autocommit(dbapi_connection: Any, record: Any) -> None:
    """Undo ``_begins_here``: the pool's connections run with psycopg's own transactions."""
    if dbapi_connection is None:  # invalidated: nothing is left to restore
        record.info.pop(_EXPLICIT_BEGIN, None)
        return
    if record.info.pop(_EXPLICIT_BEGIN, False) or dbapi_connection.autocommit:
        if dbapi_connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            dbapi_connection.rollback()
        dbapi_connection.autocommit = False


def _checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Ping a connection only when it sat idle in the pool for a while (never under load).

    A connection that fails the ping (the server restarted, a proxy dropped it)
    raises ``DisconnectionError``: the pool discards it and checks out another,
    before the caller has sent anything on it.
    """
    _restore_autocommit(dbapi_connection, record)
    idle_since = record.info.get(_IDLE_SINCE, 0.0)
    record.info[_IDLE_SINCE] = idle_since  # marks the connection as one of ours (see _begins_here)
    if not idle_since or time.monotonic() - idle_since < IDLE_PING_SECONDS:
        return
    try:
        if dbapi_connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            raise sa.exc.DisconnectionError("pooled connection is not idle")
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute("SELECT 1")
        finally:
            dbapi_connection.autocommit = False
    except psycopg.Error as exc:
        raise sa.exc.DisconnectionError(f"stale pooled connection: {type(exc).__name__}") from exc


def get_engine() -> Engine:
    """The process-wide engine (created on first use)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = make_engine(database_url())
    return _engine


def reset_engine() -> None:
    """Dispose the engine and forget the resolved URL (tests, settings changes)."""
    global _engine, _resolved_url
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None
        _resolved_url = None


def _after_fork_in_child() -> None:
    # The child must not reuse the parent's sockets; drop them without closing.
    global _engine
    if _engine is not None:
        _engine.dispose(close=False)
        _engine = None


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception.

    Scopes nest: an inner ``session_scope`` joins the outer one's transaction,
    so a caller can make several service calls (or an idempotency record plus
    a business action) commit together. Statements given to ``commit_with`` are
    sent with the COMMIT in one round trip; callbacks registered with
    ``after_commit`` run once the outermost scope has committed.
    """
    outer = _current_session.get()
    if outer is not None:
        yield outer
        return
    with Session(get_engine(), expire_on_commit=False) as session:
        token = _current_session.set(session)
        try:
            yield session
            final = session.info.pop(_COMMIT_WITH, None)
            if final:
                session.flush()
                _run(session.connection(), final, commit=True)
            session.commit()  # after a pipelined COMMIT the driver has nothing left to send
        except BaseException:
            session.info.pop(_COMMIT_WITH, None)
            session.rollback()
            raise
        finally:
            _current_session.reset(token)
        callbacks = session.info.pop("after_commit", [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # a failed notification must not undo or fail a committed action
            logger.exception("after-commit callback failed")


def after_commit(session: Session, callback: Callable[[], object]) -> None:
    """Run ``callback`` after ``session``'s transaction commits (never if it rolls back)."""
    session.info.setdefault("after_commit", []).append(callback)


# --- several statements, one round trip -------------------------------------------------------

_COMMIT_WITH = "commit_with"


@dataclass
class Sql:
    """One statement for ``run`` (psycopg ``%(name)s`` parameters); ``rows`` holds what it returned.

    After a failed ``run``, the statements that completed before the failing one still hold their rows.
    """

    text: str
    params: Mapping[str, Any] | Sequence[Any] = ()
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def first(self) -> tuple[Any, ...] | None:
        """The first row returned, if any."""
        return self.rows[0] if self.rows else None

    def receive(self, rows: list[tuple[Any, ...]]) -> None:
        """Take the rows the statement returned (``core.merge.Merged`` hands them on to its parts)."""
        self.rows = rows


def run(db: Session | sa.Connection, *statements: Sql | None) -> None:
    """Execute ``statements`` in order in ``db``'s transaction, in one round trip; fill their ``rows``.

    More than one statement (or the first statement of the transaction, which
    carries psycopg's ``BEGIN``) goes out as a pipeline: the server still runs
    them one after the other, each with its own snapshot, and stops at the first
    error (raised here as SQLAlchemy's exception; the transaction must roll back).
    ``None`` entries are skipped.
    """
    conn = db.connection() if isinstance(db, Session) else db
    _run(conn, [s for s in statements if s is not None], commit=False)


# How ``run`` joins its statements for SQLAlchemy's ``before_cursor_execute`` hook: a NUL byte, which no SQL
# text sent to PostgreSQL can contain, so a hook can split the text back into exactly the statements sent.
STATEMENT_SEPARATOR = ";\n\x00"


def commit_with(db: Session, *statements: Sql) -> None:
    """Send ``statements`` with the COMMIT of ``db``'s unit of work (one round trip; their rows are discarded)."""
    db.info.setdefault(_COMMIT_WITH, []).extend(statements)


def _run(conn: sa.Connection, statements: list[Sql], *, commit: bool) -> None:
    if not statements and not commit:
        return
    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    if statements and (conn._has_events or conn.engine._has_events):  # statement hooks see these (session_cache)
        # once, as one text (joined by STATEMENT_SEPARATOR, no parameters): a dispatch per statement cost more
        # than the hook's own check
        text = STATEMENT_SEPARATOR.join(statement.text for statement in statements)
        conn.dispatch.before_cursor_execute(conn, None, text, None, None, False)
    if _begins_here(conn, raw):
        statements = [Sql("BEGIN"), *statements]
    kept = _cursors(conn, raw)
    cursors: list[psycopg.Cursor[Any]] = []
    busy: set[int] = set()
    try:
        if len(statements) == 1 and not commit and raw.pgconn.transaction_status == pq.TransactionStatus.INTRANS:
            text, cursor = kept.take(statements[0].text, busy)
            cursors.append(cursor.execute(text, statements[0].params))
        else:
            with raw.pipeline():
                for statement in statements:
                    cursors.append(batch.queue(kept, statement.text, statement.params, busy))
                if commit:  # as a statement: psycopg's commit() would add a Sync of its own (a round trip)
                    cursors.append(batch.queue(kept, "COMMIT", (), busy))
                batch.send_queued(raw)  # one write for all of them (with the Sync)
    except psycopg.Error as exc:
        _collect(statements, cursors)  # what the statements before the failing one returned, for the caller
        invalidated = raw.closed or raw.broken
        if invalidated:
            conn.invalidate(exc)
        text = statements[0].text if statements else "COMMIT"
        raise sa.exc.DBAPIError.instance(
            text, None, exc, psycopg.Error, True, connection_invalidated=invalidated, dialect=conn.dialect
        ) from exc
    _collect(statements, cursors)


_CURSORS = "core.db.cursors"


def _cursors(conn: sa.Connection, raw: psycopg.Connection[Any]) -> batch.Cursors:
    """The pooled connection's reusable cursors (kept in its record: they go when the connection is replaced)."""
    info = conn.connection.info
    kept = info.get(_CURSORS)
    if kept is None or kept.raw is not raw:
        kept = info[_CURSORS] = batch.Cursors(raw)
    return kept


_EXPLICIT_BEGIN = "explicit_begin"
_TUPLES_OK = pq.ExecStatus.TUPLES_OK


def _begins_here(conn: sa.Connection, raw: psycopg.Connection[Any]) -> bool:
    """Start the transaction with an explicit ``BEGIN`` at the head of this pipeline (saving a round trip).

    psycopg would send its own ``BEGIN`` and wait for it before anything else; with
    the driver in autocommit mode it sends nothing, and the server-side transaction
    is opened by the pipeline's first statement instead. Until the connection goes
    back to the pool every statement, SQLAlchemy's included, runs inside that
    transaction, and COMMIT / ROLLBACK still end it (psycopg sends them whenever
    the server is in a transaction). ``_checkin`` / ``_checkout`` turn autocommit
    off again before anyone else uses the connection.
    """
    if (
        raw.pgconn.transaction_status != pq.TransactionStatus.IDLE
        or raw.autocommit
        or raw.isolation_level is not None
        or raw.read_only is not None
        or raw.deferrable is not None
        or _IDLE_SINCE not in conn.info  # not one of make_engine's pools (they restore autocommit)
    ):
        return False
    raw.autocommit = True
    conn.info[_EXPLICIT_BEGIN] = True
    return True


def _collect(statements: list[Sql], cursors: list[psycopg.Cursor[Any]]) -> None:
    for statement, cursor in zip(statements, cursors, strict=False):
        try:
            result = cursor.pgresult  # its status, not ``description`` (which builds an object per column)
            statement.receive(cursor.fetchall() if result is not None and result.status == _TUPLES_OK else [])
        except psycopg.Error:
            return
