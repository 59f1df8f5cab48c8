"""Checking a crash round: its revealed hash against the chain, and its crash point recomputed.

A round's hash must hash (SHA-256 of the raw bytes) to its commitment — the previous round's hash, or the
chain's terminating hash for round 1 — and, ``number`` times hashed, to the terminating hash. Its crash point
is recomputed by the published formula under the table the round used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, RateLimited, ValidationFailed
from casino_app.services import rate_limit
from casino_app.services.crash import chain
from casino_app.services.crash.game import CRASH
from casino_app.services.crash.table import CrashConfig
from casino_app.services.games import configs

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
WALKS_PER_MINUTE = 6  # per client address: a walk hashes up to the chain's length (about 0.6 s per million)


class RoundUnknown(NotFound):
    """No crashed round has revealed that hash (or that id)."""

    code = "CRASH_ROUND_UNKNOWN"


@dataclass(frozen=True)
class Verification:
    """A round's proof and the checks on it."""

    round_id: int
    number: int
    chain_id: int
    terminating_hash: str
    commitment: str
    hash: str
    recorded_crash_point: int
    computed_crash_point: int
    house_edge_bp: int
    max_multiplier_x100: int
    links_previous: bool
    reaches_terminating: bool | None  # None: not walked (``full=False``)

    @property
    def valid(self) -> bool:
        """Every check passed."""
        return (
            self.links_previous
            and self.reaches_terminating is not False
            and self.recorded_crash_point == self.computed_crash_point
        )


_FIND = """
    SELECT r.id, r.number, r.chain_id, c.terminating_hash, r.commitment, r.hash, r.crash_point, r.config_version
    FROM crash_rounds r JOIN crash_chains c ON c.id = r.chain_id
    WHERE r.status = 'crashed' AND {where}
"""


def parse_hash(value: str) -> str:
    """A round hash: 64 lower-case hex characters (422 ``VERIFY_INPUT_INVALID`` otherwise)."""
    value = value.strip().lower()
    if not _HEX64.fullmatch(value):
        raise ValidationFailed(code="VERIFY_INPUT_INVALID", details={"field": "hash"})
    return value


def allow_walk(client: str) -> None:
    """Count one walk to the terminating hash for ``client`` (an address); 429 ``RATE_LIMITED`` past the limit."""
    decision = rate_limit.hit(f"crash:walk:{client}", WALKS_PER_MINUTE, 60)
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after, details={"walks_per_minute": WALKS_PER_MINUTE})


def verify(
    *, round_hash: str | None = None, round_id: int | None = None, full: bool = False, walker: str | None = None
) -> Verification:
    """Check the crashed round with ``round_hash`` (or ``round_id``); ``full`` also walks to the terminating hash,
    counted against ``walker`` (a client address; ``allow_walk``) when given — only for a round that exists.

    Raises 422 ``VERIFY_INPUT_INVALID`` for a malformed hash and 404 ``CRASH_ROUND_UNKNOWN`` for a hash no
    crashed round revealed.
    """
    if round_hash is not None:
        where, params = "r.hash = :v", {"v": parse_hash(round_hash)}
    elif round_id is not None:
        where, params = "r.id = :v", {"v": round_id}
    else:
        raise ValidationFailed(code="VERIFY_INPUT_INVALID", details={"field": "hash"})
    with session_scope() as db:
        row = db.execute(sa.text(_FIND.format(where=where)), params).first()
    if row is None:
        raise RoundUnknown(details={"hash": round_hash, "round_id": round_id})
    rid, number, chain_id, terminating, commitment, revealed, recorded, version = row
    if full and walker is not None:
        allow_walk(walker)
    config: CrashConfig = configs.by_version(CRASH.key, version)  # type: ignore[assignment]
    walked = chain.walk(bytes.fromhex(revealed), number).hex() == terminating if full else None
    return Verification(
        round_id=rid,
        number=number,
        chain_id=chain_id,
        terminating_hash=terminating,
        commitment=commitment,
        hash=revealed,
        recorded_crash_point=recorded,
        computed_crash_point=chain.crash_point(revealed, config.house_edge_bp, config.max_multiplier_x100),
        house_edge_bp=config.house_edge_bp,
        max_multiplier_x100=config.max_multiplier_x100,
        links_previous=chain.links(revealed, commitment),
        reaches_terminating=walked,
    )
