"""Exactly-once execution of a client request keyed by (user, idempotency key).

The record, the business action and the stored response commit in one
transaction: a repeat returns the stored response; the same key with a
different request is a 409; a concurrent duplicate waits on the record's
primary key until the first commits and then replays it — never a second
effect. A call that fails leaves no record, so it can be retried.

Round trips: the claim (inserting the record) is sent with the action's first
statement — the round engine puts it at the head of its first pipeline
(``take_pending``); any other action's first statement triggers it just before
(``after_begin``) — and the stored response goes out with the COMMIT. The
claim also re-checks the caller's session in the same statement, so a session
revoked before it cannot move money even if this process has not heard yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, commit_with, run, session_scope
from casino_app.core.errors import Conflict, Unauthorized
from casino_app.models.ledger import IdempotencyRecord
from casino_app.services.accounts import session_cache
from casino_app.services.accounts.identity import AuthContext

_PENDING = "idempotency_claim"


@dataclass(frozen=True)
class Outcome:
    """The response to send: status, the JSON text, and whether it is a replay."""

    status: int
    body: str
    replayed: bool


class _Lost(Exception):
    """Another call with this key committed first (or holds it): replay its stored response."""


_CLAIM = """
    WITH {auth}, claimed AS (
        INSERT INTO idempotency_records (user_id, key, request_hash, status_code, response_body, created_at)
        SELECT %(user_id)s, %(key)s, %(request_hash)s, 0, '', %(now)s
        WHERE EXISTS (SELECT 1 FROM auth WHERE ok AND active)
        ON CONFLICT (user_id, key) DO NOTHING
        RETURNING 1
    )
    SELECT (SELECT ok FROM auth), (SELECT active FROM auth), EXISTS (SELECT 1 FROM claimed)
"""
_CALLER_ALIVE = _CLAIM.format(auth=f"auth AS ({session_cache.ALIVE_SQL})")
_NO_CALLER = _CLAIM.format(auth="auth AS (SELECT true AS ok, true AS active)")
_STORE = """
    UPDATE idempotency_records SET status_code = %(status)s, response_body = %(body)s
    WHERE user_id = %(user_id)s AND key = %(key)s
"""


@dataclass
class Claim:
    """The record a call must insert before its action's effects count."""

    user_id: int
    key: str
    request_hash: str
    caller: AuthContext | None
    state: str = "pending"  # pending → sent → won | lost

    def statement(self) -> Sql:
        """The claim, with the caller's session re-checked at the same snapshot."""
        now = clock.now()
        params: dict[str, Any] = {"user_id": self.user_id, "key": self.key, "request_hash": self.request_hash}
        params["now"] = now
        if self.caller is None:
            return Sql(_NO_CALLER, params)
        return Sql(_CALLER_ALIVE, {**params, **session_cache.alive_params(self.caller, now)})

    def settle(self, sent: Sql) -> None:
        """Read the claim's answer: go on (won), or raise 401 (session gone) or ``_Lost`` (replay)."""
        ok, active, claimed = sent.rows[0]
        if not (ok and active):
            self.state = "lost"
            session_cache.invalidate()
            code = "TOKEN_INVALID" if ok is None else "TOKEN_REVOKED" if not ok else "ACCOUNT_DISABLED"
            raise Unauthorized(code=code)
        self.state = "won" if claimed else "lost"
        if not claimed:
            raise _Lost


def take_pending(db: Session) -> Claim | None:
    """The claim the current call still has to send, for the caller to put in its first round trip."""
    claim = db.info.get(_PENDING)
    if claim is None or claim.state != "pending":
        return None
    claim.state = "sent"
    return claim


@event.listens_for(OrmSession, "after_begin")
def _claim_first(session: OrmSession, transaction: Any, connection: sa.Connection) -> None:
    """An action that did not take the claim sends it before its own first statement."""
    claim = take_pending(session)  # type: ignore[arg-type]
    if claim is not None:
        sent = claim.statement()
        run(connection, sent)
        claim.settle(sent)


def run_once(
    user_id: int,
    key: str,
    request_hash: str,
    action: Callable[[], tuple[int, Any]],
    encode: Callable[[Any], str],
) -> Outcome:
    """Run ``action`` at most once for (user, key); ``encode`` renders its result as JSON text."""
    claim = Claim(user_id, key, request_hash, session_cache.current.get())
    try:
        with session_scope() as db:
            db.info[_PENDING] = claim
            try:
                status, result = action()
                if claim.state == "pending":  # the action never touched the database
                    sent = claim.statement()
                    run(db, sent)
                    claim.settle(sent)
                if claim.state != "won":
                    raise _Lost
            finally:
                db.info.pop(_PENDING, None)
            body = encode(result)
            params = {"status": status, "body": body, "user_id": user_id, "key": key}
            commit_with(db, Sql(_STORE, params))
    except _Lost:
        return _stored(user_id, key, request_hash)
    return Outcome(status, body, replayed=False)


def _stored(user_id: int, key: str, request_hash: str) -> Outcome:
    """The response of the call that holds the key (same request), else 409."""
    table = IdempotencyRecord.__table__
    with session_scope() as db:
        stored = db.execute(
            sa.select(table.c.request_hash, table.c.status_code, table.c.response_body).where(
                table.c.user_id == user_id, table.c.key == key
            )
        ).one()
    if stored.request_hash != request_hash:
        raise Conflict(code="IDEMPOTENCY_KEY_REUSED", details={"idempotency_key": key})
    return Outcome(stored.status_code, stored.response_body, replayed=True)


def purge_older_than(days: int = 7) -> int:
    """Forget records older than ``days`` (periodic job)."""
    table = IdempotencyRecord.__table__
    with session_scope() as db:
        result = db.execute(sa.delete(table).where(table.c.created_at < clock.now() - timedelta(days=days)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
