"""Crash test helpers: a fast table, a loop driven step by step in the test's own process, bets over the API."""

from __future__ import annotations

import time
import uuid
from typing import Any

import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.services.crash import live, loop
from casino_app.services.crash.lease import Lease, try_acquire
from casino_app.services.crash.table import DEFAULT_CRASH
from casino_app.services.games import configs
from tests.support.accounts import new_staff
from tests.support.pace import scaled

BET = "/api/games/crash/bet"
CASHOUT = "/api/games/crash/cashout"


def fast_table(**overrides: Any) -> int:
    """Publish a crash table with short phases (1 s betting, 0.5 s cooldown) plus ``overrides``; its version.

    The betting phase is stretched by the machine's ``SLOWNESS`` (up to the table's 60 s): a test's requests
    must land in it, and on a slow machine a few of them took longer than a 1.5 s phase."""
    raw = {**DEFAULT_CRASH.model_dump(), "betting_ms": 1_000, "cooldown_ms": 500, **overrides}
    raw["betting_ms"] = min(60_000, round(scaled(raw["betting_ms"])))
    return configs.add_version("crash", raw, actor_id=new_staff()).version


class Driver:
    """The loop's leader in the test process: ``step`` advances it exactly as the background loop would."""

    def __init__(self, name: str = "pytest") -> None:
        lease = try_acquire(name)
        assert lease is not None, "another leader holds the crash lease"
        self.lease: Lease = lease
        self.loop = loop.Loop(lease)

    def close(self) -> None:
        self.lease.release()
        live.forget()

    def step(self) -> float:
        return self.loop.step()

    def phase(self) -> str:
        state = live.read()
        return state["phase"] if state else "none"

    def until(self, phase: str, timeout: float = 30.0) -> dict[str, Any]:
        """Step (sleeping as the loop would) until the live phase is ``phase``; the snapshot."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            wait = self.step()
            state = live.read() or {}
            if state.get("phase") == phase:
                return state
            time.sleep(min(wait, 0.05))
        raise AssertionError(f"the crash loop never reached {phase!r}")


def close_betting(round_id: int) -> None:
    """End round ``round_id``'s betting phase now. Tests that place many bets give the phase a long time (a slow
    machine still places every bet in it) and end it themselves once their bets are in."""
    with get_engine().begin() as conn:
        conn.execute(
            sa.text("UPDATE crash_rounds SET betting_ends_at = clock_timestamp() WHERE id = :r AND status = 'betting'"),
            {"r": round_id},
        )


def key() -> dict[str, str]:
    """A fresh ``Idempotency-Key`` header."""
    return {"Idempotency-Key": str(uuid.uuid4())}


def scalar(sql: str, **params: object) -> Any:
    """One value from the test database."""
    with get_engine().connect() as conn:
        return conn.scalar(sa.text(sql), params)
