"""Exactly-once execution of a client request keyed by (user, idempotency key).

The record, the business action and the stored response commit in one
transaction: a repeat returns the stored response; the same key with a
different request is a 409; a concurrent duplicate waits on the record's
primary key until the first commits and then replays it — never a second
effect. A call that fails leaves no record, so it can be retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict
from casino_app.models.ledger import IdempotencyRecord


@dataclass(frozen=True)
class Outcome:
    """The response to send: status, the JSON text, and whether it is a replay."""

    status: int
    body: str
    replayed: bool


def run_once(
    user_id: int,
    key: str,
    request_hash: str,
    action: Callable[[], tuple[int, Any]],
    encode: Callable[[Any], str],
) -> Outcome:
    """Run ``action`` at most once for (user, key); ``encode`` renders its result as JSON text."""
    table = IdempotencyRecord.__table__
    with session_scope() as db:
        claimed = db.execute(
            insert(table)
            .values(
                user_id=user_id,
                key=key,
                request_hash=request_hash,
                status_code=0,
                response_body="",
                created_at=clock.now(),
            )
            .on_conflict_do_nothing(index_elements=["user_id", "key"])
            .returning(table.c.key)
        ).scalar_one_or_none()
        if claimed is None:
            stored = db.execute(
                sa.select(table.c.request_hash, table.c.status_code, table.c.response_body).where(
                    table.c.user_id == user_id, table.c.key == key
                )
            ).one()
            if stored.request_hash != request_hash:
                raise Conflict(code="IDEMPOTENCY_KEY_REUSED", details={"idempotency_key": key})
            return Outcome(stored.status_code, stored.response_body, replayed=True)
        status, result = action()
        body = encode(result)
        db.execute(
            sa.update(table)
            .where(table.c.user_id == user_id, table.c.key == key)
            .values(status_code=status, response_body=body)
        )
    return Outcome(status, body, replayed=False)


def purge_older_than(days: int = 7) -> int:
    """Forget records older than ``days`` (periodic job)."""
    table = IdempotencyRecord.__table__
    with session_scope() as db:
        result = db.execute(sa.delete(table).where(table.c.created_at < clock.now() - timedelta(days=days)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
