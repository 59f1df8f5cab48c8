"""Database engine and sessions (PostgreSQL only, psycopg 3).

``database_url()`` resolves where the data lives: ``DATABASE_URL`` when set,
otherwise the embedded server in ``EMBEDDED_PG_DIR`` (started on demand, its
database created on first use). Engines are created lazily and re-created in
forked children so pooled connections never cross a fork.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlmodel import Session

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
    return sa.create_engine(
        url,
        pool_size=pool_size if pool_size is not None else settings.db_pool_size,
        max_overflow=max_overflow if max_overflow is not None else settings.db_max_overflow,
        pool_pre_ping=True,
        pool_recycle=1800,
        # SQL parameters (token hashes, phone numbers, ids) never reach exception text or logs.
        hide_parameters=True,
        connect_args={
            "application_name": "casino_app",
            "options": f"-c statement_timeout={timeout} -c timezone=UTC",
        },
    )


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
    a business action) commit together. Callbacks registered with
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
            session.commit()
        except BaseException:
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
