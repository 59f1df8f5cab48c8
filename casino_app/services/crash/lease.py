"""The crash loop's leader lease: a PostgreSQL session advisory lock plus an epoch used as a fencing token.

Every contender tries ``pg_try_advisory_lock`` on a connection of its own. The winner bumps
``crash_loop.epoch`` and checks it at the start of every transaction it writes (``fence``, a shared row lock
held to the transaction's end): a new leader's bump waits for the old leader's transactions to finish, and
after it the old leader can write nothing. A dead leader's connection closes and PostgreSQL drops its lock at
once; a leader that stops heartbeating while its connection lives is disconnected by the next contender
(``pg_terminate_backend``) after ``STALE_AFTER``.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session

from casino_app.core.db import database_url

logger = logging.getLogger("casino_app.crash")

LOCK_KEY = 0x63726173_686C70  # "crash" "lp"
STALE_AFTER_S = 10


class LostLease(Exception):
    """This process no longer leads the loop (another process took over): stop writing at once."""


def _conninfo() -> str:
    url = make_url(database_url()).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


@dataclass
class Lease:
    """A held lease: the dedicated connection that owns the advisory lock, and the epoch it was granted."""

    conn: psycopg.Connection[Any]
    epoch: int
    name: str

    def heartbeat(self) -> None:
        """Record that the leader is alive; ``LostLease`` when the epoch moved on or the connection is gone."""
        try:
            row = self.conn.execute(
                "UPDATE crash_loop SET heartbeat_at = now() WHERE id = 1 AND epoch = %s RETURNING epoch",
                (self.epoch,),
            ).fetchone()
        except psycopg.Error as exc:
            raise LostLease(str(exc)) from exc
        if row is None:
            raise LostLease(f"epoch {self.epoch} was superseded")

    def release(self) -> None:
        """Give the lease up (closing the connection drops the advisory lock)."""
        with contextlib.suppress(psycopg.Error):
            self.conn.close()


def try_acquire(name: str) -> Lease | None:
    """Take the lease if nobody holds it (or its holder went silent); ``None`` when another process leads."""
    conn = psycopg.connect(_conninfo(), autocommit=True, application_name=f"crash-loop:{name}"[:63])
    try:
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
        if not (got and got[0]):
            _disconnect_if_stale(conn)
            conn.close()
            return None
        conn.execute("INSERT INTO crash_loop (id) VALUES (1) ON CONFLICT DO NOTHING")
        row = conn.execute(
            "UPDATE crash_loop SET epoch = epoch + 1, leader = %s, heartbeat_at = now() WHERE id = 1 RETURNING epoch",
            (name[:120],),
        ).fetchone()
        assert row is not None, "crash_loop has its one row from the migration"
        logger.info("crash loop lease taken", extra={"leader": name, "epoch": row[0]})
        return Lease(conn, int(row[0]), name)
    except BaseException:
        conn.close()
        raise


def _disconnect_if_stale(conn: psycopg.Connection[Any]) -> None:
    """Disconnect a holder whose heartbeat is older than ``STALE_AFTER_S`` (frozen, not dead)."""
    conn.execute(
        """
        SELECT pg_terminate_backend(l.pid)
        FROM pg_locks l, crash_loop c
        WHERE l.locktype = 'advisory' AND l.granted
          AND ((l.classid::bigint << 32) | l.objid::bigint) = %s
          AND c.id = 1 AND c.heartbeat_at < now() - make_interval(secs => %s)
        """,
        (LOCK_KEY, STALE_AFTER_S),
    )


def fence(db: Session, epoch: int) -> bool:
    """Check, at the start of a leader's transaction, that ``epoch`` still leads; returns the pause switch.

    Raises ``LostLease`` otherwise. The shared lock it takes makes a takeover wait for this transaction.
    """
    row = db.execute(sa.text("SELECT epoch, paused FROM crash_loop WHERE id = 1 FOR SHARE")).first()
    if row is None or int(row[0]) != epoch:
        raise LostLease(f"epoch {epoch} was superseded")
    return bool(row[1])
