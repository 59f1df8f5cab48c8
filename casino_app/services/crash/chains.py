"""The crash hash chains in the database: the active chain, its published terminating hash, round hashes.

A chain is created (a random 32-byte seed, sealed like every server seed) before its first round, so its
terminating hash is fixed and shown before anything is played on it. Only the loop's leader computes round
hashes: it keeps the chain's checkpoints (every 1,000th hash, never stored) in memory and seals each round's
hash into its row when the round opens. A used-up chain is retired and a new one published.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.db import session_scope
from casino_app.models.crash import CrashChain, CrashRound
from casino_app.services.crash import chain
from casino_app.services.fairness import vault
from casino_app.settings import get_settings


@dataclass(frozen=True)
class Chain:
    """A chain as published: id, length, terminating hash, rounds played on it, when it was created."""

    id: int
    length: int
    terminating_hash: str
    rounds: int
    created_at: datetime


_LOCK_CREATE = 0x63726173_68636E  # "crash" + "cn": one creator of a chain at a time


def _active_row(db: Session) -> CrashChain | None:
    return db.exec(sa.select(CrashChain).where(CrashChain.status == "active")).scalar_one_or_none()  # type: ignore[call-overload]


def create(db: Session, length: int | None = None) -> CrashChain:
    """Retire the active chain (if any) and publish a new one; in the caller's transaction."""
    length = length or get_settings().crash_chain_length
    seed = secrets.token_bytes(32)
    db.execute(sa.update(CrashChain).where(CrashChain.status == "active").values(status="retired"))
    row = CrashChain(seed_sealed=vault.seal(seed), length=length, terminating_hash=chain.terminating_hash(seed, length))
    db.add(row)
    db.flush()
    return row


def ensure_active(db: Session) -> CrashChain:
    """The active chain, created on first use (one creator at a time: a transaction-level advisory lock)."""
    found = _active_row(db)
    if found is not None:
        return found
    db.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_CREATE})
    return _active_row(db) or create(db)


def published() -> Chain | None:
    """The active chain as published (``None`` before the first one exists)."""
    table = CrashChain.__table__
    rounds = CrashRound.__table__
    with session_scope() as db:
        row = db.execute(
            sa.select(
                table.c.id,
                table.c.length,
                table.c.terminating_hash,
                sa.select(sa.func.coalesce(sa.func.max(rounds.c.number), 0))
                .where(rounds.c.chain_id == table.c.id)
                .scalar_subquery(),
                table.c.created_at,
            ).where(table.c.status == "active")
        ).first()
    return Chain(*row) if row is not None else None


class _Marks:
    """Checkpoints of the chains this process leads (computed once per chain: about a second per million)."""

    def __init__(self) -> None:
        # Keyed by id and terminating hash: an id alone can name another chain after a database is recreated.
        self._by_chain: dict[tuple[int, str], list[bytes]] = {}
        self._lock = threading.Lock()

    def round_hash(self, row: CrashChain, number: int) -> bytes:
        assert row.id is not None
        with self._lock:
            key = (row.id, row.terminating_hash)
            marks = self._by_chain.get(key)
            if marks is None:
                marks = chain.checkpoints(vault.unseal(row.seed_sealed), row.length)
                self._by_chain = {key: marks}  # only the active chain is ever needed
        return chain.round_hash(marks, row.length, number)


_marks = _Marks()


def round_hash(row: CrashChain, number: int) -> bytes:
    """The hash of round ``number`` of chain ``row`` (secret until that round crashes)."""
    return _marks.round_hash(row, number)


def commitment(row: CrashChain, number: int) -> str:
    """What round ``number``'s hash must hash to: the previous round's hash, or the terminating hash."""
    return row.terminating_hash if number == 1 else _marks.round_hash(row, number - 1).hex()
