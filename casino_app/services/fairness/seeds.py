"""Seed lifecycle per player: one active committed seed; rotation reveals it and commits a new one."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from casino_app.core import clock
from casino_app.core.db import Sql, session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.models.games import FairnessSeed
from casino_app.services.accounts.validation import FieldError, clean_text
from casino_app.services.fairness import rng, vault

CLIENT_SEED_MAX = 64
SEED_LOCK_NAMESPACE = 7_001 << 40


@dataclass(frozen=True)
class RoundSeed:
    """What one round is drawn from (the seed itself never leaves the server before rotation)."""

    seed_id: int
    server_seed: bytes
    server_seed_hash: str
    client_seed: str
    nonce: int


@dataclass(frozen=True)
class RevealedSeed:
    """A rotated seed, now public."""

    server_seed: str
    server_seed_hash: str
    client_seed: str
    rounds: int
    revealed_at: datetime


@dataclass(frozen=True)
class SeedsView:
    """The player's current commitment and their revealed seeds."""

    server_seed_hash: str
    client_seed: str
    nonce: int
    revealed: list[RevealedSeed]


@dataclass(frozen=True)
class Rotation:
    """The outcome of a rotation."""

    revealed_server_seed: str
    revealed_server_seed_hash: str
    new_server_seed_hash: str


def validate_client_seed(value: str) -> str:
    """1–64 printable characters (no control characters)."""
    try:
        cleaned = clean_text(value, "client_seed", max_length=CLIENT_SEED_MAX)
    except FieldError as exc:
        raise ValidationFailed(code="CLIENT_SEED_INVALID", details={"field": "client_seed", "rule": exc.code}) from None
    if not cleaned:
        raise ValidationFailed(code="CLIENT_SEED_INVALID", details={"field": "client_seed"})
    return cleaned


def _new_seed(db: Session, user_id: int, client_seed: str) -> FairnessSeed:
    seed = secrets.token_bytes(32)
    row = FairnessSeed(
        user_id=user_id,
        server_seed_encrypted=vault.seal(seed),
        server_seed_hash=rng.seed_hash(seed),
        client_seed=client_seed,
        nonce=0,
        status="active",
        created_at=clock.now(),
    )
    db.add(row)
    db.flush()
    return row


def _active(db: Session, user_id: int, *, lock: bool) -> FairnessSeed:
    query = select(FairnessSeed).where(FairnessSeed.user_id == user_id, FairnessSeed.status == "active")
    row = db.exec(query.with_for_update() if lock else query).first()
    if row is None:
        # First round ever: serialise creation so two concurrent rounds cannot both create a seed.
        db.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEED_LOCK_NAMESPACE + user_id})
        row = db.exec(query.with_for_update() if lock else query).first()
        if row is None:
            row = _new_seed(db, user_id, secrets.token_hex(8))
    return row


def lock_active(db: Session, user_id: int) -> FairnessSeed:
    """Lock (creating if needed) the player's active seed row until the transaction ends."""
    return _active(db, user_id, lock=True)


def next_round(db: Session, user_id: int, locked: FairnessSeed | None = None) -> RoundSeed:
    """Take the next nonce of the player's active seed, in the caller's transaction.

    Locks the seed row (or uses ``locked``, already locked by ``lock_active``), so one
    player's rounds are strictly ordered.
    """
    row = locked if locked is not None else _active(db, user_id, lock=True)
    nonce = row.nonce
    row.nonce = nonce + 1
    db.flush()
    assert row.id is not None
    return RoundSeed(row.id, vault.unseal(row.server_seed_encrypted), row.server_seed_hash, row.client_seed, nonce)


# Lock the player's active seed row and take its next nonce in one statement (also usable as a CTE). An
# UPDATE waits for a concurrent round's lock and then re-reads the committed row, so every nonce is taken
# exactly once; ``nonce`` is the one taken (the value before the increment). Parameter: ``user_id``.
TAKE_NONCE = """
    UPDATE fairness_seeds SET nonce = nonce + 1 WHERE user_id = %(user_id)s AND status = 'active'
    RETURNING id, nonce - 1 AS nonce, server_seed_encrypted, server_seed_hash, client_seed
"""
_GIVE_BACK = "UPDATE fairness_seeds SET nonce = nonce - 1 WHERE id = %(id)s AND nonce = %(next)s"


def take_nonce(user_id: int) -> Sql:
    """``next_round`` as one statement for a pipeline; read it with ``taken`` (locks the row until commit)."""
    return Sql(TAKE_NONCE, {"user_id": user_id})


def taken(columns: Sequence[Any] | None) -> RoundSeed | None:
    """The round seed from ``TAKE_NONCE``'s columns, or ``None`` when the player has no active seed yet."""
    if columns is None or columns[0] is None:
        return None
    seed_id, nonce, sealed, seed_hash, client_seed = columns[:5]
    return RoundSeed(seed_id, vault.unseal(sealed), seed_hash, client_seed, nonce)


def give_back(seed: RoundSeed) -> Sql:
    """Undo ``take_nonce`` in the same transaction (the row is still locked): the round was a replay."""
    return Sql(_GIVE_BACK, {"id": seed.seed_id, "next": seed.nonce + 1})


def view(user_id: int, history: int = 10) -> SeedsView:
    """The active commitment (hash only), the client seed, the next nonce, and recent revealed seeds."""
    with session_scope() as db:
        active = _active(db, user_id, lock=False)
        revealed = db.exec(
            select(FairnessSeed)
            .where(FairnessSeed.user_id == user_id, FairnessSeed.status == "revealed")
            .order_by(FairnessSeed.id.desc())  # type: ignore[union-attr]
            .limit(history)
        ).all()
        return SeedsView(
            server_seed_hash=active.server_seed_hash,
            client_seed=active.client_seed,
            nonce=active.nonce,
            revealed=[
                RevealedSeed(r.revealed_seed or "", r.server_seed_hash, r.client_seed, r.nonce, r.revealed_at)  # type: ignore[arg-type]
                for r in revealed
            ],
        )


def set_client_seed(user_id: int, client_seed: str) -> SeedsView:
    """Change the client seed used from the next round on."""
    cleaned = validate_client_seed(client_seed)
    with session_scope() as db:
        row = _active(db, user_id, lock=True)
        row.client_seed = cleaned
    return view(user_id)


def rotate(user_id: int) -> Rotation:
    """Reveal the active seed (64 hex characters) and commit a fresh one with the same client seed."""
    with session_scope() as db:
        row = _active(db, user_id, lock=True)
        seed = vault.unseal(row.server_seed_encrypted)
        row.status, row.revealed_seed, row.revealed_at = "revealed", seed.hex(), clock.now()
        db.flush()
        fresh = _new_seed(db, user_id, row.client_seed)
        return Rotation(seed.hex(), row.server_seed_hash, fresh.server_seed_hash)


def revealed_seed_for(user_id: int, server_seed_hash: str) -> str | None:
    """The revealed seed (hex) behind a hash the player used, or ``None`` while it is still secret."""
    with session_scope() as db:
        row = db.exec(
            select(FairnessSeed).where(
                FairnessSeed.user_id == user_id, FairnessSeed.server_seed_hash == server_seed_hash
            )
        ).first()
        return row.revealed_seed if row is not None else None


def reseal_all(batch: int = 500) -> int:
    """Re-encrypt every unrevealed server seed under the newest SEED_ENCRYPTION_KEY; return how many."""
    done, last_id = 0, 0
    while True:
        with session_scope() as db:
            rows = db.exec(
                select(FairnessSeed)
                .where(FairnessSeed.status == "active", FairnessSeed.id > last_id)  # type: ignore[operator]
                .order_by(FairnessSeed.id)
                .limit(batch)
                .with_for_update()
            ).all()
            for row in rows:
                row.server_seed_encrypted = vault.reseal(row.server_seed_encrypted)
        if not rows:
            return done
        done += len(rows)
        last_id = rows[-1].id or last_id
