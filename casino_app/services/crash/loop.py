"""The one crash round loop: betting phase → flight → crash → settle → cooldown → next round.

Only the lease holder (``lease``) runs ``step``; every step is a short transaction that starts with the fence
and works from the database's state and clock, so a new leader simply carries on where the last one stopped.
The published rule for an interrupted round: it continues on its own clock (its start time and crash point
are fixed in its row), auto cash-outs are paid at their targets, manual cash-outs keep working while it
flies (they need no leader), and the next leader settles it — once: the crash is a conditional update
(``flying`` → ``crashed``) made under the fence.

In flight, each tick pays the auto cash-outs whose targets the multiplier has reached (each in its own
transaction, at exactly its target) and applies the payout cap: when what the round has paid plus its open
bets at the multiplier ``CAP_LOOKAHEAD_TICKS`` ticks ahead would reach the cap, every open bet is cashed out
at the multiplier now.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.db import session_scope
from casino_app.services.crash import chain, chains, live, settle, snapshot
from casino_app.services.crash.game import CRASH
from casino_app.services.crash.lease import Lease, LostLease, fence, try_acquire
from casino_app.services.crash.table import CrashConfig
from casino_app.services.fairness import vault
from casino_app.services.games import configs
from casino_app.settings import get_settings

logger = logging.getLogger("casino_app.crash")

CAP_LOOKAHEAD_TICKS = 3
CONTEND_EVERY_S = 1.0
HEARTBEAT_EVERY_S = 1.0
SNAPSHOT_EVERY_S = 1.0

_OPEN = """
    SELECT id, number, chain_id, status, commitment, config_version, hash_sealed, total_paid,
           EXTRACT(EPOCH FROM (betting_ends_at - clock_timestamp())) * 1000,
           EXTRACT(EPOCH FROM (clock_timestamp() - started_at)) * 1000
    FROM crash_rounds WHERE status <> 'crashed'
"""
_LAST = """
    SELECT id, config_version, EXTRACT(EPOCH FROM (clock_timestamp() - crashed_at)) * 1000
    FROM crash_rounds WHERE status = 'crashed' ORDER BY id DESC LIMIT 1
"""
_NEXT_NUMBER = "SELECT COALESCE(MAX(number), 0) + 1 FROM crash_rounds WHERE chain_id = :c"
_INSERT = """
    INSERT INTO crash_rounds (chain_id, number, config_version, status, commitment, hash_sealed, betting_ends_at)
    VALUES (:c, :n, :v, 'betting', :commitment, :sealed, clock_timestamp() + make_interval(secs => :betting))
    RETURNING id
"""
_FLY = """
    UPDATE crash_rounds SET status = 'flying', started_at = clock_timestamp()
    WHERE id = :id AND status = 'betting' AND clock_timestamp() >= betting_ends_at
"""
_DUE_AUTO = """
    SELECT id, auto_cashout FROM crash_bets
    WHERE round_id = :r AND status = 'active' AND auto_cashout <= :m ORDER BY auto_cashout, id
"""
_OPEN_STAKES = "SELECT id, bet_amount FROM crash_bets WHERE round_id = :r AND status = 'active'"


@dataclass(frozen=True)
class Open:
    """The round the loop is running."""

    ref: settle.RoundRef
    status: str
    sealed: str
    total_paid: int
    to_flight_ms: float
    elapsed_ms: float | None

    def point(self, config: CrashConfig) -> int:
        """Its crash point (the sealed hash, unsealed by the leader only)."""
        return chain.crash_point(vault.unseal(self.sealed).hex(), config.house_edge_bp, config.max_multiplier_x100)


class Loop:
    """The leader's side of the loop: one ``step`` at a time, each returning how long to wait."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        self.tick_s = get_settings().crash_tick_ms / 1000
        self._published_at = 0.0
        self._published_key: Any = None
        self._chain: dict[str, Any] = {}
        self._chain_round: int | None = -1

    # --- reading -------------------------------------------------------------------------------
    def _open(self, db: Session) -> Open | None:
        row = db.execute(sa.text(_OPEN)).first()
        if row is None:
            return None
        rid, number, chain_id, status, commitment, version, sealed, paid, to_flight, elapsed = row
        ref = settle.RoundRef(rid, number, chain_id, commitment, version)
        return Open(ref, status, sealed, int(paid), float(to_flight), None if elapsed is None else float(elapsed))

    def _fenced(self) -> Any:
        return _Fenced(self.lease.epoch)

    # --- one step ------------------------------------------------------------------------------
    def step(self) -> float:
        """Advance the loop by what is due now; the seconds until something is due next."""
        with self._fenced() as (db, paused):
            current = self._open(db)
            if current is None:
                return self._between_rounds(db, paused)
            config: CrashConfig = configs.by_version(CRASH.key, current.ref.config_version)  # type: ignore[assignment]
            if current.status == "betting":
                if current.to_flight_ms > 0:
                    self._publish(db, current.ref.id, config, paused)
                    return min(current.to_flight_ms / 1000, 0.25)
                db.execute(sa.text(_FLY), {"id": current.ref.id})
                self._publish(db, current.ref.id, config, paused, force=True, after_commit=True)
                return 0.0
        assert current.elapsed_ms is not None
        return self._fly(current, config, paused)

    def _between_rounds(self, db: Session, paused: bool) -> float:
        last = db.execute(sa.text(_LAST)).first()
        config: CrashConfig = configs.active(CRASH.key).config  # type: ignore[assignment]
        if last is not None:
            wait_ms = config.cooldown_ms - float(last[2])
            if paused or wait_ms > 0:
                self._publish(db, int(last[0]), config, paused)
                return 0.5 if paused else min(wait_ms / 1000, 0.5)
        elif paused:
            self._publish(db, None, config, paused)
            return 0.5
        round_id = self._open_round(db, config)
        self._publish(db, round_id, config, paused, force=True, after_commit=True)
        return 0.0

    def _open_round(self, db: Session, config: CrashConfig) -> int:
        row = chains.ensure_active(db)
        number = int(db.execute(sa.text(_NEXT_NUMBER), {"c": row.id}).scalar_one())
        if number > row.length:  # the chain is used up: retire it and publish the next one
            row = chains.create(db)
            number = 1
        version = configs.active(CRASH.key).version
        sealed = vault.seal(chains.round_hash(row, number))
        params = {
            "c": row.id,
            "n": number,
            "v": version,
            "commitment": chains.commitment(row, number),
            "sealed": sealed,
            "betting": config.betting_ms / 1000,
        }
        return int(db.execute(sa.text(_INSERT), params).scalar_one())

    def _fly(self, current: Open, config: CrashConfig, paused: bool) -> float:
        point = current.point(config)
        flight = chain.flight_ms(point, config.growth_per_ms)
        elapsed = current.elapsed_ms or 0.0
        if elapsed >= flight:
            self._pay_autos(current, point)
            with self._fenced() as (db, paused_now):
                settle.crash(db, current.ref, vault.unseal(current.sealed).hex(), point, self.lease.epoch)
                self._publish(db, current.ref.id, config, paused_now, force=True, after_commit=True)
            return config.cooldown_ms / 1000
        now_m = chain.multiplier_at(elapsed, config.growth_per_ms)
        self._pay_autos(current, now_m)
        self._apply_cap(current, config, elapsed, now_m)
        with self._fenced() as (db, paused_now):
            self._publish(db, current.ref.id, config, paused_now)
        live.tick({"round_id": current.ref.id, "multiplier": now_m, "elapsed_ms": int(elapsed)})
        return max(0.0, min(self.tick_s, (flight - elapsed) / 1000))

    def _pay_autos(self, current: Open, up_to: int) -> None:
        """Cash out every open bet whose target is at most ``up_to``, at its target, one transaction each."""
        with self._fenced() as (db, _):
            due = db.execute(sa.text(_DUE_AUTO), {"r": current.ref.id, "m": up_to}).all()
        for bet_id, target in due:
            with self._fenced() as (db, _):
                settle.cash_out(db, current.ref, int(bet_id), int(target))

    def _apply_cap(self, current: Open, config: CrashConfig, elapsed: float, now_m: int) -> None:
        ahead = chain.multiplier_at(elapsed + CAP_LOOKAHEAD_TICKS * self.tick_s * 1000, config.growth_per_ms)
        with self._fenced() as (db, _):
            paid = db.execute(sa.text("SELECT total_paid FROM crash_rounds WHERE id = :r"), {"r": current.ref.id})
            paid = int(paid.scalar_one())
            stakes = db.execute(sa.text(_OPEN_STAKES), {"r": current.ref.id}).all()
        exposure = sum(int(amount) * ahead // 100 for _, amount in stakes)
        if not stakes or paid + exposure < config.round_payout_cap:
            return
        logger.info("crash round payout cap: cashing out every open bet", extra={"round_id": current.ref.id})
        for bet_id, _ in stakes:
            with self._fenced() as (db, _):
                settle.cash_out(db, current.ref, int(bet_id), now_m)

    # --- publishing ----------------------------------------------------------------------------
    def _publish(
        self,
        db: Session,
        round_id: int | None,
        config: CrashConfig,
        paused: bool,
        *,
        force: bool = False,
        after_commit: bool = False,
    ) -> None:
        if round_id != self._chain_round:  # the chain changes only between rounds
            published = chains.published()
            self._chain = {"id": published.id, "terminating_hash": published.terminating_hash} if published else {}
            self._chain_round = round_id
        chain_info = self._chain
        if after_commit:
            db.commit()
        state = snapshot.build(db, round_id, config, paused=paused, chain=chain_info)
        key = (state["phase"], state["round_id"], state["paused"], tuple(map(str, state["bets"])))
        due = time.monotonic() - self._published_at >= SNAPSHOT_EVERY_S
        if force or due or key != self._published_key:
            live.write(state)
            self._published_at, self._published_key = time.monotonic(), key


class _Fenced:
    """``with _Fenced(epoch) as (db, paused)``: a transaction that starts with the fence."""

    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def __enter__(self) -> tuple[Session, bool]:
        self._scope = session_scope()
        db = self._scope.__enter__()
        try:
            paused = fence(db, self.epoch)
        except BaseException as exc:
            self._scope.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return db, paused

    def __exit__(self, *exc: Any) -> bool | None:
        return self._scope.__exit__(*exc)


def leader_name() -> str:
    """This process, as the lease records it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run(stop: threading.Event, name: str | None = None) -> None:
    """Contend for the lease and run the loop while holding it, until ``stop`` is set."""
    name = name or leader_name()
    while not stop.is_set():
        try:
            lease = try_acquire(name)
        except Exception:
            logger.exception("crash loop: could not contend for the lease")
            lease = None
        if lease is None:
            stop.wait(CONTEND_EVERY_S)
            continue
        try:
            _lead(Loop(lease), stop)
        except LostLease as exc:
            logger.warning("crash loop lease lost", extra={"reason": str(exc)})
        except Exception:
            logger.exception("crash loop failed; stepping down")
            stop.wait(CONTEND_EVERY_S)
        finally:
            lease.release()


def _lead(loop: Loop, stop: threading.Event) -> None:
    with _Fenced(loop.lease.epoch) as (db, _):  # the chain (and its terminating hash) exists before any round
        row = chains.ensure_active(db)
        chains.round_hash(row, 1)  # its checkpoints, computed once now rather than inside a round's step
    beat = 0.0
    while not stop.is_set():
        if time.monotonic() - beat >= HEARTBEAT_EVERY_S:
            loop.lease.heartbeat()
            beat = time.monotonic()
        wait = loop.step()
        if wait > 0:
            stop.wait(wait)
